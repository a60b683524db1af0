"""The training collections of the API (/api/v1/orgs/{org}/trainings, training-sessions, training-records): the
rules answer 422 naming the field, and another organisation sees nothing."""

import pytest

from forty2.tenancy.models import Role

from .world import World, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(member):
    return World(member)


def test_courses_through_the_api(w, api_as):
    api = api_as(Role.AIMS_MANAGER, email="api.manager@acme.example")
    r = api.post("/orgs/acme/trainings", {"title": "Sepsis score", "literacy_level": "practitioner",
                                          "validity_months": 12, "ai_systems": [w.triage.pk]})
    assert r.status_code == 201, r.json_body
    assert r.json_body["literacy_level"] == "practitioner"
    assert api.post("/orgs/acme/trainings", {"title": "sepsis SCORE"}).status_code == 422  # unique title
    bad = api.post("/orgs/acme/trainings", {"title": "X", "literacy_level": "guru"})
    assert bad.status_code == 422 and bad.json_body["detail"][0]["loc"][-1] == "literacy_level"
    listing = api.get("/orgs/acme/trainings?literacy_level=practitioner").json_body
    assert {i["title"] for i in listing["items"]} == {"Sepsis score", "Human oversight", "Triage tool"}


def test_records_read_and_filter(w, api_as):
    api = api_as(Role.VIEWER)
    passed = w.record(w.ann, w.basics, days(-3))
    w.record(w.olu, w.basics, days(-3), result="failed")
    r = api.get(f"/orgs/acme/training-records/{passed.pk}")
    assert r.status_code == 200 and r.json_body["expires_on"] == passed.expires_on.isoformat()
    assert api.get("/orgs/acme/training-records?result=failed").json_body["count"] == 1
    body = {"person": w.olu.pk, "course": w.basics.pk, "completed_on": days(-1).isoformat(), "result": "passed"}
    assert api.post("/orgs/acme/training-records", body).status_code == 403  # a viewer


def test_records_through_the_api_with_their_rules(w, api_as, member, globex):
    api = api_as(Role.AIMS_MANAGER, email="api.manager@acme.example")
    body = {"person": w.olu.pk, "course": w.oversight.pk, "completed_on": days(-1).isoformat(), "result": "passed"}
    r = api.post("/orgs/acme/training-records", body)
    assert r.status_code == 201, r.json_body
    assert r.json_body["person"] == w.olu.pk and r.json_body["expires_on"] is not None
    bad = api.post("/orgs/acme/training-records", {**body, "expires_on": days(-30).isoformat()})
    assert bad.status_code == 422 and bad.json_body["detail"][0]["loc"][-1] == "expires_on"
    session = w.session("Basics – June", w.basics, days(-1))
    bad = api.post("/orgs/acme/training-records", {**body, "session": session.pk})
    assert bad.status_code == 422 and bad.json_body["detail"][0]["loc"][-1] == "session"
    # a person of another organisation is not found
    from forty2.people.models import Person
    stranger = Person.objects.create(organization=globex, name="Stranger")
    bad = api.post("/orgs/acme/training-records", {**body, "person": stranger.pk})
    assert bad.status_code == 422 and bad.json_body["detail"][0]["loc"][-1] == "person"
    assert api.get(f"/orgs/acme/training-records?person={w.olu.pk}").json_body["count"] == 1
    assert api.get(f"/orgs/acme/training-records?person={w.ann.pk}").json_body["count"] == 0


def test_another_organisation_sees_nothing(w, api_as, globex):
    record = w.record(w.ann, w.basics, days(-3))
    session = w.session("Basics – May", w.basics, days(-3))
    foreign = api_as(Role.OWNER, org=globex)
    for path in (f"training-records/{record.pk}", f"trainings/{w.basics.pk}", f"training-sessions/{session.pk}"):
        assert foreign.get(f"/orgs/acme/{path}").status_code == 404, path
        assert foreign.get(f"/orgs/globex/{path}").status_code == 404, path
    for path in ("training-records", "trainings", "training-sessions"):
        assert foreign.get(f"/orgs/globex/{path}").json_body["count"] == 0
    patch = foreign.patch(f"/orgs/globex/training-records/{record.pk}", {"version": 1, "notes": "x"})
    assert patch.status_code == 404
