"""One piece of evidence supports many controls and clauses, linked and unlinked from their pages; expired
evidence is renewed on its page and the readiness blocker goes away; a request is answered with evidence."""

import datetime as dt

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(owner_api, client):
    client.force_login(owner_api.membership.user)
    client.api = owner_api
    return client


def _evidence(api, **fields):
    r = Client().post("/api/v1/orgs/acme/evidence", {"title": "Risk register export", "url": "https://x.example/r",
                                                     **fields}, headers=api.headers)
    assert r.status_code == 201, r.content
    return r.json()


def test_link_existing_evidence_to_a_control_and_a_clause_then_unlink(web):
    ev = _evidence(web.api)
    entry = web.api.get("/orgs/acme/soa/A.5.2").json_body
    assert "Risk register export" in web.get("/o/acme/controls/A.5.2/").content.decode()  # offered
    r = web.post("/o/acme/evidence/link", {"record_type": "soa_entry", "object_id": entry["id"],
                                           "evidence_id": ev["id"]})
    assert r.status_code == 302 and r["Location"].endswith("/controls/A.5.2/")
    from forty2.controls.clauses import ensure_assessments
    from forty2.controls.models import ClauseAssessment

    ensure_assessments(web.api.membership.organization)
    ca = ClauseAssessment.objects.get(organization__slug="acme", requirement__ref="6.1.2",
                                      requirement__framework__slug="iso-iec-42001-2023")
    web.post("/o/acme/evidence/link", {"record_type": "clause_assessment", "object_id": ca.pk,
                                       "evidence_id": ev["id"]})
    links = web.api.get(f"/orgs/acme/evidence/{ev['id']}").json_body["links"]
    assert {(x["record_type"], x["object_id"]) for x in links} == {("soa_entry", entry["id"]),
                                                                  ("clause_assessment", ca.pk)}
    web.post("/o/acme/evidence/link", {"action": "unlink", "record_type": "soa_entry", "object_id": entry["id"],
                                       "evidence_id": ev["id"]})
    assert len(web.api.get(f"/orgs/acme/evidence/{ev['id']}").json_body["links"]) == 1


def test_renewing_expired_evidence_on_its_page_clears_the_blocker(web):
    entry = web.api.get("/orgs/acme/soa/A.10.3").json_body
    ev = _evidence(web.api, valid_until="2024-01-01", record_type="soa_entry", object_id=entry["id"])
    blockers = web.api.get("/orgs/acme/readiness").json_body["blockers"]
    fix = next(b["fix_url"] for b in blockers if b["code"] == "expired_evidence")
    html = web.get(fix).content.decode()
    assert "expired on" in html and "Edit details and validity" in html
    next_year = (dt.date.today() + dt.timedelta(days=365)).isoformat()
    r = web.post(fix, {"save": "1", "version": ev["version"], "title": ev["title"], "description": "",
                       "url": ev["url"], "owner": "", "effective_date": "", "valid_until": next_year})
    assert r.status_code == 302
    codes = [b["code"] for b in web.api.get("/orgs/acme/readiness").json_body["blockers"]]
    assert "expired_evidence" not in codes


def test_the_person_asked_answers_a_request(web, member, client):
    contributor = member("contributor")
    due = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    req = web.api.post("/orgs/acme/evidence-requests", {"title": "Bias tests", "assignee": contributor.user.email,
                                                        "due_date": due}).json_body
    ev = _evidence(web.api, title="Bias test results Q3")
    c = Client()
    c.force_login(contributor.user)
    html = c.get("/o/acme/evidence/").content.decode()
    assert "Bias tests" in html and "Answer with" in html
    r = c.post(f"/o/acme/evidence/requests/{req['id']}/fulfil", {"evidence_id": ev["id"]})
    assert r.status_code == 302
    items = web.api.get("/orgs/acme/evidence-requests").json_body["items"]
    assert items[0]["status"] == "fulfilled" and items[0]["evidence_id"] == ev["id"]
