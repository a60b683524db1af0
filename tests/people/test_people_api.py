"""The people collections of the API (ISO/IEC 42001 5.3): people, departments, roles and role assignments through the
records kit, with references checked to be the organisation's own; another organisation's records are out of
reach."""

import pytest

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role

from .conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api_as):
    return api_as(Role.AIMS_MANAGER)


def test_create_a_person_with_a_department_give_them_a_role_and_read_it_back(api):
    dept = api.post("/orgs/acme/departments", {"name": "Radiology"})
    assert dept.status_code == 201, dept.json_body
    person = api.post("/orgs/acme/people", {"name": "Nadia Hussain", "email": "nadia@acme.example",
                                            "department": dept.json_body["id"], "start_date": days(-100)})
    assert person.status_code == 201, person.json_body
    assert person.json_body["department"] == dept.json_body["id"]
    system = api.post("/orgs/acme/ai-systems", {"name": "Chest CT triage", "purpose": "Orders the worklist."})
    role = api.post("/orgs/acme/roles", {"name": "AI system owner", "kind": "ai_system_owner",
                                         "responsibilities": "Answers for the system.",
                                         "authorities": "May suspend it."}).json_body
    assigned = api.post("/orgs/acme/role-assignments", {"role": role["id"], "person": person.json_body["id"],
                                                        "ai_system": system.json_body["id"]})
    assert assigned.status_code == 201, assigned.json_body
    listed = api.get(f"/orgs/acme/role-assignments?person={person.json_body['id']}")
    assert listed.status_code == 200, listed.json_body
    listed = listed.json_body
    assert listed["count"] == 1 and listed["items"][0]["ai_system"] == system.json_body["id"]
    missing = api.post("/orgs/acme/role-assignments", {"role": role["id"], "person": person.json_body["id"]})
    assert missing.status_code == 422 and missing.json_body["detail"][0]["loc"][-1] == "ai_system"
    people = api.get("/orgs/acme/people?q=nadia").json_body
    assert people["count"] == 1 and people["items"][0]["email"] == "nadia@acme.example"
    patch = api.patch(f"/orgs/acme/people/{person.json_body['id']}", {"version": 1, "end_date": days(-200)})
    assert patch.status_code == 422 and patch.json_body["detail"][0]["loc"][-1] == "end_date"
    history = api.get(f"/orgs/acme/people/{person.json_body['id']}/history").json_body
    assert [e["action"] for e in history["items"]] == ["person.create"]


def test_a_stale_patch_of_a_person_is_409(api):
    person = api.post("/orgs/acme/people", {"name": "Ana"}).json_body
    assert api.patch(f"/orgs/acme/people/{person['id']}", {"version": 1, "job_title": "Nurse"}).status_code == 200
    assert api.patch(f"/orgs/acme/people/{person['id']}", {"version": 1, "job_title": "Doctor"}).status_code == 409


def test_another_organisations_records_are_out_of_reach(api, api_as, globex):
    theirs = api_as(Role.OWNER, org=globex)
    their_dept = theirs.post("/orgs/globex/departments", {"name": "Fleet"}).json_body
    their_person = theirs.post("/orgs/globex/people", {"name": "Jan"}).json_body
    assert api.get(f"/orgs/acme/people/{their_person['id']}").status_code == 404
    assert api.get("/orgs/globex/people").status_code == 404
    refused = api.post("/orgs/acme/people", {"name": "Ana", "department": their_dept["id"]})
    assert refused.status_code == 422 and refused.json_body["detail"][0]["loc"][-1] == "department"
    role = api.post("/orgs/acme/roles", {"name": "AIMS manager", "kind": "aims_manager"}).json_body
    refused = api.post("/orgs/acme/role-assignments", {"role": role["id"], "person": their_person["id"]})
    assert refused.status_code == 422 and refused.json_body["detail"][0]["loc"][-1] == "person"
    assert api.get("/orgs/acme/people").json_body["count"] == 0
    assert not AuditEvent.objects.filter(organization__slug="acme", action="person.create").exists()


def test_a_viewer_reads_but_does_not_write(api_as):
    viewer = api_as(Role.VIEWER)
    assert viewer.get("/orgs/acme/people").status_code == 200
    assert viewer.post("/orgs/acme/people", {"name": "Ana"}).status_code == 403
