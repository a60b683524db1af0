"""Bad import files: a clear problem naming the row and column, and nothing saved (ISO/IEC 42001 4.1)."""

import pytest

from forty2.core import spreadsheets
from forty2.core.errors import PermissionDenied
from forty2.core.models import AuditEvent
from forty2.inventory.models import AISystem
from forty2.tenancy.models import Role

from ._io import csv_bytes, linked_records, problems, run_import, where

HEADER = ["name", "purpose"]


@pytest.fixture
def owner(member):
    return member(Role.OWNER)


def test_non_utf8_file_names_the_offset_and_line(owner):
    data = "name,purpose\nCaf\u00e9 bot,p\n".encode("latin-1")
    message = problems(owner, data)[0]["message"]
    assert "not UTF-8" in message and "offset 16" in message and "line 2" in message and "0xE9" in message


def test_utf16_and_nul_bytes_are_refused(owner):
    assert "UTF-16" in problems(owner, "name,purpose\n".encode("utf-16"))[0]["message"]
    assert "NUL" in problems(owner, b"name,purpose\nA\x00,p\n")[0]["message"]


def test_malformed_csv_names_the_line(owner):
    found = problems(owner, b'name,purpose\nA,p\nB,"unterminated\n')
    assert "Malformed CSV" in found[0]["message"] and AISystem.objects.count() == 0
    found = problems(owner, b'name,purpose\nA,"quoted"trailing\n')
    assert "Malformed CSV at line 2" in found[0]["message"]


def test_missing_required_columns_are_each_named(owner):
    found = problems(owner, csv_bytes([["description"], ["x"]]))
    assert where(found) == {(1, "name"), (1, "purpose")}


def test_unknown_and_duplicate_columns(owner):
    found = problems(owner, csv_bytes([["name", "purpose", "colour", "Name"], ["A", "p", "red", "B"]]))
    messages = {p["column"]: p["message"] for p in found}
    assert "Unknown column 'colour'" in messages["colour"]
    assert "appears twice" in messages["name"]


def test_values_without_a_header_are_refused(owner):
    found = problems(owner, csv_bytes([["name", "purpose"], ["A", "p", "stray"]]))
    assert where(found) == {(2, "C")}


def test_duplicate_names_in_the_file(owner):
    found = problems(owner, csv_bytes([HEADER, ["Chatbot", "p"], ["Other", "p"], ["CHATBOT", "p"]]))
    assert where(found) == {(4, "name")} and "first on row 2" in found[0]["message"]
    assert AISystem.objects.count() == 0


def test_name_already_in_the_register_needs_update_existing(owner):
    run_import(owner, csv_bytes([HEADER, ["Chatbot", "p"]]))
    found = problems(owner, csv_bytes([HEADER, ["New", "p"], ["chatbot", "p2"]]))
    assert where(found) == {(3, "name")} and "update existing" in found[0]["message"]
    assert not AISystem.objects.filter(name="New").exists()
    assert run_import(owner, csv_bytes([HEADER, ["chatbot", "p2"]]), update_existing=True).updated == 1


def test_invalid_enum_value_names_row_column_and_allowed_values(owner):
    found = problems(owner, csv_bytes([HEADER + ["lifecycle_stage", "ai_roles"], ["A", "p", "deployment", "provider"],
                                       ["B", "p", "live", "vendor"]]))
    assert where(found) == {(3, "lifecycle_stage"), (3, "ai_roles")}
    stage = next(p for p in found if p["column"] == "lifecycle_stage")
    assert "'live' is not allowed" in stage["message"] and "operation_monitoring" in stage["message"]


def test_wrong_boolean_and_unknown_owner(owner):
    found = problems(owner, csv_bytes([HEADER + ["vulnerable_groups", "business_owner"],
                                       ["A", "p", "maybe", "nobody@elsewhere.example"]]))
    assert where(found) == {(2, "vulnerable_groups"), (2, "business_owner")}


def test_over_long_text_is_refused(owner):
    found = problems(owner, csv_bytes([HEADER, ["x" * 201, "p"]]))
    assert where(found) == {(2, "name")} and "At most 200" in found[0]["message"]


def test_unknown_or_ambiguous_linked_names(owner):
    linked_records(owner)
    found = problems(owner, csv_bytes([HEADER + ["models", "datasets", "suppliers"],
                                       ["A", "p", "SepsisWatch", "EHR extract", "Unknown Vendor"],
                                       ["B", "p", "GPT-9", "", ""]]))
    assert where(found) == {(2, "models"), (2, "suppliers"), (3, "models")}
    messages = {(p["row"], p["column"]): p["message"] for p in found}
    assert "name@version" in messages[(2, "models")]
    assert "No model named 'GPT-9'" in messages[(3, "models")]


def test_one_bad_row_among_good_ones_saves_nothing(owner):
    events = AuditEvent.objects.count()
    rows = [HEADER] + [[f"System {i}", "p"] for i in range(20)] + [["Bad", ""]]
    found = problems(owner, csv_bytes(rows))
    assert where(found) == {(22, "purpose")}
    assert AISystem.objects.count() == 0 and AuditEvent.objects.count() == events


def test_header_only_and_empty_files(owner):
    assert "no AI systems" in problems(owner, csv_bytes([HEADER]))[0]["message"]
    assert "empty" in problems(owner, b"")[0]["message"]


def test_size_and_row_limits(owner, settings, monkeypatch):
    settings.FORTY2_MAX_IMPORT_BYTES = 100
    assert "larger than" in problems(owner, b"name,purpose\n" + b"A,p\n" * 50)[0]["message"]
    settings.FORTY2_MAX_IMPORT_BYTES = 10 * 1024 * 1024
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    assert "at most 3" in problems(owner, csv_bytes([HEADER] + [[f"S{i}", "p"] for i in range(5)]))[0]["message"]


def test_unsupported_file_type(owner):
    assert ".xlsx" in problems(owner, b"whatever", "report.ods")[0]["message"]
    assert "Upload a .csv or .xlsx" in problems(owner, b"whatever", "report.pdf")[0]["message"]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CONTRIBUTOR, Role.INTERNAL_AUDITOR, Role.EXTERNAL_AUDITOR])
def test_roles_that_may_not_import(member, role):
    with pytest.raises(PermissionDenied):
        run_import(member(role), csv_bytes([HEADER, ["A", "p"]]))
    assert AISystem.objects.count() == 0
