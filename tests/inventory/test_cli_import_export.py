"""`forty2 import ai-systems` and `forty2 export ai-systems`: results, reports and exit codes
(docs/architecture.md "Errors")."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from forty2.inventory.models import AISystem
from forty2.tenancy.models import Role

from ._io import csv_bytes


@pytest.fixture
def owner(member):
    return member(Role.OWNER)


@pytest.fixture
def good_csv(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes([["name", "purpose"], ["Chatbot", "Book"], ["Triage", "Prioritise"]]))
    return path


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    return info.value, err.getvalue()


def test_import_reports_what_it_did_and_is_quiet_when_piped(owner, good_csv, capsys):
    out, err = run("import", "ai-systems", str(good_csv), "--org", "acme")
    assert out.strip() == "imported 2 AI systems (2 new, 0 updated, 0 unchanged)"
    assert err == "" and capsys.readouterr().err == ""  # no progress bar off a terminal
    assert AISystem.objects.count() == 2


def test_bad_rows_are_listed_and_exit_2_with_nothing_saved(owner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["name", "purpose", "status"], ["A", "p", "approved"], ["B", "p", "live"],
                                ["C", "", ""]]))
    error, err = fails("import", "ai-systems", str(path), "--org", "acme")
    assert error.returncode == 2 and "nothing was imported" in str(error)
    assert "row 3, column status: 'live' is not allowed" in err and "row 4, column purpose" in err
    assert AISystem.objects.count() == 0


def test_dry_run_and_update_existing(owner, good_csv):
    out, _ = run("import", "ai-systems", str(good_csv), "--org", "acme", "--dry-run")
    assert out.startswith("would import 2") and AISystem.objects.count() == 0
    run("import", "ai-systems", str(good_csv), "--org", "acme")
    error, _ = fails("import", "ai-systems", str(good_csv), "--org", "acme")
    assert error.returncode == 2
    out, _ = run("import", "ai-systems", str(good_csv), "--org", "acme", "--update-existing")
    assert "2 unchanged" in out


@pytest.mark.parametrize("args, text", [
    (("import", "ai-systemz", "x.csv", "--org", "acme"), "invalid choice"),
    (("import", "ai-systems", "--org", "acme"), "required"),
    (("import", "ai-systems", "missing.csv", "--org", "acme"), "no such file"),
    (("import", "ai-systems", "{csv}", "--org", "nope"), "no organisation with slug 'nope'"),
    (("import", "ai-systems", "{csv}", "--org", "acme", "--as", "stranger@example.com"), "not an active member"),
    (("import", "ai-systems", "{csv}", "--org", "acme", "--as", "viewer@acme.example"), "may not import"),
    (("export", "ai-systems", "--org", "acme", "--format", "pdf", "-o", "x"), "invalid choice"),
    (("export", "ai-systems", "--org", "acme"), "required"),
    (("export", "ai-systems", "--org", "acme", "--format", "xlsx", "-o", "-"), "standard output"),
    (("export", "ai-systems", "--org", "acme", "--status", "live", "-o", "-"), "invalid choice"),
    (("export", "ai-systems", "--org", "acme", "--ordering", "colour", "-o", "-"), "Cannot sort by"),
    (("export", "reports", "--org", "acme", "-o", "-"), "invalid choice"),
])
def test_bad_arguments_exit_2_with_one_line(owner, member, good_csv, args, text):
    member(Role.VIEWER)
    args = [a.replace("{csv}", str(good_csv)) for a in args]
    error, _ = fails(*args)
    assert error.returncode == 2 and text in str(error) and "\n" not in str(error)


def test_export_to_files_and_stdout(owner, good_csv, tmp_path):
    run("import", "ai-systems", str(good_csv), "--org", "acme")
    out, _ = run("export", "ai-systems", "--org", "acme", "-o", "-", "-q", "chat")
    assert out.splitlines()[1].startswith("Chatbot,Book") and len(out.splitlines()) == 2
    assert not out.startswith("\ufeff")
    target = tmp_path / "register.xlsx"
    out, _ = run("export", "ai-systems", "--org", "acme", "-o", str(target))
    assert out.strip() == f"exported 2 AI systems to {target}"
    sheet = openpyxl.load_workbook(target).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["name", "Chatbot", "Triage"]
    out, _ = run("import", "ai-systems", str(target), "--org", "acme", "--update-existing")
    assert "2 unchanged" in out


def test_help_is_available(capsys):
    for command in (("import", "ai-systems"), ("export", "ai-systems"), ("demo",)):
        with pytest.raises(SystemExit) as info:
            call_command(*command, "--help")
        assert info.value.code == 0
        assert "usage:" in capsys.readouterr().out
