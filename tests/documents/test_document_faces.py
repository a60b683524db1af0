"""Documents through the pages and the API (ISO/IEC 42001 5.2, 7.3, 7.5.2, 7.5.3, A.8.2): the whole life of a
policy by two people, an approved version no face can change, Markdown that cannot carry script, and a public
transparency page that shows only what was published."""

import re

import pytest
from django.test import Client

from forty2.documents import services, transparency
from forty2.documents.models import Document, DocumentVersion, VersionState
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role
from tests.core.test_markdown import Elements

pytestmark = pytest.mark.django_db


def _browser(membership):
    c = Client()
    c.force_login(membership.user)
    return c


def _step(c, doc, number, step, version, note=""):
    return c.post(f"/o/acme/documents/{doc.pk}/versions/{number}/{step}", {"version": version, "note": note})


def test_a_policy_goes_draft_review_approved_in_the_pages_with_two_people(member):
    author = member(Role.AIMS_MANAGER, email="author@acme.example")
    reviewer = member(Role.AIMS_MANAGER, email="reviewer@acme.example")
    a, r = _browser(author), _browser(reviewer)
    response = a.post("/o/acme/documents/new", {"reference": "POL-01", "title": "AI policy", "kind": "ai_policy",
                                                "classification": "internal", "review_interval_months": "12",
                                                "retention_years": "3"})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = Document.objects.get(reference="POL-01")
    v = doc.versions.get()
    page = a.get(f"/o/acme/documents/{doc.pk}/versions/1/edit").content.decode()
    base = re.search(r'name="base" value="([^"]+)"', page).group(1)
    response = a.post(f"/o/acme/documents/{doc.pk}/versions/1/edit", {
        "version": v.version, "base": base, "body": "# AI policy\n\nWe keep people in charge.",
        "change_summary": "First issue.", "reviewer": "reviewer@acme.example"})
    assert response.status_code == 302
    v.refresh_from_db()
    assert _step(a, doc, 1, "submit", v.version).status_code == 302
    v.refresh_from_db()
    assert v.state == VersionState.IN_REVIEW
    page = r.get(f"/o/acme/documents/{doc.pk}/versions/1/").content.decode()
    assert "Record my review" in page and ">Approve<" not in page  # the reviewer never approves
    _step(r, doc, 1, "review", v.version, "Checked.")
    v.refresh_from_db()
    _step(r, doc, 1, "approve", v.version)  # refused: four eyes
    v.refresh_from_db()
    assert v.state == VersionState.IN_REVIEW
    page = a.get(f"/o/acme/documents/{doc.pk}/versions/1/").content.decode()
    assert ">Approve<" in page
    _step(a, doc, 1, "approve", v.version, "Approved by the board.")
    v.refresh_from_db()
    assert v.state == VersionState.APPROVED and v.approved_by == author.user and services.verify(v)
    assert "Content verified" in a.get(f"/o/acme/documents/{doc.pk}/versions/1/").content.decode()


def test_an_approved_version_cannot_be_changed_through_any_face(member, api_as):
    manager = member(Role.AIMS_MANAGER, email="m@acme.example")
    other = member(Role.OWNER, email="o@acme.example")
    doc = services.create_document(manager, {"reference": "PRO-01", "title": "Risk procedure"}, body="Text.")
    v = services.update_version(manager, doc.versions.get(), {"reviewer": "o@acme.example"}, version_number=1)
    v = services.submit(manager, v, version_number=v.version)
    v = services.review(other, v, version_number=v.version)
    v = services.approve(manager, v, version_number=v.version)
    api = api_as(Role.OWNER, email="api@acme.example")
    r = api.patch(f"/orgs/acme/documents/{doc.pk}/versions/1", {"body": "Changed.", "version": v.version})
    assert r.status_code == 409 and "cannot be changed" in r.json_body["detail"]
    assert api.patch(f"/orgs/acme/documents/{doc.pk}/versions/1", {"body": "x"}).status_code == 422  # no version
    c = _browser(other)
    response = c.post(f"/o/acme/documents/{doc.pk}/versions/1/edit", {"version": v.version, "body": "Changed."})
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.body == "Text." and services.verify(v)


def test_markdown_cannot_carry_script_into_the_page(member):
    manager = member(Role.AIMS_MANAGER, email="m@acme.example")
    hostile = ('<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[a](javascript:alert(3))\n\n'
               '[b](data:text/html;base64,PHNjcmlwdD4=)\n\n<a href="javascript:alert(4)">c</a>')
    doc = services.create_document(manager, {"reference": "POL-09", "title": "Hostile"}, body=hostile)
    html = _browser(manager).get(f"/o/acme/documents/{doc.pk}/versions/1/").content.decode()
    content = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    parser = Elements()
    parser.feed(content)
    assert parser.found and all(tag in ("p", "a") for tag, _attrs in parser.found), parser.found
    for _tag, attrs in parser.found:
        assert not any(k.startswith("on") for k in attrs) and not (attrs.get("href") or "").startswith(
            ("javascript", "data")), attrs


