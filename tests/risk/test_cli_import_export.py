"""`forty2 import risks` and `forty2 export risks`: all-or-nothing import with a row/column report, export that
re-imports (ISO/IEC 42001 6.1.2, 7.5)."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from forty2.inventory.services import create_ai_system
from forty2.risk.models import Risk
from forty2.tenancy.models import Role


@pytest.fixture
def owner(member):
    m = member(Role.OWNER)
    create_ai_system(m, {"name": "Sepsis early warning", "purpose": "p"})
    return m


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, text):
    path = tmp_path / "risks.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_creates_scored_risks_linked_to_systems(owner, tmp_path):
    path = write(tmp_path, "title,ai_systems,inherent_likelihood,inherent_consequence,sources,controls\n"
                           "Drift,Sepsis early warning,4,4,machine_learning; life_cycle,A.6.2.6\n"
                           "Bias,,2,3,,\n")
    out, _err = run("import", "risks", str(path), "--org", "acme")
    assert out.strip() == "imported 2 risks (2 new, 0 updated, 0 unchanged)"
    drift = Risk.objects.get(title="Drift")
    assert drift.inherent_level == "high" and drift.controls == ["A.6.2.6"]
    assert list(drift.ai_systems.values_list("name", flat=True)) == ["Sepsis early warning"]


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_saved(owner, tmp_path):
    path = write(tmp_path, "title,ai_systems,inherent_likelihood\nGood,,2\nBad,Unknown system,7\n,,1\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import", "risks", str(path), "--org", "acme", stdout=io.StringIO(), stderr=err)
    assert info.value.returncode == 2
    report = err.getvalue()
    assert "row 3, column ai_systems" in report and "row 3, column inherent_likelihood" in report
    assert "row 4, column title" in report
    assert not Risk.objects.exists()


def test_dry_run_saves_nothing(owner, tmp_path):
    path = write(tmp_path, "title\nDrift\n")
    out, _ = run("import", "risks", str(path), "--org", "acme", "--dry-run")
    assert out.startswith("would import 1") and not Risk.objects.exists()


def test_export_reimports(owner, tmp_path):
    path = write(tmp_path, "title,ai_systems,residual_likelihood,residual_consequence\n"
                           "Drift,Sepsis early warning,2,2\n")
    run("import", "risks", str(path), "--org", "acme")
    target = tmp_path / "out.xlsx"
    out, _ = run("export", "risks", "--org", "acme", "-o", str(target))
    assert out.strip() == f"exported 1 risk to {target}"
    sheet = openpyxl.load_workbook(target).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=False))
    assert row["title"] == "Drift" and row["residual_level"] == "low" and row["ai_systems"] == "Sepsis early warning"
    out, _ = run("import", "risks", str(target), "--org", "acme", "--update-existing")
    assert "1 unchanged" in out
