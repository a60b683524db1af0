"""An external (certification) auditor cannot be named owner of a system they audit (ISO/IEC 42001 9.2)."""

from forty2.tenancy.models import Role


def test_external_auditor_cannot_be_an_owner(owner_api, member):
    member(Role.EXTERNAL_AUDITOR)
    r = owner_api.post("/orgs/acme/ai-systems", {"name": "X", "purpose": "p",
                                                 "business_owner": "external_auditor@acme.example"})
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"] == ["body", "business_owner"]
    assert "independence" in r.json_body["detail"][0]["msg"]
