"""Exporting the AI system register (ISO/IEC 42001 4.1, A.4.2, 7.5): the same columns, re-importable,
safe to open in a spreadsheet program, and only the caller's organisation."""

import csv
import io

import openpyxl
import pytest

from forty2.core.models import AuditEvent
from forty2.inventory import queries, services
from forty2.inventory.importexport import EXPORT_COLUMNS as COLUMNS
from forty2.inventory.importexport import export_ai_systems
from forty2.inventory.models import AISystem
from forty2.tenancy.models import Role

from ._io import linked_records, run_import


@pytest.fixture
def register(member):
    owner = member(Role.OWNER)
    member(Role.CONTRIBUTOR, email="mei@acme.example")
    refs = linked_records(owner)
    services.create_ai_system(owner, {
        "name": "Sepsis alert", "purpose": "Flag sepsis, early", "description": 'Multi-line\n"quoted", text',
        "business_owner": "owner@acme.example", "technical_owner": "mei@acme.example",
        "lifecycle_stage": "operation_monitoring", "ai_roles": ["provider", "producer"], "vulnerable_groups": True,
        "automation": "decision_support", "personal_data": "special_category", "criticality": "critical",
        "status": "approved", "model_ids": [refs["gbm2"].pk, refs["llm"].pk], "dataset_ids": [refs["ehr"].pk],
        "supplier_ids": [refs["vendor"].pk]})
    services.create_ai_system(owner, {"name": "Formula", "purpose": "=HYPERLINK(\"http://evil.example\")",
                                      "intended_use": "-1+2", "geography": "@SUM(A1)", "vulnerable_groups": False})
    services.create_ai_system(owner, {"name": "Plain", "purpose": "p"})
    return owner


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_unchanged(register, fmt):
    org = register.organization
    before = {s.pk: (s.version, s.updated_at) for s in AISystem.objects.all()}
    data = export_ai_systems(queries.ai_systems(org), fmt)
    events = AuditEvent.objects.filter(action__startswith="ai_system.update").count()
    result = run_import(register, data, fmt, update_existing=True)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert {s.pk: (s.version, s.updated_at) for s in AISystem.objects.all()} == before
    assert AuditEvent.objects.filter(action__startswith="ai_system.update").count() == events
    assert AISystem.objects.get(name="Formula").purpose == '=HYPERLINK("http://evil.example")'


def test_csv_has_the_import_columns_and_readable_values(register):
    rows = _csv_rows(export_ai_systems(queries.ai_systems(register.organization), "csv"))
    assert rows[0] == list(COLUMNS)
    sepsis = dict(zip(COLUMNS, rows[3], strict=True))  # ordered by name: Formula, Plain, Sepsis alert
    assert sepsis["ai_roles"] == "provider; producer" and sepsis["vulnerable_groups"] == "yes"
    assert sepsis["models"] == "Nimbus-4; SepsisWatch@2.0" and sepsis["suppliers"] == "Radiant Imaging"
    assert sepsis["technical_owner"] == "mei@acme.example" and sepsis["description"] == 'Multi-line\n"quoted", text'
    # read-only report columns follow the importable ones; the risk profile is derived on registration
    assert sepsis["risk_profile_level"] in {"low", "medium", "high", "critical", "incomplete"}
    assert sepsis["created_at"][:4].isdigit()


def test_formula_injection_guard(register):
    org = register.organization
    row = dict(zip(COLUMNS, _csv_rows(export_ai_systems(queries.ai_systems(org, q="Formula"), "csv"))[1],
                   strict=True))
    assert row["purpose"].startswith("'=") and row["intended_use"] == "'-1+2" and row["geography"] == "'@SUM(A1)"
    sheet = openpyxl.load_workbook(io.BytesIO(export_ai_systems(queries.ai_systems(org, q="Formula"), "xlsx"))).active
    cells = {c.value: c for c in sheet[2] if c.value}
    assert "'=HYPERLINK(\"http://evil.example\")" in cells
    assert all(c.data_type == "s" for c in sheet[2] if c.value)  # text, never a formula


def test_xlsx_header_is_bold_frozen_and_filtered(register):
    sheet = openpyxl.load_workbook(io.BytesIO(export_ai_systems(queries.ai_systems(register.organization),
                                                                "xlsx"))).active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:AD4"
    assert 10 <= sheet.column_dimensions["B"].width <= 60


def test_other_organisations_systems_are_never_exported(register, member, globex):
    other = member(Role.OWNER, org=globex)
    services.create_ai_system(other, {"name": "Globex secret router", "purpose": "Routes"})
    data = export_ai_systems(queries.ai_systems(register.organization), "csv")
    assert b"Globex secret router" not in data
    assert [r[0] for r in _csv_rows(export_ai_systems(queries.ai_systems(globex), "csv"))[1:]] == [
        "Globex secret router"]


def test_filters_apply_and_archived_systems_are_left_out(register):
    org = register.organization
    services.archive_ai_system(register, AISystem.objects.get(name="Plain"))
    names = [r[0] for r in _csv_rows(export_ai_systems(queries.ai_systems(org), "csv"))[1:]]
    assert names == ["Formula", "Sepsis alert"]
    approved = _csv_rows(export_ai_systems(queries.ai_systems(org, status="approved"), "csv"))
    assert [r[0] for r in approved[1:]] == ["Sepsis alert"]