def test_the_api_runs_the_version_life_and_acknowledgements(api_as):
    author, reviewer, approver = (api_as(Role.AIMS_MANAGER, email="a@acme.example"),
                                  api_as(Role.CONTRIBUTOR, email="r@acme.example"),
                                  api_as(Role.OWNER, email="o@acme.example"))
    doc = author.post("/orgs/acme/documents", {"reference": "POL-01", "title": "AI policy", "kind": "ai_policy",
                                               "owner": "a@acme.example"}).json_body
    v = author.patch(f"/orgs/acme/documents/{doc['id']}/versions/1", {
        "body": "Policy.", "reviewer": "r@acme.example", "version": 1}).json_body
    v = author.post(f"/orgs/acme/documents/{doc['id']}/versions/1/submit", {"version": v["version"]}).json_body
    assert v["state"] == "in_review" and len(v["sha256"]) == 64
    v = reviewer.post(f"/orgs/acme/documents/{doc['id']}/versions/1/review", {"version": v["version"]}).json_body
    r = reviewer.post(f"/orgs/acme/documents/{doc['id']}/versions/1/approve", {"version": v["version"]})
    assert r.status_code == 403
    v = approver.post(f"/orgs/acme/documents/{doc['id']}/versions/1/approve", {"version": v["version"]}).json_body
    assert v["state"] == "approved" and v["verified"] is True
    r = approver.post(f"/orgs/acme/documents/{doc['id']}/versions/1/acknowledgements", {"everyone": True})
    assert r.status_code == 201 and r.json_body["requested"] == 3
    mine = reviewer.get("/orgs/acme/acknowledgements?pending=true").json_body["items"]
    assert [a["reference"] for a in mine] == ["POL-01"]
    done = reviewer.post(f"/orgs/acme/acknowledgements/{mine[0]['id']}/acknowledge", {}).json_body
    assert done["acknowledged_at"] is not None
    assert author.post(f"/orgs/acme/acknowledgements/{mine[0]['id']}/acknowledge", {}).status_code == 403
    v2 = author.post(f"/orgs/acme/documents/{doc['id']}/versions", {"change_summary": "Adds GenAI."})
    assert v2.status_code == 201 and v2.json_body["body"] == "Policy."
    rows = author.get(f"/orgs/acme/documents/{doc['id']}/versions/compare?a=1&b=2").json_body["rows"]
    assert rows == [{"kind": "same", "a": "Policy.", "b": "Policy."}]


def test_the_public_page_shows_only_what_was_published(member):
    owner = member(Role.OWNER, email="o@acme.example")
    shown = inventory.create_ai_system(owner, {"name": "Booking chatbot", "purpose": "Books appointments.",
                                               "human_oversight": "Hand-over to staff on request."})
    inventory.create_ai_system(owner, {"name": "Secret fraud model", "purpose": "Not disclosed."})
    anonymous = Client()
    assert anonymous.get("/t/acme/").status_code == 404  # nothing published yet
    draft = transparency.page(owner.organization)
    draft = transparency.update(owner, draft, {"intro": "We use AI carefully. <script>alert(1)</script>",
                                               "concern_contact": "ai@acme.example", "system_ids": [shown.pk]},
                                version=draft.version)
    transparency.publish(owner)
    transparency.update(owner, draft, {"intro": "Unpublished draft sentence."}, version=draft.version)
    html = anonymous.get("/t/acme/").content.decode()
    assert "We use AI carefully." in html and "Booking chatbot" in html and "Hand-over to staff" in html
    assert "Unpublished draft sentence" not in html and "Secret fraud model" not in html
    assert "<script>alert" not in html
    transparency.withdraw(owner)
    assert anonymous.get("/t/acme/").status_code == 404
    assert anonymous.get("/t/no-such-org/").status_code == 404


def test_starters_from_the_api_and_my_work_asks_the_reviewer(api_as, member):
    manager = api_as(Role.AIMS_MANAGER, email="m@acme.example")
    r = manager.post("/orgs/acme/documents/starters", {"keys": ["ai_policy", "aims_scope"]})
    assert r.status_code == 201 and r.json_body["created"] == ["POL-01", "SCO-01"]
    assert manager.post("/orgs/acme/documents/starters", {"keys": ["nope"]}).status_code == 422
    reviewer = member(Role.CONTRIBUTOR, email="rev@acme.example")
    v = DocumentVersion.objects.get(document__reference="POL-01")
    v = services.update_version(manager.membership, v, {"reviewer": "rev@acme.example"}, version_number=v.version)
    services.submit(manager.membership, v, version_number=v.version)
    html = _browser(reviewer).get("/my-work/").content.decode()
    assert "Review POL-01 AI policy" in html
