"""Importing CISO Assistant's open YAML library format: framework + requirement_nodes +
requirement_mapping_sets (ISO/IEC 42001 4.2: other requirements the organisation has taken on)."""

import pytest

from forty2.catalog.models import Framework, Mapping, Requirement
from forty2.core.models import AuditEvent

from .conftest import DATA

pytestmark = pytest.mark.django_db
GOOD = DATA / "ciso_good.yaml"


def test_a_library_imports_its_framework_and_mappings(cli):
    run = cli("import", GOOD)
    assert run.code == 0, run.err
    fw = Framework.objects.get(slug="clinic-ai-policy")
    assert fw.origin == "imported" and fw.name == "Clinic AI policy baseline"
    assert fw.urn == "urn:forty2-test:risk:framework:clinic-ai-policy"
    assert fw.data_version == 3 and fw.publisher == "Forty2 tests"
    refs = list(Requirement.objects.filter(framework=fw).order_by("position").values_list("ref", flat=True))
    assert refs == ["5", "5.1", "A", "A.5", "A.5.1", "A.5.2"]


def test_annex_a_numbers_never_collide_with_clauses(cli):
    cli("import", GOOD)
    clause = Requirement.objects.get(framework__slug="clinic-ai-policy", ref="5.1")
    control = Requirement.objects.get(framework__slug="clinic-ai-policy", ref="A.5.1")
    assert clause.title == "Board oversight of AI"
    assert control.title == "AI use policy" and control.parent.ref == "A.5"


def test_node_text_guidance_and_evidence(cli):
    cli("import", GOOD)
    node = Requirement.objects.get(framework__slug="clinic-ai-policy", ref="5.1")
    assert node.guidance == "Look for board minutes approving the AI policy."
    assert node.typical_evidence == ["Board minutes", "Approved AI policy"]
    # the library's own requirement text is this installation's official text, not Forty2 guidance
    assert node.official_text == "The board approves the clinic's use of AI."
    assert node.assessable and node.kind == "control"


def test_equal_means_equivalent_and_every_row_gets_provenance(cli):
    cli("import", GOOD)
    rows = {(m.source.ref, m.target.framework.slug, m.target.ref): m
            for m in Mapping.objects.filter(mapping_set__source__slug="clinic-ai-policy")}
    assert rows[("5.1", "iso-iec-27001-2022", "5.1")].relationship == "equivalent"
    assert rows[("A.5.1", "iso-iec-27001-2022", "A.5.1")].relationship == "subset"
    assert rows[("A.5.2", "iso-iec-27001-2022", "A.5.20")].note.startswith("Supplier agreements.")
    assert rows[("A.5.1", "iso-iec-42001-2023", "A.2.2")].relationship == "superset"
    assert len(rows) == 4
    for m in rows.values():
        assert "ciso_good.yaml" in m.provenance and "CISO Assistant" in m.provenance


def test_not_related_rows_and_reverse_sets_are_skipped_with_a_warning(cli):
    run = cli("import", GOOD)
    assert "ciso_good.yaml:80 requirement_mappings[3]: relationship not_related: row skipped" in run.err
    assert "reverse of the clinic-ai-policy -> iso-iec-42001-2023 mapping set" in run.err
    assert "2 warning(s)" in run.out


def test_the_import_is_audited_on_the_installation_chain(cli):
    cli("import", GOOD)
    event = AuditEvent.objects.filter(action="catalog.import").get()
    assert event.organization is None and event.chain == "installation"
    assert event.changes["frameworks_created"] == ["clinic-ai-policy"]


def test_importing_the_same_file_again_changes_nothing(cli):
    cli("import", GOOD)
    again = cli("import", GOOD)
    assert again.code == 0
    assert "6 unchanged" in again.out and "4 unchanged" in again.out
    assert AuditEvent.objects.filter(action="catalog.import").count() == 1


def test_a_changed_library_updates_in_place(cli, tmp_path):
    cli("import", GOOD)
    changed = tmp_path / "ciso_good.yaml"
    changed.write_text(GOOD.read_text().replace("name: Supplier AI terms", "name: Supplier AI contract terms")
                       .replace("relationship: subset\n      rationale", "relationship: intersect\n      rationale"))
    run = cli("import", changed)
    assert run.code == 0
    assert "1 updated" in run.out
    assert Requirement.objects.get(framework__slug="clinic-ai-policy", ref="A.5.2").title == \
        "Supplier AI contract terms"
    assert Mapping.objects.get(source__ref="A.5.1", mapping_set__source__slug="clinic-ai-policy",
                               target__ref="A.5.1").relationship == "intersect"


def test_slug_option_renames_the_imported_framework(cli):
    assert cli("import", GOOD, "--slug", "clinic-baseline").code == 0
    assert Framework.objects.filter(slug="clinic-baseline").exists()
    assert not Framework.objects.filter(slug="clinic-ai-policy").exists()
    assert Mapping.objects.filter(mapping_set__source__slug="clinic-baseline").count() == 4
