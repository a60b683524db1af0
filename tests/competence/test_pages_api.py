"""The competence pages and API: the gap view, the role summary, the kit's lists, the gap API's paging and
filters, and organisation isolation."""

import pytest
from django.test import Client

from forty2.competence.models import CompetenceAction
from forty2.tenancy.models import Role

from .conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    ann = world.person("Ann", world.operator)
    bob = world.person("Bob", world.operator, world.auditor)
    world.train(bob)
    CompetenceAction.objects.create(organization=world.org, person=bob, requirement=world.audit_skill,
                                    owner=world.manager.user, due_date=days(-3))
    return ann, bob


def _client(membership):
    c = Client()
    c.force_login(membership.user)
    return c


def test_gap_view_by_person(world, people, member):
    ann, bob = people
    c = _client(member(Role.VIEWER, email="viewer@acme.example"))
    html = c.get("/o/acme/competence/").content.decode()
    assert "Ann" in html and "Bob" in html and "AI literacy for operators" in html
    assert "Overdue" in html  # Bob's action on the auditing qualification
    assert "Plan an action" not in html  # a viewer plans nothing
    html = _client(world.manager).get("/o/acme/competence/?only_gaps=1").content.decode()
    assert f"?person={ann.pk}&amp;requirement={world.literacy.pk}" in html
    html = _client(world.manager).get(f"/o/acme/competence/?role={world.auditor.pk}").content.decode()
    assert "Ann" not in html and "Bob" in html
    for path in ("roles/", "requirements/", "competence-evidence/", "competence-actions/", "?page=99",
                 "?role=x&department=999"):
        assert c.get(f"/o/acme/competence/{path}").status_code == 200, path


def test_role_summary_page(world, people):
    html = _client(world.manager).get("/o/acme/competence/roles/").content.decode()
    assert "AI operator" in html and "1 of 2" in html and "7.2" in html and "A.4.6" in html


def test_plan_an_action_form_is_prefilled(world, people):
    ann, _bob = people
    url = f"/o/acme/competence/competence-actions/new?person={ann.pk}&requirement={world.literacy.pk}"
    html = _client(world.manager).get(url).content.decode()
    assert f'<option value="{ann.pk}" selected>' in html.replace("selected=\"selected\"", "selected")


def test_gap_api(world, people, api_as):
    ann, bob = people
    api = api_as(Role.VIEWER, email="v2@acme.example")
    r = api.get("/orgs/acme/competence-gaps")
    assert r.status_code == 200 and r.json_body["count"] == 2
    by_name = {p["name"]: p for p in r.json_body["items"]}
    assert by_name["Ann"]["gaps"] == 1 and by_name["Ann"]["unplanned"] == 1
    bob_lines = {line["title"]: line for line in by_name["Bob"]["requirements"]}
    assert bob_lines["AI literacy for operators"]["met_by"] == "training"
    action = bob_lines["Auditing to ISO/IEC 42001"]["action"]
    assert action["overdue"] and action["owner"] == world.manager.user.email
    assert api.get("/orgs/acme/competence-gaps?only_gaps=true&unplanned=true").json_body["count"] == 1
    assert api.get(f"/orgs/acme/competence-gaps?role={world.auditor.pk}").json_body["count"] == 1
    r = api.get("/orgs/acme/competence-gaps?limit=1&offset=1")
    assert [p["name"] for p in r.json_body["items"]] == ["Bob"] and r.json_body["count"] == 2
    assert api.get("/orgs/acme/competence-gaps?role=abc").status_code == 422


def test_gap_api_is_isolated_between_organisations(world, people, globex, api_as):
    foreign = api_as(Role.OWNER, org=globex, email="owner@globex.example")
    assert foreign.get("/orgs/acme/competence-gaps").status_code in (403, 404)
    r = foreign.get("/orgs/globex/competence-gaps")
    assert r.status_code == 200 and r.json_body["count"] == 0
    r = foreign.get(f"/orgs/globex/competence-gaps?person={people[0].pk}")
    assert r.json_body["count"] == 0
    for path in ("competences", "competence-evidence", "competence-actions"):
        assert foreign.get(f"/orgs/globex/{path}").json_body["count"] == 0, path
        assert foreign.get(f"/orgs/acme/{path}").status_code in (403, 404), path


def test_records_through_the_api_with_their_rules(world, people, api_as):
    ann, _bob = people
    api = api_as(Role.AIMS_MANAGER, email="m2@acme.example")
    r = api.post("/orgs/acme/competences", {"title": "Reading the model card", "role": world.operator.pk,
                                             "kind": "skill", "satisfied_by": [world.course.pk]})
    assert r.status_code == 201, r.json_body
    assert r.json_body["role"] == world.operator.pk
    assert api.post("/orgs/acme/competences", {"title": "No role"}).status_code == 422
    r = api.post("/orgs/acme/competence-evidence", {"title": "Certificate", "person": ann.pk,
                                                     "requirement": world.literacy.pk, "obtained_on": "2026-01-10",
                                                     "expires_on": "2025-01-01"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "expires_on"
    r = api.post("/orgs/acme/competence-actions", {"person": ann.pk, "requirement": world.literacy.pk,
                                                    "kind": "training", "status": "planned"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "due_date"
    r = api.post("/orgs/acme/competence-actions", {"person": ann.pk, "requirement": world.literacy.pk,
                                                    "kind": "training", "due_date": str(days(7))})
    assert r.status_code == 201, r.json_body
    action = r.json_body
    r = api.patch(f"/orgs/acme/competence-actions/{action['id']}", {"status": "done", "version": action["version"]})
    assert r.status_code == 422
    assert {e["loc"][-1] for e in r.json_body["detail"]} == {"effective", "effectiveness_note", "evaluated_on"}
    r = api.patch(f"/orgs/acme/competence-actions/{action['id']}", {
        "status": "done", "effective": True, "effectiveness_note": "Passed the observed assessment.",
        "evaluated_on": str(days(0)), "version": action["version"]})
    assert r.status_code == 200, r.json_body
    gap_api = api.get(f"/orgs/acme/competence-gaps?person={ann.pk}").json_body
    assert gap_api["items"][0]["requirements"][0]["action"] is None  # done: no longer open


def test_cross_org_references_are_refused(world, people, globex, api_as):
    from forty2.people.models import Person

    stranger = Person.objects.create(organization=globex, name="Stranger")
    api = api_as(Role.AIMS_MANAGER, email="m3@acme.example")
    r = api.post("/orgs/acme/competence-evidence", {"title": "x", "person": stranger.pk})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "person"
