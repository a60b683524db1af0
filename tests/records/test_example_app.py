"""The recipe of docs/architecture.md "Adding a record type", proved on tests/example_app: one declaration of a
"training record" (ISO/IEC 42001 7.2 competence) with five fields gets its API (CRUD, the PATCH version rule,
history, import/export), its pages (list with filters, sort, search and paging; detail; create; edit with the
three-way merge; delete), its history wording and its navigation entry, in at most 5 files and 200 hand-written
lines. If the recipe drifts (a central file to edit, a sixth file, a page or route missing) a test here fails.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role
from tests.example_app.models import ExampleTraining
from tests.inventory._io import csv_bytes
from tests.web import fixtures

web_as = fixtures.web_as
APP = Path(__file__).resolve().parent.parent / "example_app"
API = "/orgs/acme/example-trainings"
PAGES = "/o/acme/example-training"


def test_the_example_app_takes_at_most_five_files_and_200_hand_written_lines():
    written = [p for p in APP.rglob("*.py") if p.stat().st_size and "migrations" not in p.parts]
    generated = [p for p in (APP / "migrations").glob("0*.py")]
    assert len(written) + len(generated) <= 5, [p.name for p in written + generated]
    lines = sum(1 for p in written for line in p.read_text().splitlines() if line.strip())
    assert lines <= 200, lines
    assert apps.get_app_config("example_app").models_module is not None


@pytest.fixture
def api(api_as):
    return api_as(Role.OWNER, email="owner@acme.example")


def _create(api, **data):
    r = api.post(API, {"title": "AI literacy – Ada", "person": "owner@acme.example", "completed_on": "2026-03-01",
                       "result": "passed", "notes": "", **data})
    assert r.status_code == 201, r.json_body
    return r.json_body


def test_api_crud_filters_sort_and_paging(api):
    first = _create(api)
    _create(api, title="Prompt safety – Ada", result="failed", completed_on="2026-01-15", notes="Retake in May")
    assert api.get(f"{API}?result=passed").json_body["count"] == 1
    assert api.get(f"{API}?result=maybe").status_code == 422
    assert [i["title"] for i in api.get(f"{API}?ordering=-completed_on").json_body["items"]] == [
        "AI literacy – Ada", "Prompt safety – Ada"]
    assert api.get(f"{API}?ordering=notes").status_code == 422  # not declared sortable
    page = api.get(f"{API}?limit=1&offset=1").json_body
    assert page["count"] == 2 and [i["title"] for i in page["items"]] == ["Prompt safety – Ada"]
    assert api.get(f"{API}?q=retake").json_body["count"] == 1
    r = api.get(f"{API}/{first['id']}")
    assert r.status_code == 200 and r["ETag"] == f'"{first["id"]}-1"' and r.json_body["person"] == "owner@acme.example"
    assert api.post(API, {"title": "AI literacy – ada"}).status_code == 422  # unique, ignoring case
    assert api.delete(f"{API}/{first['id']}").status_code == 204
    assert not ExampleTraining.objects.filter(pk=first["id"]).exists()
    assert api.get(f"{API}/{first['id']}").status_code == 404


def test_api_patch_rule_and_history(api, api_as):
    rec = _create(api)
    url = f"{API}/{rec['id']}"
    no_version = api.patch(url, {"notes": "x"})
    assert no_version.status_code == 422 and no_version.json_body["detail"][0]["loc"][-1] == "version"
    api.headers["If-Match"] = f'"{rec["id"]}-1"'
    assert api.patch(url, {"notes": "Their notes"}).status_code == 200
    del api.headers["If-Match"]
    merged = api.patch(url, {"result": "attended", "version": 1})  # stale, but notes only changed since
    assert merged.status_code == 200 and merged.json_body["notes"] == "Their notes"
    conflict = api.patch(url, {"notes": "Mine", "version": 1})
    assert conflict.status_code == 409 and conflict.json_body["fields"] == {"notes": "Their notes"}
    assert conflict.json_body["current_version"] == 3
    history = api.get(f"{url}/history").json_body
    assert [e["action"] for e in history["items"]] == ["example_training.update"] * 2 + ["example_training.create"]
    viewer = api_as(Role.VIEWER)
    assert viewer.patch(url, {"notes": "no", "version": 3}).status_code == 403


def test_api_import_and_export(api):
    body = csv_bytes([["title", "person", "completed_on", "result", "notes"],
                      ["GDPR basics – Bo", "", "2026-02-02", "Passed", ""], ["Bias – Bo", "", "", "attended", "n"]])
    r = api.client.post(f"/api/v1{API}/import", {"file": _upload(body)}, headers=api.headers)
    assert r.status_code == 200 and r.json()["created"] == 2, r.content
    bad = api.client.post(f"/api/v1{API}/import", {"file": _upload(csv_bytes([["title", "result"], ["X", "great"]]))},
                          headers=api.headers)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][:2] == ["file", 2]
    export = api.client.get(f"/api/v1{API}/export?result=passed", headers=api.headers)
    text = export.content.decode("utf-8-sig")
    assert export.status_code == 200 and "GDPR basics – Bo" in text and "Bias – Bo" not in text
    assert text.splitlines()[0].startswith("title,person,completed_on,result,notes")


def _upload(data: bytes, name="training.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_pages_list_detail_create_and_navigation(web_as):
    owner = web_as(Role.OWNER, email="owner@acme.example")
    html = owner.get(f"{PAGES}/").content.decode()
    assert "No training records yet" in html
    assert f'href="{PAGES}/"' in html and ">Training<" in html  # the navigation entry
    r = owner.post(f"{PAGES}/new", {"title": "AI literacy – Ada", "person": "owner@acme.example",
                                    "completed_on": "2026-03-01", "result": "passed", "notes": "Good"})
    obj = ExampleTraining.objects.get()
    assert r.status_code == 302 and r["Location"] == f"{PAGES}/{obj.pk}/"
    detail = owner.get(r["Location"]).content.decode()
    assert "Completed on" in detail and "Passed" in detail and "Good" in detail
    assert re.search(r"created\s.*AI literacy – Ada", detail, re.S)  # history wording
    listing = owner.get(f"{PAGES}/", {"result": "failed"}).content.decode()
    assert 'id="f-result"' in listing and "No training record matches these filters" in listing
    fragment = owner.get(f"{PAGES}/", {"ordering": "-completed_on"}, headers={"HX-Request": "true"})
    assert "AI literacy – Ada" in fragment.content.decode() and "<form" not in fragment.content.decode()
    missing = owner.post(f"{PAGES}/new", {"title": "", "notes": "kept"}).content.decode()
    assert "There is a problem" in missing and "kept" in missing


def test_edit_page_merges_two_editors(web_as):
    owner = web_as(Role.OWNER, email="owner@acme.example")
    owner.post(f"{PAGES}/new", {"title": "Ethics – Cy", "result": "attended", "notes": ""})
    obj = ExampleTraining.objects.get()
    url = f"{PAGES}/{obj.pk}/edit"
    page = owner.get(url).content.decode()
    base = re.search(r'name="base" value="([^"]+)"', page).group(1)
    form = {"title": "Ethics – Cy", "person": "", "completed_on": "", "result": "attended", "notes": "",
            "version": "1", "base": base}
    assert owner.post(url, {**form, "notes": "First editor"}).status_code == 302
    assert owner.post(url, {**form, "result": "passed"}).status_code == 302  # stale, another field: merged
    obj.refresh_from_db()
    assert (obj.notes, obj.result, obj.version) == ("First editor", "passed", 3)
    clash = owner.post(url, {**form, "notes": "Second editor"}).content.decode()
    assert "Choose what to keep" in clash and "First editor" in clash and "Second editor" in clash


def test_delete_page_and_import_page(web_as):
    owner = web_as(Role.OWNER, email="owner@acme.example")
    owner.post(f"{PAGES}/new", {"title": "Old course", "notes": ""})
    obj = ExampleTraining.objects.get()
    assert "Delete training record" in owner.get(f"{PAGES}/{obj.pk}/delete").content.decode()
    assert owner.post(f"{PAGES}/{obj.pk}/delete").status_code == 302
    assert AuditEvent.objects.filter(action="example_training.delete").exists()
    assert "title" in owner.get(f"{PAGES}/import").content.decode()
    r = owner.post(f"{PAGES}/import", {"file": _upload(csv_bytes([["title", "result"], ["New course", "passed"]]))})
    assert r.status_code == 302 and ExampleTraining.objects.filter(title="New course").exists()
    assert "Imported 1" in owner.get(r["Location"]).content.decode()
    assert web_as(Role.VIEWER).get(f"{PAGES}/new").status_code == 403
