"""Importing an OSCAL catalog (JSON): groups and controls become requirement nodes, refs come from the
``label`` property, ``guidance`` is guidance and ``statement`` is the source's own text (ISO/IEC 42001 4.2)."""

import json

import pytest

from forty2.catalog.export_oscal import export_catalog
from forty2.catalog.models import Framework, Requirement

from .conftest import DATA

pytestmark = pytest.mark.django_db
SMALL = DATA / "oscal_small.json"


def test_a_catalog_imports_with_labels_as_refs(cli):
    run = cli("import", SMALL, "--format", "oscal", "--slug", "clinic-security")
    assert run.code == 0, run.err
    fw = Framework.objects.get(slug="clinic-security")
    assert fw.name == "Clinic security baseline" and fw.version == "2026.1" and fw.origin == "imported"
    nodes = {r.ref: r for r in Requirement.objects.filter(framework=fw)}
    assert set(nodes) == {"ac", "AC-1", "AC-1(1)", "A", "A.5.1", "A.5.2", "5.1"}
    assert nodes["AC-1(1)"].parent.ref == "AC-1" and nodes["AC-1"].parent.ref == "ac"
    assert nodes["ac"].kind == "control_group" and not nodes["ac"].assessable
    assert nodes["AC-1"].kind == "control" and nodes["AC-1"].assessable
    assert nodes["AC-1"].guidance == "Look for an approved, current policy."
    assert nodes["AC-1"].official_text == "Develop and document an access control policy."


def test_numbered_controls_in_an_annex_a_group_do_not_collide_with_clauses(cli):
    cli("import", SMALL, "--slug", "clinic-security")
    clause = Requirement.objects.get(framework__slug="clinic-security", ref="5.1")
    control = Requirement.objects.get(framework__slug="clinic-security", ref="A.5.1")
    assert clause.kind == "clause" and clause.title == "Leadership"
    assert control.title == "Policies for AI" and control.parent.ref == "A"


def test_a_forty2_export_round_trips(cli, tmp_path):
    source = Framework.objects.get(slug="nist-ai-rmf-1.0")
    path = tmp_path / "nist.json"
    path.write_text(json.dumps(export_catalog(source)))
    assert cli("import", path, "--slug", "nist-copy").code == 0
    fields = ("ref", "title", "kind", "assessable", "guidance", "typical_evidence", "documented_information",
              "parent__ref", "position")
    original = list(Requirement.objects.filter(framework=source).order_by("position").values_list(*fields))
    copy = list(Requirement.objects.filter(framework__slug="nist-copy").order_by("position").values_list(*fields))
    assert copy == original


def test_without_slug_a_forty2_export_names_its_framework(cli, tmp_path):
    path = tmp_path / "42001.json"
    path.write_text(json.dumps(export_catalog(Framework.objects.get(slug="iso-iec-42001-2023"))))
    run = cli("import", path)
    assert run.code == 2 and "ships with Forty2" in run.err


@pytest.mark.parametrize("mutate, message", [
    (lambda c: c["groups"][0]["controls"].append(dict(c["groups"][0]["controls"][0])), "duplicate id 'ac-1'"),
    (lambda c: c["groups"][1]["controls"][0].pop("id"), "catalog.groups[1].controls[0]: control has no id"),
    (lambda c: c.pop("metadata"), "metadata with a title is required"),
])
def test_structural_problems_exit_2_with_the_json_path(cli, tmp_path, mutate, message):
    doc = json.loads(SMALL.read_text())
    mutate(doc["catalog"])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    before = Requirement.objects.count()
    run = cli("import", path, "--slug", "clinic-security")
    assert run.code == 2
    assert message in run.err
    assert Requirement.objects.count() == before
