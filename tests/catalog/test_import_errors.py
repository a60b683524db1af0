"""What an import does with a bad file: structural errors change nothing and exit 2; mapping rows whose ends
do not exist are reported (file, line and index, the missing ref) and skipped; --strict makes every warning an
error; --dry-run changes nothing (ISO/IEC 42001 7.5.3: documented information is not half-written)."""

import pytest

from forty2.catalog.models import Framework, Mapping, MappingSet, Requirement
from forty2.core.models import AuditEvent

from .conftest import DATA

pytestmark = pytest.mark.django_db


def snapshot():
    return (Framework.objects.count(), Requirement.objects.count(), MappingSet.objects.count(),
            Mapping.objects.count(), AuditEvent.objects.count())


def test_a_structurally_broken_library_changes_nothing(cli):
    before = snapshot()
    run = cli("import", DATA / "ciso_broken_parent.yaml")
    assert run.code == 2
    assert snapshot() == before
    assert "ciso_broken_parent.yaml:29 requirement_nodes[3]: [2.1] parent" in run.err
    assert "nothing was changed" in run.err


def test_rows_whose_ends_do_not_exist_are_reported_and_skipped(cli):
    run = cli("import", DATA / "ciso_missing_ends.yaml")
    assert run.code == 0, run.err
    assert ("ciso_missing_ends.yaml:37 requirement_mappings[1]: source requirement "
            "'urn:intuitem:risk:req_node:iso27001-2022:a.5.99' (ref 'a.5.99') does not exist") in run.err
    assert "requirement_mappings[2]: target requirement" in run.err and "(ref '9.9')" in run.err
    rows = Mapping.objects.filter(mapping_set__target__slug="clinic-extra")
    assert sorted((m.source.ref, m.target.ref, m.relationship) for m in rows) == [
        ("A.5.9", "1", "equivalent"), ("A.8.16", "2", "intersect")]


def test_strict_turns_warnings_into_errors(cli):
    before = snapshot()
    run = cli("import", DATA / "ciso_missing_ends.yaml", "--strict")
    assert run.code == 2
    assert "(--strict)" in run.err and "a.5.99" in run.err
    assert snapshot() == before


def test_dry_run_reports_but_changes_nothing(cli):
    before = snapshot()
    run = cli("import", DATA / "ciso_missing_ends.yaml", "--dry-run")
    assert run.code == 0
    assert "dry run, nothing changed" in run.out
    assert "frameworks created: clinic-extra" in run.out
    assert "mapping rows: 2 created" in run.out
    assert snapshot() == before


def test_a_shipped_framework_cannot_be_replaced(cli, tmp_path):
    path = tmp_path / "fake.yaml"
    path.write_text("""format: forty2-catalog/1
framework: {slug: iso-iec-42001-2023, name: Fake, version: "1", publisher: x, licence_note: x, data_version: 9}
nodes:
  - {ref: "1", title: One, kind: clause, parent: null, assessable: false}
""")
    before = snapshot()
    run = cli("import", path)
    assert run.code == 2 and "ships with Forty2" in run.err
    assert snapshot() == before


@pytest.mark.parametrize("content, message", [
    ("urn: x\nobjects: {framework: [1, 2\n", "invalid YAML: line"),
    ("urn: x\nurn: y\nobjects: {}\n", "duplicate key"),
    ("just: a mapping\n", "not a catalog file"),
    ("format: forty2-catalog/1\nframework: {slug: x1, name: X, version: '1', publisher: p, licence_note: l, "
     "data_version: 1, colour: red}\nnodes:\n  - {ref: '1', title: One, kind: clause, parent: null, "
     "assessable: false}\n", "unknown field 'colour'"),
    ("format: forty2-catalog/1\nframework: {slug: x1, name: X, version: '1', publisher: p, licence_note: l, "
     "data_version: 1}\nnodes:\n  - {ref: '1', title: One, kind: chapter, parent: null, assessable: false}\n",
     "kind 'chapter' is not one of"),
])
def test_malformed_files_exit_2(cli, tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    before = snapshot()
    run = cli("import", path)
    assert run.code == 2
    assert message in run.err
    assert snapshot() == before


def test_not_utf8_and_missing_files_exit_2(cli, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("urn: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in cli("import", path).err
    assert cli("import", tmp_path / "nope.yaml").code == 2


def test_a_format_that_does_not_match_the_file_exits_2(cli):
    run = cli("import", DATA / "ciso_good.yaml", "--format", "oscal")
    assert run.code == 2
    assert "--format oscal given, but the file looks like ciso-assistant" in run.err
