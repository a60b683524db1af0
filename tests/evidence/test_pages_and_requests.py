"""Evidence pages and evidence requests (7.5): upload on the page, expiry shown, requests visible to the owner."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(owner_api, client):
    client.force_login(owner_api.membership.user)
    client.api = owner_api
    return client


def test_upload_on_the_page_links_it_to_the_control(web):
    entry = web.api.get("/orgs/acme/soa/A.7.2").json_body
    r = web.post("/o/acme/evidence/new", {
        "title": "Data management procedure", "description": "", "url": "", "owner": "", "effective_date": "",
        "valid_until": "", "record_type": "soa_entry", "object_id": str(entry["id"]),
        "file": SimpleUploadedFile("procedure.txt", b"Data procedure v3")})
    assert r.status_code == 302 and r["Location"].endswith("/controls/A.7.2/")
    html = web.get("/o/acme/controls/A.7.2/").content.decode()
    assert "Data management procedure" in html
    assert web.api.get("/orgs/acme/soa/A.7.2").json_body["evidence_count"] == 1


def test_a_refused_upload_keeps_what_was_typed(web):
    r = web.post("/o/acme/evidence/new", {"title": "Policy", "description": "Signed", "url": "", "owner": "",
                                          "effective_date": "", "valid_until": "",
                                          "file": SimpleUploadedFile("policy.pdf", b"<script>alert(1)</script>")})
    html = r.content.decode()
    assert r.status_code == 200 and "not an allowed type" in html and 'value="Policy"' in html


def test_expired_evidence_is_marked(web):
    web.api.get("/orgs/acme/soa")
    from django.test import Client

    Client().post("/api/v1/orgs/acme/evidence", {"title": "Pen test 2023", "url": "https://x.example/pt",
                                                 "valid_until": "2024-01-01"}, headers=web.api.headers)
    assert "Expired" in web.get("/o/acme/evidence/").content.decode()


def test_an_evidence_request_is_visible_to_the_person_asked(web, member, client):
    contributor = member("contributor")
    due = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    r = web.api.post("/orgs/acme/evidence-requests", {"title": "Bias test results", "assignee":
                                                      contributor.user.email, "due_date": due})
    assert r.status_code == 201, r.json_body
    past = web.api.post("/orgs/acme/evidence-requests", {"title": "Late", "due_date": "2020-01-01"})
    assert past.status_code == 422 and past.json_body["detail"][0]["loc"] == ["body", "due_date"]
    client.force_login(contributor.user)
    assert "Bias test results" in client.get("/o/acme/evidence/").content.decode()
    ev = web.api.post("/orgs/acme/evidence-requests", {"title": "x", "due_date": due})
    assert ev.status_code == 201
