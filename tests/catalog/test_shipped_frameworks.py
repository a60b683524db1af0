"""The frameworks and crosswalks Forty2 ships, as loaded by ``migrate`` (ISO/IEC 42001 clauses 4-10 and
Annex A; ISO/IEC 27001:2022 Annex A; NIST AI RMF 1.0; EU AI Act; ISO 9001:2015)."""

import re

import pytest

from forty2.catalog.models import Framework, Mapping, Requirement

pytestmark = pytest.mark.django_db

SHIPPED = ["iso-iec-42001-2023", "iso-iec-27001-2022", "iso-9001-2015", "nist-ai-rmf-1.0", "eu-ai-act-2024-1689"]


def nodes(slug, **filters):
    return Requirement.objects.filter(framework__slug=slug, **filters).order_by("position")


def test_the_five_frameworks_ship_with_a_data_version():
    installed = {f.slug: f for f in Framework.objects.all()}
    assert set(SHIPPED) <= set(installed)
    for slug in SHIPPED:
        assert installed[slug].origin == "shipped"
        assert installed[slug].data_version >= 1
        assert installed[slug].licence_note


def test_42001_has_32_assessable_clauses_and_38_annex_a_controls_numbered_as_published():
    clauses = nodes("iso-iec-42001-2023", kind="clause", assessable=True)
    controls = nodes("iso-iec-42001-2023", kind="control", assessable=True)
    assert clauses.count() == 32
    assert controls.count() == 38
    assert nodes("iso-iec-42001-2023", assessable=True).count() == 70
    assert all(re.fullmatch(r"(4|5|6|7|8|9|10)(\.\d+){1,2}", c.ref) for c in clauses)
    refs = [c.ref for c in controls]
    assert refs[:3] == ["A.2.2", "A.2.3", "A.2.4"]
    assert "A.6.2.4" in refs and "A.10.4" in refs
    # controls are numbered from .2 within their group
    assert not [r for r in refs if r.endswith(".1")]


def test_42001_annex_a_has_nine_groups_with_two_sub_groups_under_a6():
    groups = nodes("iso-iec-42001-2023", kind="control_group")
    top = [g.ref for g in groups if g.parent_id is None]
    assert top == [f"A.{n}" for n in range(2, 11)]
    a6 = groups.get(ref="A.6")
    assert [g.ref for g in a6.children.order_by("position")] == ["A.6.1", "A.6.2"]
    assert Requirement.objects.get(framework__slug="iso-iec-42001-2023", ref="A.6.2.4").parent.ref == "A.6.2"


def test_27001_has_93_annex_a_controls_with_a_prefixed_refs():
    controls = nodes("iso-iec-27001-2022", kind="control")
    assert controls.count() == 93
    assert all(c.ref.startswith("A.") for c in controls)
    # control A.5.1 and clause 5.1 are different requirements
    clause, control = nodes("iso-iec-27001-2022", ref="5.1").get(), nodes("iso-iec-27001-2022", ref="A.5.1").get()
    assert clause.kind == "clause" and control.kind == "control" and clause.pk != control.pk


def test_nist_ai_rmf_has_72_subcategories_each_mapped_to_42001():
    subcategories = nodes("nist-ai-rmf-1.0", kind="subcategory")
    assert subcategories.count() == 72
    mapped = set(Mapping.objects.filter(mapping_set__source__slug="nist-ai-rmf-1.0",
                                        mapping_set__target__slug="iso-iec-42001-2023")
                 .values_list("source__ref", flat=True))
    assert {s.ref for s in subcategories} == mapped


def test_every_assessable_node_has_guidance_of_its_own():
    assessable = Requirement.objects.filter(assessable=True, framework__origin="shipped")
    assert assessable.count() > 300
    assert not assessable.filter(guidance="").exists()
    for slug in SHIPPED:
        texts = list(nodes(slug, assessable=True).values_list("guidance", flat=True))
        assert len(texts) == len(set(texts)), f"{slug}: two assessable nodes share the same guidance"


def test_every_mapping_row_has_provenance():
    assert Mapping.objects.count() >= 400
    assert not Mapping.objects.filter(provenance="").exists()


@pytest.mark.parametrize("subcategory, published_as", [
    ("MAP 1.4", "B.2.2 Customers"),
    ("GOVERN 3.2", "B.3.2 Management review inputs"),
    ("MAP 1.5", "6.1.1 Objective"),
    ("GOVERN 2.1", "7..2 Competence"),
])
def test_the_four_nist_crosswalk_slips_carry_a_correction_note(subcategory, published_as):
    row = Mapping.objects.get(source__framework__slug="nist-ai-rmf-1.0", source__ref=subcategory,
                              published_as=published_as)
    assert re.match(r"^(Corrected|Reviewed, kept)\.", row.note) or "slip" in row.note
    assert published_as.split()[0] in row.note


def test_the_map_1_4_slip_is_corrected_to_a_10_4_with_the_original_kept():
    row = Mapping.objects.get(source__framework__slug="nist-ai-rmf-1.0", source__ref="MAP 1.4",
                              published_as="B.2.2 Customers")
    assert row.target.ref == "A.10.4"
    assert row.correction_original_ref == "A.2.2"
    assert row.correction_reason


def test_refs_are_written_as_the_source_writes_them():
    for slug, ref in [("iso-iec-42001-2023", "A.6.2.4"), ("iso-iec-42001-2023", "6.1.4"),
                      ("nist-ai-rmf-1.0", "GOVERN 1.1"), ("eu-ai-act-2024-1689", "Art. 27")]:
        assert nodes(slug, ref=ref).exists(), (slug, ref)
