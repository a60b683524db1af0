"""Readiness lists concrete blockers, each with where it is fixed, and drops each as it is fixed."""

import datetime as dt
import io

import pytest
from django.test import Client

from .conftest import decide_all

pytestmark = pytest.mark.django_db


def codes(api):
    return [b["code"] for b in api.get("/orgs/acme/readiness").json_body["blockers"]]


def test_readiness_has_the_documented_shape(owner_api):
    r = owner_api.get("/orgs/acme/readiness").json_body
    assert set(r) == {"score", "groups", "blockers", "stage1"} and r["score"] == 0
    refs = [g["ref"] for g in r["groups"]]
    assert refs[:7] == ["4", "5", "6", "7", "8", "9", "10"] and "A.2" in refs and "A.10" in refs
    assert all({"code", "message", "ref", "fix_url"} <= set(b) for b in r["blockers"])
    assert {"soa_undecided", "soa_not_approved", "missing_record"} <= set(codes(owner_api))


def test_blockers_drop_as_they_are_fixed(owner_api):
    decide_all(owner_api)
    assert "soa_undecided" not in codes(owner_api)
    owner_api.post("/orgs/acme/soa/versions", {})
    assert "soa_not_approved" not in codes(owner_api)
    blockers = owner_api.get("/orgs/acme/readiness").json_body["blockers"]
    assert not any(b["ref"] == "6.1.3" and "Statement of Applicability" in b["message"] for b in blockers)
    # 4.3 needs an approved scope statement, a controlled document Forty2 manages: linked evidence is no substitute
    scope = next(b for b in blockers if b["ref"] == "4.3")
    assert "approved AIMS scope statement" in scope["message"]
    # a record kind Forty2 does not hold: linked, valid evidence makes the check need review by a person, and the
    # blocker stays (evidence never makes a clause pass, #19)
    from forty2.controls import checks

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(checks.CHECKS, "9.3.3", [checks.Check("minutes", "Management review minutes")])
        review = next(b for b in owner_api.get("/orgs/acme/readiness").json_body["blockers"] if b["ref"] == "9.3.3")
        assert "does not manage this kind of record yet" in review["message"]
        assert review["fix_url"].endswith("/clauses/9.3.3/")
        clause = next(c for c in owner_api.get("/orgs/acme/clause-assessments").json_body["items"]
                      if c["ref"] == "9.3.3")
        r = Client().post("/api/v1/orgs/acme/evidence", {"title": "Management review minutes",
                                                         "url": "https://wiki.example/review",
                                                         "record_type": "clause_assessment",
                                                         "object_id": _assessment_id("9.3.3")},
                          headers=owner_api.headers)
        assert r.status_code == 201, r.content
        blockers = owner_api.get("/orgs/acme/readiness").json_body["blockers"]
        review = next(b for b in blockers if b["ref"] == "9.3.3")
        assert "Needs review by a person" in review["message"] and any(b["ref"] == "4.3" for b in blockers)
    assert clause["documented_information"]


def _assessment_id(ref):
    from forty2.controls.models import ClauseAssessment

    return ClauseAssessment.objects.get(organization__slug="acme", requirement__ref=ref,
                                        requirement__framework__slug="iso-iec-42001-2023").pk


def test_expired_evidence_is_a_blocker_until_renewed(owner_api):
    owner_api.get("/orgs/acme/soa")
    entry = owner_api.get("/orgs/acme/soa/A.6.2.4").json_body
    f = io.BytesIO(b"validation results")
    f.name = "validation.txt"
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    r = Client().post("/api/v1/orgs/acme/evidence", {"title": "Validation report", "valid_until": yesterday,
                                                     "record_type": "soa_entry", "object_id": entry["id"], "file": f},
                      headers=owner_api.headers)
    assert r.status_code == 201, r.content
    assert "expired_evidence" in codes(owner_api)
    ev = r.json()
    owner_api.patch(f"/orgs/acme/evidence/{ev['id']}", {"valid_until": "2099-01-01", "version": ev["version"]})
    assert "expired_evidence" not in codes(owner_api)


def test_scores_count_implemented_and_justified_exclusions(owner_api):
    decide_all(owner_api)
    groups = {g["ref"]: g["score"] for g in owner_api.get("/orgs/acme/readiness").json_body["groups"]}
    assert groups["A.2"] == 100 and groups["4"] == 0
    owner_api.patch("/orgs/acme/clause-assessments/4.1", {"status": "conforming", "version": 1})
    owner_api.patch("/orgs/acme/clause-assessments/4.2", {"status": "partial", "version": 1})
    groups = {g["ref"]: g["score"] for g in owner_api.get("/orgs/acme/readiness").json_body["groups"]}
    assert groups["4"] == 0  # declared with nothing behind: conflicts, which do not count (#19)


def test_the_dashboard_and_portfolio_show_readiness(owner_api, client, member, globex):
    from forty2.tenancy import services as tenancy

    client.force_login(owner_api.membership.user)
    html = client.get("/o/acme/").content.decode()
    assert "Certification readiness" in html and "blockers to certification" in html
    tenancy.add_member(globex, email=owner_api.membership.user.email, role="owner")
    html = client.get("/").content.decode()
    assert "Readiness" in html and "0%" in html
