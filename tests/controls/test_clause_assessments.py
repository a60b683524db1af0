"""The gap assessment of the 32 clauses (9.1): status, notes, owner, documented information and checks against
what Forty2 holds."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_32_clauses_with_required_documented_information(owner_api):
    r = owner_api.get("/orgs/acme/clause-assessments").json_body
    assert r["count"] == 32
    by_ref = {c["ref"]: c for c in r["items"]}
    assert by_ref["6.1.3"]["documented_information"][1] == "Statement of Applicability"
    check = next(c for c in by_ref["6.1.3"]["checks"] if c["code"] == "approved_soa")
    assert check["managed"] is True and check["ok"] is False
    assert {c["code"] for c in by_ref["4.1"]["checks"]} == {"context_issues", "climate_change", "ai_roles"}
    assert by_ref["4.1"]["checks"][0]["gap"].startswith("Missing: internal and external issues")


def test_an_ai_system_alone_no_longer_passes_4_1(owner_api):
    owner_api.post("/orgs/acme/ai-systems", {"name": "Sepsis EWS", "purpose": "Early warning."})
    c = owner_api.get("/orgs/acme/clause-assessments/4.1").json_body
    assert not any(check["ok"] for check in c["checks"])


def test_assessing_a_clause_sets_status_note_and_owner(owner_api):
    email = owner_api.membership.user.email
    r = owner_api.patch("/orgs/acme/clause-assessments/5.2", {"status": "partial", "note": "Draft policy.",
                                                              "owner": email, "version": 1})
    assert r.status_code == 200, r.json_body
    assert (r.json_body["declared_status"], r.json_body["note"], r.json_body["owner"]) == ("partial", "Draft policy.",
                                                                                          email)
    # no approved AI policy behind the declaration: a conflict, which does not count as (partly) conforming
    assert r.json_body["conflict"] is True and r.json_body["effective_status"] == "not_conforming"
    assert r.json_body["status"] == "partial"
    assert r.json_body["version"] == 2
    assert owner_api.patch("/orgs/acme/clause-assessments/5.2", {"status": "conforming", "version": 1}
                           ).status_code == 409


def test_bad_input_names_the_field(owner_api):
    r = owner_api.patch("/orgs/acme/clause-assessments/5.2", {"status": "great", "version": 1})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "status"
    r = owner_api.patch("/orgs/acme/clause-assessments/5.2", {"owner": "nobody@else.example", "version": 1})
    assert r.status_code == 422 and "not a member" in r.json_body["detail"][0]["msg"]
    assert owner_api.patch("/orgs/acme/clause-assessments/A.2.2", {"status": "partial", "version": 1}
                           ).status_code == 404


def test_the_clause_pages(owner_api, client):
    client.force_login(owner_api.membership.user)
    html = client.get("/o/acme/controls/clauses/").content.decode()
    assert "6.1.3" in html and "Statement of Applicability" in html
    assert "Missing: an approved AI policy" in html and 'data-fix="ai_policy"' in html
    r = client.post("/o/acme/controls/clauses/9.3.3/", {"status": "not_conforming", "note": "No review yet",
                                                         "owner": "", "version": "1"})
    assert r.status_code == 302
    assert "No review yet" in client.get("/o/acme/controls/clauses/9.3.3/").content.decode()
