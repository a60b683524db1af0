"""SoA approval rules (ISO/IEC 42001 6.1.3 f): inclusion and exclusion both need a justification; an SoA
excluding every Annex A control cannot be approved; ISO/IEC 27001 suggestions still pending block approval."""

import pytest

from forty2.controls.models import SoAEntry

from .conftest import decide_all

pytestmark = pytest.mark.django_db


def _types(r):
    return {d["type"]: d["msg"] for d in r.json_body["detail"]}


def test_an_included_control_without_a_justification_blocks_approval(owner_api):
    decide_all(owner_api)
    e = owner_api.get("/orgs/acme/soa/A.5.4").json_body
    r = owner_api.patch("/orgs/acme/soa/A.5.4", {"justification": "", "version": e["version"]})
    assert r.status_code == 200, r.json_body
    r = owner_api.post("/orgs/acme/soa/versions", {"note": "first"})
    assert r.status_code == 422
    assert "A.5.4" in _types(r)["missing_justification"]
    assert owner_api.get("/orgs/acme/soa/versions").json_body["count"] == 0
    e = owner_api.get("/orgs/acme/soa/A.5.4").json_body
    owner_api.patch("/orgs/acme/soa/A.5.4", {"justification": "Impact assessments for our triage system.",
                                             "version": e["version"]})
    assert owner_api.post("/orgs/acme/soa/versions", {"note": "first"}).status_code == 201


def test_an_soa_excluding_every_annex_a_control_cannot_be_approved(owner_api):
    decide_all(owner_api, applicable=False, status="not_started")
    r = owner_api.post("/orgs/acme/soa/versions", {"note": "all out"})
    assert r.status_code == 422
    assert "nothing to certify" in _types(r)["all_excluded"]
    e = owner_api.get("/orgs/acme/soa/A.2.2").json_body
    owner_api.patch("/orgs/acme/soa/A.2.2", {"applicable": True, "justification": "Our AI policy.",
                                             "version": e["version"]})
    assert owner_api.post("/orgs/acme/soa/versions", {"note": "one in"}).status_code == 201


def test_pending_27001_suggestions_block_approval_until_answered(owner_api):
    decide_all(owner_api)
    SoAEntry.objects.filter(ref="A.6.1.3").update(
        suggestion_state="pending", suggestion={"applicable": False, "justification": "No development.",
                                                "sources": ["ISO/IEC 27001:2022 A.8.25"]})
    r = owner_api.post("/orgs/acme/soa/versions", {"note": "first"})
    assert r.status_code == 422
    assert "A.6.1.3" in _types(r)["pending_suggestions"]
    r = owner_api.post("/orgs/acme/soa/A.6.1.3/suggestion", {"action": "reject", "note": "We do build models"})
    assert r.status_code == 200, r.json_body
    assert owner_api.post("/orgs/acme/soa/versions", {"note": "first"}).status_code == 201


def test_one_justification_shared_by_five_entries_or_more_is_a_warning_not_a_blocker(owner_api, client):
    r = owner_api.get("/orgs/acme/soa?limit=100")
    assert r.json_body["soa"]["shared_justifications"] == []
    decide_all(owner_api)  # one sentence for all 38
    shared = owner_api.get("/orgs/acme/soa?limit=100").json_body["soa"]["shared_justifications"]
    assert len(shared) == 1 and len(shared[0]["refs"]) == 38
    assert shared[0]["justification"] == "Needed for our AI risks."
    client.force_login(owner_api.membership.user)
    page = client.get("/o/acme/controls/").content.decode()
    assert "38 controls share one justification" in page
    assert owner_api.post("/orgs/acme/soa/versions", {"note": "first"}).status_code == 201
