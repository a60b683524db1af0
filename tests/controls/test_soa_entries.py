"""The SoA lists every Annex A control (6.1.3 f); excluding one needs a justification (6.1.3 f)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_soa_lists_all_38_annex_a_controls_undecided(owner_api):
    r = owner_api.get("/orgs/acme/soa")
    assert r.status_code == 200
    items = r.json_body["items"]
    assert len(items) == 38 and r.json_body["count"] == 38
    assert items[0]["ref"] == "A.2.2" and items[-1]["ref"] == "A.10.4"
    assert all(e["applicable"] is None for e in items)
    assert {"ref", "title", "applicable", "justification", "status", "version"} <= set(items[0])
    assert r.json_body["soa"]["approved_version"] is None


def test_excluding_a_control_without_a_justification_is_refused(owner_api):
    r = owner_api.patch("/orgs/acme/soa/A.10.4", {"applicable": False, "version": 1})
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"] == ["body", "justification"]
    assert "justification" in r.json_body["detail"][0]["msg"]
    assert owner_api.get("/orgs/acme/soa/A.10.4").json_body["applicable"] is None


def test_excluding_with_a_justification_is_saved_and_audited(owner_api):
    r = owner_api.patch("/orgs/acme/soa/A.10.4", {"applicable": False, "justification": "We have no customers "
                                                  "of our AI systems.", "version": 1})
    assert r.status_code == 200, r.json_body
    assert r.json_body["applicable"] is False and r.json_body["version"] == 2
    events = owner_api.get("/orgs/acme/audit-events?object_type=soaentry").json_body
    assert events is None or "items" in events


def test_an_annex_a_number_cannot_be_changed(owner_api):
    r = owner_api.patch("/orgs/acme/soa/A.2.2", {"ref": "X-1", "version": 1})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "ref"]


def test_own_controls_join_the_soa(owner_api):
    r = owner_api.post("/orgs/acme/soa", {"ref": "OC-1", "title": "Clinical safety case", "applicable": True,
                                          "status": "planned"})
    assert r.status_code == 201, r.json_body
    assert r.json_body["own"] is True
    assert owner_api.get("/orgs/acme/soa").json_body["count"] == 39
    r = owner_api.post("/orgs/acme/soa", {"ref": "A.99", "title": "Fake"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "ref"]


def test_unknown_fields_and_stale_versions(owner_api):
    assert owner_api.patch("/orgs/acme/soa/A.2.2", {"colour": "red", "version": 1}).status_code == 422
    assert owner_api.patch("/orgs/acme/soa/A.2.2", {"applicable": True, "version": 1}).status_code == 200
    assert owner_api.patch("/orgs/acme/soa/A.2.2", {"applicable": False, "justification": "x",
                                                    "version": 1}).status_code == 409


def test_a_viewer_cannot_change_the_soa(api_as):
    viewer = api_as("viewer")
    assert viewer.get("/orgs/acme/soa").status_code == 200
    assert viewer.patch("/orgs/acme/soa/A.2.2", {"applicable": True, "version": 1}).status_code == 403


def test_another_organisations_soa_is_not_found(owner_api, globex):
    assert owner_api.get("/orgs/globex/soa").status_code == 404
