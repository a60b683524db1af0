"""An approval covers what was approved (ISO/IEC 42001 A.6.2.5, 5.3): when someone who may not approve changes
an approved system, the approval is withdrawn; restricted and retired systems are changed only by approvers."""

from forty2.tenancy.models import Role


def _system(owner_api, contributor_email, status):
    body = {"name": "Triage", "purpose": "p", "technical_owner": contributor_email, "status": status}
    return owner_api.post("/orgs/acme/ai-systems", body).json_body


def test_contributor_change_withdraws_the_approval(owner_api, api_as):
    contributor = api_as(Role.CONTRIBUTOR)
    system = _system(owner_api, "contributor@acme.example", "approved")
    assert system["approved_by"] == "owner@acme.example"
    r = contributor.patch(f"/orgs/acme/ai-systems/{system['id']}", {"version": system["version"],
                                                                     "purpose": "Something else now"})
    assert r.status_code == 200
    assert r.json_body["status"] == "under_review"
    assert r.json_body["approved_by"] is None
    events = owner_api.get(f"/orgs/acme/audit-events?object_id={system['id']}&action=ai_system.update").json_body
    assert events["items"][0]["changes"]["status"] == ["approved", "under_review"]


def test_manager_change_keeps_the_approval(owner_api, api_as):
    manager = api_as(Role.AIMS_MANAGER)
    system = _system(owner_api, None, "approved")
    r = manager.patch(f"/orgs/acme/ai-systems/{system['id']}", {"version": system["version"], "purpose": "Refined"})
    assert r.json_body["status"] == "approved"


def test_contributor_cannot_touch_a_retired_system(owner_api, api_as):
    contributor = api_as(Role.CONTRIBUTOR)
    system = _system(owner_api, "contributor@acme.example", "retired")
    r = contributor.patch(f"/orgs/acme/ai-systems/{system['id']}", {"version": system["version"],
                                                                     "status": "under_review"})
    assert r.status_code == 403
    assert owner_api.get(f"/orgs/acme/ai-systems/{system['id']}").json_body["status"] == "retired"
