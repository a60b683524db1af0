"""`forty2 export soa --org SLUG -o FILE`: the Statement of Applicability as CSV or XLSX from the CLI, with the
export permission checked by the service (ISO/IEC 42001 6.1.3 f, 7.5)."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from forty2.tenancy.models import Role


def test_the_soa_is_written_with_every_annex_a_control(member, tmp_path):
    member(Role.OWNER)
    out = io.StringIO()
    path = tmp_path / "soa.csv"
    call_command("export", "soa", "--org", "acme", "-o", str(path), stdout=out)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["control", "title", "applicable"]
    assert sum(1 for r in rows[1:] if r[0].startswith("A.")) == 38
    assert "exported the Statement of Applicability of acme" in out.getvalue()


def test_a_member_who_may_not_export_is_refused_in_one_line(member, tmp_path):
    member(Role.OWNER)
    member(Role.VIEWER)  # viewers may export; an unknown member may not act at all
    with pytest.raises(CommandError) as refused:
        call_command("export", "soa", "--org", "acme", "-o", str(tmp_path / "x.csv"), "--as", "nobody@acme.example",
                     stdout=io.StringIO())
    assert "\n" not in str(refused.value)
