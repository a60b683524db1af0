"""Hostile evidence files (issue #14 findings 2, 7, 12b; ISO/IEC 42001 7.5.3; OWASP ASVS 5.0 V5.2, V5.4): zip bombs
and damaged archives are refused with bounded effort and a message, polyglots and extensions that disagree with the
content are refused, downloads are always saved under a name that fits their type, and legitimate files still pass.
"""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from forty2.evidence.models import Evidence, EvidenceVersion

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
DOCX_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              b'wordprocessingml.document.main+xml"/></Types>')


def _named(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


def upload(api, name, data, title="Report"):
    return Client().post("/api/v1/orgs/acme/evidence", {"title": title, "file": _named(name, data)},
                         headers=api.headers)


def refusal(response) -> str:
    assert response.status_code == 422, response.content[:300]
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "file"]
    return detail["msg"]


def zip_of(entries: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else compression)
    return out.getvalue()


def docx(extra: dict | None = None, types: bytes = DOCX_TYPES) -> bytes:
    return zip_of({"[Content_Types].xml": types, "word/document.xml": b"<w:document/>", **(extra or {})})


def declare(data: bytes, name: str, size: int) -> bytes:
    """The archive with ``name``'s uncompressed size declared as ``size`` (local and central headers): a zip that
    says it inflates to far more than it holds, built without inflating anything."""
    raw = bytearray(data)
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46: central + 46 + name_len] == name.encode():
            struct.pack_into("<I", raw, central + 24, size)
            local = struct.unpack_from("<I", raw, central + 42)[0]
            struct.pack_into("<I", raw, local + 22, size)
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


# --- finding 2: zip bombs and damaged archives -----------------------------------------------------------------

def test_a_docx_whose_mimetype_inflates_enormously_is_refused_as_a_zip_bomb(owner_api):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("mimetype", "w") as entry:  # 16 MB of zeros, about 16 KB compressed, written in small chunks
            for _ in range(16):
                entry.write(bytes(1024 * 1024))
        z.writestr("[Content_Types].xml", DOCX_TYPES)
        z.writestr("word/document.xml", b"<w:document/>")
    msg = refusal(upload(owner_api, "bomb.docx", out.getvalue()))
    assert "zip bomb" in msg and "'bomb.docx'" in msg
    assert not Evidence.objects.exists()


def test_a_declared_gigabyte_entry_is_refused_without_inflating_it(owner_api):
    bomb = declare(docx(), "word/document.xml", 1024 ** 3)
    msg = refusal(upload(owner_api, "bomb.docx", bomb))
    assert "zip bomb" in msg and "word/document.xml" in msg


def test_a_mimetype_larger_than_a_mimetype_is_never_read_in_full(owner_api):
    odt = zip_of({"mimetype": b"application/vnd.oasis.opendocument.text" + b" " * 100_000, "content.xml": b"<x/>"})
    msg = refusal(upload(owner_api, "notes.odt", odt))
    assert "damaged or hostile" in msg and "'mimetype' entry" in msg


def test_a_corrupt_deflate_stream_is_a_clear_refusal_not_a_500(owner_api):
    # a deflated mimetype whose compressed bytes are then overwritten with garbage
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.text" * 3, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", b"<office:document-content/>")
    raw = bytearray(out.getvalue())
    start = 30 + len("mimetype")
    raw[start: start + 12] = b"\xff" * 12
    msg = refusal(upload(owner_api, "minutes.odt", bytes(raw)))
    assert "damaged" in msg


def test_a_truncated_archive_is_a_clear_refusal(owner_api):
    msg = refusal(upload(owner_api, "policy.docx", docx()[:60]))
    assert "damaged" in msg


# --- finding 7: polyglots, extensions, macros ---------------------------------------------------------------

def test_a_pdf_that_is_also_a_web_page_is_refused(owner_api):
    polyglot = b"%PDF-1.4\n<html><script>alert(document.domain)</script></html>\n%%EOF\n"
    assert "web page" in refusal(upload(owner_api, "pdf-html.html", polyglot))
    assert "web page" in refusal(upload(owner_api, "pdf-html.pdf", polyglot))


def test_a_script_after_70_kb_of_text_is_refused(owner_api):
    text = b"a plain line of notes\n" * 3200 + b"<script>alert(1)</script>\n" + b"more notes\n" * 7000
    msg = refusal(upload(owner_api, "notes.txt", text))
    assert "script" in msg and "line 3201" in msg
    assert "script" in refusal(upload(owner_api, "data.csv", b"a,b\n" * 20000 + b"<svg onload=alert(1)>,x\n"
                                      + b"c,d\n" * 20000))


@pytest.mark.parametrize("name", ["report.pdf.exe", "report.pdf.html", "report.pdf.js", "report.PDF.Exe"])
def test_an_executable_final_extension_is_refused(owner_api, name):
    msg = refusal(upload(owner_api, name, PDF))
    assert "program, script or web page" in msg and ".pdf" in msg


@pytest.mark.parametrize("name,data,fits", [("scan.pdf", PNG, ".png"), ("logo.png", PDF, ".pdf"),
                                            ("notes.pdf", b"plain notes", ".txt"), ("report", PDF, ".pdf"),
                                            ("config.json", b"not json at all", ".txt"),
                                            ("policy.pdf", docx(), ".docx")])
