"""``forty2 catalog export --format oscal``: every exported catalog validates against NIST's published OSCAL
1.2.3 JSON schema, OSCAL ids never start with a digit, and licensed official text stays in this installation
unless explicitly asked for (ISO/IEC 42001 7.5: documented information; licence terms of the standard)."""

import json

import pytest

from forty2.catalog.export_oscal import export_catalog, oscal_id
from forty2.catalog.models import Framework, Requirement

pytestmark = pytest.mark.django_db
SHIPPED = ["iso-iec-42001-2023", "iso-iec-27001-2022", "iso-9001-2015", "nist-ai-rmf-1.0", "eu-ai-act-2024-1689"]


def walk(element):
    for key in ("groups", "controls"):
        for child in element.get(key, []):
            yield child
            yield from walk(child)


@pytest.mark.parametrize("slug", SHIPPED)
def test_the_export_passes_the_nist_schema(cli, tmp_path, oscal_validator, slug):
    out = tmp_path / f"{slug}.json"
    run = cli("export", "--framework", slug, "--format", "oscal", "-o", out)
    assert run.code == 0, run.err
    doc = json.loads(out.read_text())
    errors = [str(e) for e in oscal_validator.iter_errors(doc)]
    assert errors == []
    assert doc["catalog"]["metadata"]["oscal-version"] == "1.2.3"


def test_the_validator_really_checks_ids(oscal_validator):
    doc = export_catalog(Framework.objects.get(slug="iso-iec-42001-2023"))
    assert oscal_validator.is_valid(doc)
    doc["catalog"]["groups"][0]["controls"][0]["id"] = "4.1"
    assert not oscal_validator.is_valid(doc)


def test_ids_do_not_start_with_a_digit_and_labels_keep_the_refs():
    fw = Framework.objects.get(slug="iso-iec-42001-2023")
    elements = list(walk(export_catalog(fw)["catalog"]))
    assert len(elements) == Requirement.objects.filter(framework=fw).count()
    ids = [e["id"] for e in elements]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if i[0].isdigit()]
    labels = {e["id"]: next(p["value"] for p in e["props"] if p["name"] == "label") for e in elements}
    assert labels["cl-4-1"] == "4.1" and labels["a-6-2-4"] == "A.6.2.4"
    assert oscal_id("GOVERN 1.1", "subcategory") == "govern-1-1"
    assert oscal_id("Art. 27", "article") == "art-27"


def test_guidance_is_exported_as_a_guidance_part():
    fw = Framework.objects.get(slug="iso-iec-42001-2023")
    control = next(e for e in walk(export_catalog(fw)["catalog"]) if e["id"] == "a-6-2-4")
    guidance = next(p for p in control["parts"] if p["name"] == "guidance")
    assert guidance["prose"] == Requirement.objects.get(framework=fw, ref="A.6.2.4").guidance


def test_licensed_text_is_not_exported_unless_asked(cli, tmp_path, oscal_validator):
    Requirement.objects.filter(framework__slug="iso-iec-42001-2023", ref="A.6.2.4").update(
        official_text="LICENSED OFFICIAL WORDING", official_text_source="test")
    default = cli("export", "--framework", "iso-iec-42001-2023", "--format", "oscal")
    assert default.code == 0
    assert "LICENSED OFFICIAL WORDING" not in default.out
    assert '"statement"' not in default.out
    out = tmp_path / "with-text.json"
    cli("export", "--framework", "iso-iec-42001-2023", "-o", out, "--include-official-text")
    doc = json.loads(out.read_text())
    assert "LICENSED OFFICIAL WORDING" in out.read_text()
    assert oscal_validator.is_valid(doc)


def test_an_unknown_framework_is_a_one_line_error(cli):
    run = cli("export", "--framework", "nope", "--format", "oscal")
    assert run.code == 2
    assert "no framework 'nope'" in run.err
