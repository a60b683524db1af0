"""XLSX zip bombs are refused quickly with a message (issue #14 finding 9; OWASP ASVS 5.0 V5.2.3): per-part limits
for shared strings and sheets sized from what an import can use, the compression ratio, and the number of shared
strings, all before openpyxl parses anything."""

import io
import zipfile

import openpyxl
import pytest
from django.test import Client

from forty2.core import spreadsheets
from forty2.core.spreadsheets import ImportFailed
from forty2.inventory.models import AISystem

SST_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
            b'.spreadsheetml.sharedStrings+xml"/>')


def workbook(shared_strings: bytes | None = None) -> bytes:
    """A small valid register workbook; with ``shared_strings``, that part added (and declared) as well."""
    book = openpyxl.Workbook()
    book.active.append(["name", "purpose"])
    book.active.append(["Triage assistant", "Sort patients"])
    buffer = io.BytesIO()
    book.save(buffer)
    if shared_strings is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SST_TYPE + b"</Types>")
            z.writestr(info, data)
        z.writestr("xl/sharedStrings.xml", b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                                           b'spreadsheetml/2006/main">' + shared_strings + b"</sst>")
    return out.getvalue()


def refused(data: bytes) -> str:
    with pytest.raises(ImportFailed) as exc:
        spreadsheets.read_xlsx(data)
    return exc.value.message


def test_a_small_xlsx_with_a_huge_shared_strings_part_is_refused():
    bomb = workbook(b"<si><t>a</t></si>" * 1_200_000)  # 20 MB of strings in a file of about 100 KB
    assert len(bomb) < 200 * 1024
    message = refused(bomb)
    assert "shared strings" in message and "xl/sharedStrings.xml" in message


def test_too_many_shared_strings_are_refused_even_when_they_compress_normally():
    strings = b"".join(b"<si><t>v%06d</t></si>" % i for i in range(spreadsheets.MAX_SHARED_STRINGS + 10))
    message = refused(workbook(strings))
    assert f"{spreadsheets.MAX_SHARED_STRINGS:,} different texts" in message


def test_a_sheet_larger_than_an_import_can_use_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(26):
                sheet.write(b"<row/>" * (1024 * 1024 // 6))
    message = refused(out.getvalue())
    assert "sheet 'xl/worksheets/sheet1.xml'" in message


def test_an_ordinary_workbook_still_reads():
    table = spreadsheets.read_xlsx(workbook(b"<si><t>Triage assistant</t></si>"))
    assert table.header == ["name", "purpose"] and table.rows[0][1][:2] == ["Triage assistant", "Sort patients"]


@pytest.mark.django_db
def test_the_import_api_refuses_the_bomb_with_the_message(owner_api):
    upload = io.BytesIO(workbook(b"<si><t>a</t></si>" * 1_200_000))
    upload.name = "register.xlsx"
    r = Client().post("/api/v1/orgs/acme/ai-systems/import", {"file": upload}, headers=owner_api.headers)
    assert r.status_code == 422 and "shared strings" in r.json()["detail"][0]["msg"]
    assert not AISystem.objects.exists()
