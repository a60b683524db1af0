"""Every declared record type gets ``forty2 import NAME`` and ``forty2 export NAME`` from its declaration
(forty2/records/cli.py ``register_record_kinds``): the list's filters, all-or-nothing imports, one-line errors."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from forty2.context.models import ContextIssue
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_export_then_import_round_trips_through_the_services(member, tmp_path):
    member(Role.OWNER)
    source = tmp_path / "in.csv"
    source.write_text("name,origin,effect\nSkills gap,internal,Needs a plan\nNew AI law,external,Obligations\n",
                      encoding="utf-8")
    out = io.StringIO()
    call_command("import", "context-issues", str(source), "--org", "acme", stdout=out)
    assert "2 new" in out.getvalue() and ContextIssue.objects.filter(name="Skills gap").exists()
    target = tmp_path / "out.csv"
    call_command("export", "context-issues", "--org", "acme", "-o", str(target), "--filter", "origin=external",
                 stdout=io.StringIO())
    assert [r["name"] for r in _rows(target)] == ["New AI law"]


def test_a_bad_row_saves_nothing_and_names_row_and_column(member, tmp_path):
    member(Role.OWNER)
    source = tmp_path / "in.csv"
    source.write_text("name,origin\nFine one,internal\nBad one,sideways\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "context-issues", str(source), "--org", "acme", stdout=io.StringIO(), stderr=err)
    assert "row 3, column origin" in err.getvalue()
    assert not ContextIssue.objects.exists()


@pytest.mark.parametrize("given, says", [("origin=sideways", "'sideways' is not allowed"),
                                         ("colour=red", "no filter colour"), ("origin", "FIELD=VALUE")])
def test_a_bad_filter_is_one_clear_line(member, tmp_path, given, says):
    member(Role.OWNER)
    with pytest.raises(CommandError) as refused:
        call_command("export", "context-issues", "--org", "acme", "-o", str(tmp_path / "x.csv"), "--filter", given,
                     stdout=io.StringIO())
    assert says in str(refused.value) and "\n" not in str(refused.value)


def test_a_dry_run_of_a_type_without_a_stage_saves_nothing(member, tmp_path):
    member(Role.OWNER)
    source = tmp_path / "in.csv"
    source.write_text("name,origin\nFine one,internal\n", encoding="utf-8")
    call_command("import", "context-issues", str(source), "--org", "acme", "--dry-run", stdout=io.StringIO())
    assert not ContextIssue.objects.exists()
