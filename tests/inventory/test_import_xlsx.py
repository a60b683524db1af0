"""Importing the AI system register from an XLSX workbook (ISO/IEC 42001 4.1, A.4.2)."""

import datetime as dt
import io
import zipfile

from forty2.inventory.models import AISystem
from forty2.tenancy.models import Role

from ._io import problems, run_import, xlsx_bytes


def test_first_sheet_is_imported_with_typed_cells_as_text(member):
    owner = member(Role.OWNER)
    data = xlsx_bytes([["name", "purpose", "vulnerable_groups", "description", "geography"],
                       [2024, "Forecast demand", True, dt.datetime(2025, 3, 1), 3.0],
                       ["Chatbot", "Book", False, None, None]],
                      extra_sheet=[["name", "purpose"], ["Ignored", "second sheet"]])
    assert run_import(owner, data, "xlsx").created == 2
    forecast = AISystem.objects.get(name="2024")
    assert forecast.vulnerable_groups is True and forecast.description == "2025-03-01" and forecast.geography == "3"
    assert AISystem.objects.get(name="Chatbot").vulnerable_groups is False
    assert not AISystem.objects.filter(name="Ignored").exists()


def test_trailing_empty_rows_and_columns_are_ignored(member):
    owner = member(Role.OWNER)
    data = xlsx_bytes([["name", "purpose", None, None], ["A", "p", None, None], [None, None], [None]])
    assert run_import(owner, data, "filename.XLSX").created == 1


def test_errors_name_the_spreadsheet_row(member):
    owner = member(Role.OWNER)
    data = xlsx_bytes([["name", "purpose", "status"], ["A", "p", "approved"], [None], ["B", "p", "live"]])
    found = problems(owner, data, "xlsx")
    assert [(p["row"], p["column"]) for p in found] == [(4, "status")]
    assert "approved" in found[0]["message"]  # the allowed values are listed


def test_corrupt_workbook_is_refused_clearly(member):
    owner = member(Role.OWNER)
    good = xlsx_bytes([["name", "purpose"], ["A", "p"]])
    truncated = good[: len(good) // 2]
    assert "damaged" in problems(owner, truncated, "xlsx")[0]["message"]
    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an XLSX workbook" in problems(owner, not_a_workbook.getvalue(), "xlsx")[0]["message"]
    assert ".xls" in problems(owner, b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "xlsx")[0]["message"]
    assert "not an XLSX workbook" in problems(owner, b"name,purpose\nA,p\n", "xlsx")[0]["message"]
    assert AISystem.objects.count() == 0


def test_csv_named_xlsx_content_is_detected(member):
    owner = member(Role.OWNER)
    workbook = xlsx_bytes([["name", "purpose"], ["A", "p"]])
    message = problems(owner, workbook, "csv")[0]["message"]
    assert ".xlsx" in message
