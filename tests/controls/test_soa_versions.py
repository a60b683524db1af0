"""Approving the SoA freezes a version (6.1.3 f, 7.5.2); later edits show as differences; an undecided entry
blocks approval."""

import pytest

from .conftest import decide_all

pytestmark = pytest.mark.django_db


def test_a_version_with_an_undecided_entry_cannot_be_approved(owner_api):
    r = owner_api.post("/orgs/acme/soa/versions", {"note": "first"})
    assert r.status_code == 422
    assert r.json_body["detail"][0]["type"] == "undecided"
    assert "not decided" in r.json_body["detail"][0]["msg"]
    assert owner_api.get("/orgs/acme/soa/versions").json_body["count"] == 0


def test_approving_freezes_a_version_and_a_later_edit_shows_as_a_difference(owner_api):
    decide_all(owner_api)
    r = owner_api.post("/orgs/acme/soa/versions", {"note": "Board approval"})
    assert r.status_code == 201, r.json_body
    assert r.json_body["number"] == 1 and len(r.json_body["entries"]) == 38
    assert owner_api.get("/orgs/acme/soa").json_body["soa"]["approved_version"] == 1
    entry = owner_api.get("/orgs/acme/soa/A.10.4").json_body
    r = owner_api.patch("/orgs/acme/soa/A.10.4", {"applicable": False, "justification": "No customers.",
                                                  "version": entry["version"]})
    assert r.status_code == 200
    frozen = owner_api.get("/orgs/acme/soa/versions/1").json_body["entries"]
    assert next(e for e in frozen if e["ref"] == "A.10.4")["applicable"] is True  # the version is frozen
    diff = owner_api.get("/orgs/acme/soa/versions/compare?a=1&b=current").json_body["differences"]
    assert [d["ref"] for d in diff] == ["A.10.4"]
    assert diff[0]["fields"]["applicable"] == [True, False]
    listing = owner_api.get("/orgs/acme/soa/versions").json_body
    assert [d["ref"] for d in listing["changes_since_approved"]] == ["A.10.4"]
    state = owner_api.get("/orgs/acme/soa").json_body["soa"]
    assert state["stale"] is True and state["changes_since_approved"] == 1
    r = owner_api.post("/orgs/acme/soa/versions", {})
    assert r.status_code == 201 and r.json_body["number"] == 2
    diff = owner_api.get("/orgs/acme/soa/versions/compare?a=1&b=2").json_body["differences"]
    assert [d["ref"] for d in diff] == ["A.10.4"]
    assert owner_api.get("/orgs/acme/soa").json_body["soa"]["stale"] is False


def test_approving_an_unchanged_soa_again_is_a_conflict(owner_api):
    decide_all(owner_api)
    assert owner_api.post("/orgs/acme/soa/versions", {}).status_code == 201
    assert owner_api.post("/orgs/acme/soa/versions", {}).status_code == 409


def test_only_approvers_approve(owner_api, api_as):
    decide_all(owner_api)
    contributor = api_as("contributor")
    assert contributor.post("/orgs/acme/soa/versions", {}).status_code == 403


def test_compare_names_an_unknown_version(owner_api):
    r = owner_api.get("/orgs/acme/soa/versions/compare?a=7&b=current")
    assert r.status_code == 422 and "No SoA version '7'" in r.json_body["detail"][0]["msg"]


def test_the_soa_page_offers_approval_and_shows_differences(owner_api, client):
    client.force_login(owner_api.membership.user)
    html = client.get("/o/acme/controls/").content.decode()
    assert "38 controls" in html and "Not approved yet" in html and "not decided yet" in html
    r = client.post("/o/acme/controls/approve", {"note": ""}, follow=True)
    assert "not decided yet" in r.content.decode()
    decide_all(owner_api)
    r = client.post("/o/acme/controls/approve", {"note": "ok"}, follow=True)
    assert "SoA version 1 approved" in r.content.decode()
    entry = owner_api.get("/orgs/acme/soa/A.5.2").json_body
    owner_api.patch("/orgs/acme/soa/A.5.2", {"status": "partial", "version": entry["version"]})
    assert "1 change since" in client.get("/o/acme/controls/").content.decode()
    html = client.get("/o/acme/controls/versions/?a=approved&b=current").content.decode()
    assert "1 difference" in html and "A.5.2" in html


def test_the_list_computes_the_same_snapshot_as_the_approval(owner_api):
    from forty2.controls import queries, services
    from forty2.inventory.services import create_ai_system

    org = owner_api.membership.organization
    system = create_ai_system(owner_api.membership, {"name": "Chatbot", "purpose": "Answers."})
    services.propose_applicable(owner_api.membership, "A.5.4", "ai_system", system.pk)
    rows = queries.attach(org, list(queries.entries(org)))
    assert services.frozen_from(rows) == services.frozen_entries(org)