def test_the_extension_must_agree_with_the_content(owner_api, name, data, fits):
    msg = refusal(upload(owner_api, name, data))
    assert fits in msg


def test_a_zip_whose_mimetype_says_pdf_is_refused(owner_api):
    fake = zip_of({"mimetype": b"application/pdf", "content.xml": b"<x/>"})
    msg = refusal(upload(owner_api, "report.pdf", fake))
    assert "'mimetype' entry says 'application/pdf'" in msg


def test_an_archive_that_is_both_ooxml_and_opendocument_is_refused(owner_api):
    both = zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "[Content_Types].xml": DOCX_TYPES,
                   "word/document.xml": b"<w:document/>"})
    assert "both" in refusal(upload(owner_api, "policy.docx", both))


@pytest.mark.parametrize("doc", [
    docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
    docx(types=DOCX_TYPES.replace(b"wordprocessingml.document.main+xml", b"vnd.ms-word.document.macroEnabled.main+xml")
         .replace(b"application/vnd.openxmlformats-officedocument.", b"application/")),
    docx({"word/activeX/activeX1.xml": b"<ax/>"}),
])
def test_office_files_with_macros_are_refused(owner_api, doc):
    assert "macros" in refusal(upload(owner_api, "policy.docx", doc))


def test_opendocument_with_basic_macros_is_refused(owner_api):
    odt = zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>",
                  "Basic/Standard/Module1.xml": b"<script:module/>"})
    assert "macros" in refusal(upload(owner_api, "minutes.odt", odt))


def test_legitimate_files_still_pass(owner_api):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["control", "status"])
    xlsx = io.BytesIO()
    book.save(xlsx)
    odt = zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    files = {"validation.pdf": (PDF, "application/pdf"), "procedure.docx": (docx(), "wordprocessingml"),
             "register.xlsx": (xlsx.getvalue(), "spreadsheetml"), "diagram.png": (PNG, "image/png"),
             "photo.jpeg": (JPEG, "image/jpeg"), "photo.jpg": (JPEG + b"1", "image/jpeg"),
             "systems.csv": (b"name,owner\nTriage,ana\n", "text/plain"),
             "notes.txt": (b"Plain notes: scores < a threshold, x <b y", "text/plain"),
             "README.md": (b"# Heading\n\n* a list with `code` and a < b > c\n", "text/plain"),
             "results.json": (b'{"accuracy": 0.93}', "application/json"),
             "results-as-text.txt": (b'{"accuracy": 0.94}', "text/plain"), "minutes.odt": (odt, "opendocument.text")}
    for name, (data, kind) in files.items():
        r = upload(owner_api, name, data, title=name)
        assert r.status_code == 201, (name, r.content[:300])
        assert kind in r.json()["file"]["content_type"], name


def test_downloads_get_a_safe_name_matching_the_stored_type(owner_api):
    body = upload(owner_api, "report.pdf", PDF).json()
    # a name kept from before the extension check
    EvidenceVersion.objects.filter(evidence_id=body["id"]).update(file_name='report.pdf.exe')
    r = Client().get(f"/api/v1/orgs/acme/evidence/{body['id']}/download", headers=owner_api.headers)
    assert r.status_code == 200 and r.content == PDF
    assert r["Content-Disposition"].startswith('attachment; filename="report_pdf_exe.pdf"')
    assert r["Content-Type"] == "application/pdf" and r["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in r["Content-Security-Policy"] and "default-src 'none'" in r["Content-Security-Policy"]
    EvidenceVersion.objects.filter(evidence_id=body["id"]).update(file_name='page.html', content_type="text/html")
    r = Client().get(f"/api/v1/orgs/acme/evidence/{body['id']}/download", headers=owner_api.headers)
    assert r["Content-Type"].startswith("text/plain") and 'filename="page_html.txt"' in r["Content-Disposition"]


# --- finding 12b: a bad version on the page ------------------------------------------------------------------

def test_a_version_upload_with_a_bad_version_number_is_an_inline_error(owner_api, client):
    body = upload(owner_api, "v1.txt", b"first").json()
    client.force_login(owner_api.membership.user)
    r = client.post(f"/o/acme/evidence/{body['id']}/", {"version": "abc",
                                                        "file": SimpleUploadedFile("v2.txt", b"second")})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-error="upload"' in html and "not a number" in html
    assert EvidenceVersion.objects.filter(evidence_id=body["id"]).count() == 1


def test_a_refused_version_upload_says_why_next_to_the_upload(owner_api, client):
    body = upload(owner_api, "v1.txt", b"first").json()
    client.force_login(owner_api.membership.user)
    r = client.post(f"/o/acme/evidence/{body['id']}/", {"version": str(body["version"]),
                                                        "file": SimpleUploadedFile("v2.pdf.exe", PDF)})
    assert r.status_code == 200 and "program, script or web page" in r.content.decode()
    r = client.post(f"/o/acme/evidence/{body['id']}/", {"version": str(body["version"]),
                                                        "file": SimpleUploadedFile("v2.txt", b"second")})
    assert r.status_code == 302
    assert EvidenceVersion.objects.filter(evidence_id=body["id"]).count() == 2
