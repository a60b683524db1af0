"""Evidence uploads (7.5.3): type by content, size limit, path-trick names refused, identical content stored once,
downloads that cannot run script in the browser."""

import io

import pytest
from django.test import Client

from forty2.evidence import storage
from forty2.evidence.models import EvidenceVersion
from forty2.files.models import StoredFile

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(api, name, data, **fields):
    client = Client()
    return client.post("/api/v1/orgs/acme/evidence", {"title": fields.pop("title", "Report"), **fields,
                                                      "file": _named(name, data)}, headers=api.headers)


def _named(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_a_pdf_is_accepted_and_identical_content_is_stored_once(owner_api):
    r1 = upload(owner_api, "validation.pdf", PDF)
    assert r1.status_code == 201, r1.content
    body = r1.json()
    assert body["file"]["content_type"] == "application/pdf" and body["file"]["size"] == len(PDF)
    r2 = upload(owner_api, "same-again.pdf", PDF, title="Copy")
    assert r2.status_code == 201
    sha = body["file"]["sha256"]
    assert r2.json()["file"]["sha256"] == sha
    versions = EvidenceVersion.objects.filter(sha256=sha)
    assert versions.count() == 2
    assert len({v.stored_file_id for v in versions}) == 1  # one stored file for both
    assert StoredFile.objects.filter(organization=owner_api.membership.organization, sha256=sha).count() == 1


def test_content_that_does_not_match_an_allowed_type_is_refused(owner_api):
    r = upload(owner_api, "report.pdf", b"<html><script>alert(1)</script></html>")
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body", "file"] and "not an allowed type" in detail["msg"]
    r = upload(owner_api, "logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>')
    assert r.status_code == 422
    r = upload(owner_api, "tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00")
    assert r.status_code == 422


def test_an_oversized_file_is_refused(owner_api, settings):
    settings.FORTY2_MAX_UPLOAD_BYTES = 1000
    r = upload(owner_api, "big.txt", b"a" * 1001)
    assert r.status_code == 422 and "larger than the limit of 1000 bytes" in r.json()["detail"][0]["msg"]


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "..\\boot.txt", "/abs.txt", "C:evil.txt",
                                  ".htaccess", "a\x00b.txt", "evil\u202etxt.pdf", "con.txt"])
def test_path_trick_file_names_are_refused(owner_api, name):
    with pytest.raises(Exception) as exc:
        storage.check_name(name)
    assert exc.value.errors[0]["loc"] == ["body", "file"]


def test_a_path_trick_name_is_refused_by_the_api(owner_api):
    r = upload(owner_api, "..evil.txt", b"hello")
    assert r.status_code == 422 and "'..'" in r.json()["detail"][0]["msg"]


def test_downloads_are_attachments_that_cannot_run_script(owner_api):
    body = upload(owner_api, "notes.txt", b"plain notes\n").json()
    r = Client().get(f"/api/v1/orgs/acme/evidence/{body['id']}/download", headers=owner_api.headers)
    assert r.status_code == 200 and r.content == b"plain notes\n"
    assert r["Content-Disposition"].startswith("attachment;")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Type"].startswith("text/plain")
    assert "sandbox" in r["Content-Security-Policy"]


def test_a_new_file_version_keeps_the_old_one(owner_api):
    body = upload(owner_api, "v1.txt", b"first").json()
    r = Client().post(f"/api/v1/orgs/acme/evidence/{body['id']}/versions",
                      {"file": _named("v2.txt", b"second"), "version": body["version"]}, headers=owner_api.headers)
    assert r.status_code == 201, r.content
    assert r.json()["file"]["version"] == 2
    old = Client().get(f"/api/v1/orgs/acme/evidence/{body['id']}/download?version=1", headers=owner_api.headers)
    assert old.content == b"first"


def test_link_evidence_needs_its_link(owner_api):
    r = Client().post("/api/v1/orgs/acme/evidence", {"title": "Wiki page"}, headers=owner_api.headers)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "url"]
    r = Client().post("/api/v1/orgs/acme/evidence", {"title": "Wiki", "url": "https://wiki.example/aims",
                                                     "valid_until": "2020-01-01", "effective_date": "2021-01-01"},
                      headers=owner_api.headers)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "valid_until"]
