"""Forty2's own OSCAL export re-imports with zero changes: version string, licence note, description, URNs,
whose words the guidance is and withdrawn status all survive, in JSON and in YAML, and the export validates
against NIST's OSCAL 1.2.3 schema (ISO/IEC 42001 7.5.3: documented information kept intact)."""

import json

import pytest
import yaml

from forty2.catalog.models import Framework, Requirement

from .conftest import DATA

pytestmark = pytest.mark.django_db


def snapshot(slug):
    fw = Framework.objects.get(slug=slug)
    nodes = list(Requirement.objects.filter(framework=fw).order_by("position").values(
        "ref", "title", "kind", "assessable", "withdrawn", "guidance", "guidance_source", "urn", "parent__ref",
        "official_text", "typical_evidence", "depth"))
    return ({k: getattr(fw, k) for k in ("name", "version", "publisher", "licence_note", "description", "urn",
                                         "short_name", "data_version", "aliases")}, nodes)


def export(cli, tmp_path, slug, *extra):
    out = tmp_path / f"{slug}.json"
    run = cli("export", "--framework", slug, "-o", out, *extra)
    assert run.code == 0, run.err
    return out


@pytest.mark.parametrize("source, slug", [
    (DATA / "nist_sp800_53_excerpt.json", "sp800-53"),
    (DATA / "ciso_current_format.yaml", "harbour-ops"),
])
def test_export_then_import_changes_nothing(cli, tmp_path, oscal_validator, source, slug):
    extra = ("--slug", slug) if source.suffix == ".json" else ()
    assert cli("import", source, *extra).code == 0
    before = snapshot(slug)
    out = export(cli, tmp_path, slug, "--include-official-text")
    assert [str(e) for e in oscal_validator.iter_errors(json.loads(out.read_text()))] == []
    for _cycle in range(2):
        run = cli("import", out)
        assert run.code == 0, run.err
        assert "frameworks updated" not in run.out
        assert " 0 created, 0 updated, 0 removed" in run.out
        assert snapshot(slug) == before
        out = export(cli, tmp_path, slug, "--include-official-text")


def test_the_version_string_does_not_grow(cli, tmp_path):
    cli("import", DATA / "ciso_current_format.yaml")
    doc = json.loads(export(cli, tmp_path, "harbour-ops").read_text())
    assert doc["catalog"]["metadata"]["version"] == "2"


def test_oscal_yaml_is_accepted_with_format_oscal(cli, tmp_path):
    cli("import", DATA / "nist_sp800_53_excerpt.json", "--slug", "sp800-53")
    doc = json.loads(export(cli, tmp_path, "sp800-53").read_text())
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    run = cli("import", path, "--format", "oscal")
    assert run.code == 0, run.err
    assert "requirements: 0 created, 0 updated, 0 removed, 5 unchanged" in run.out


def test_withdrawn_status_is_written_back(cli, tmp_path):
    cli("import", DATA / "nist_sp800_53_excerpt.json", "--slug", "sp800-53")
    doc = json.loads(export(cli, tmp_path, "sp800-53").read_text())
    text = json.dumps(doc)
    assert '{"name": "status", "value": "withdrawn"}' in text
