"""A framework is known by its URNs as well as its slug: another publisher's copy of a shipped framework is not
added as a silent second copy (``--as-new`` imports it on purpose), and mapping libraries attach to the
framework this installation has, whatever the file calls it (ISO/IEC 42001 4.2, 6.1.3)."""

import pytest

from forty2.catalog.models import Framework, Mapping

from .conftest import DATA

pytestmark = pytest.mark.django_db


def test_a_mapping_library_naming_iso_42001_by_its_ciso_urn_attaches_to_the_shipped_one(cli):
    cli("import", DATA / "ciso_clinic_controls.yaml")
    run = cli("import", DATA / "ciso_mapping_42001.yaml")
    assert run.code == 0, run.err
    rows = Mapping.objects.filter(mapping_set__source__slug="iso-iec-42001-2023",
                                  mapping_set__target__slug="clinic-controls")
    assert sorted((m.source.ref, m.target.ref) for m in rows) == [
        ("5.2", "CC-1.1"), ("8.2", "CC-2.1"), ("8.4", "CC-2.2"), ("A.3.2", "CC-1.2")]


def test_a_copy_of_a_shipped_framework_is_recognised_not_duplicated(cli):
    cli("import", DATA / "ciso_current_format.yaml")
    count = Framework.objects.count()
    run = cli("import", DATA / "ciso_iso42001_copy.yaml")
    assert run.code == 0, run.err
    assert Framework.objects.count() == count
    assert "is ISO/IEC 42001 (iso-iec-42001-2023), which ships with Forty2" in run.err
    assert "--as-new" in run.err
    mapped = Mapping.objects.get(mapping_set__target__slug="harbour-ops")
    assert (mapped.source.framework.slug, mapped.source.ref) == ("iso-iec-42001-2023", "4.1")


def test_as_new_imports_the_copy_separately(cli):
    cli("import", DATA / "ciso_current_format.yaml")
    run = cli("import", DATA / "ciso_iso42001_copy.yaml", "--as-new")
    assert run.code == 0, run.err
    copy = Framework.objects.get(slug="iso42001-2023")
    assert copy.origin == "imported" and copy.requirements.count() == 2


def test_later_mappings_attach_to_the_shipped_framework_even_after_an_as_new_copy(cli):
    cli("import", DATA / "ciso_current_format.yaml")
    cli("import", DATA / "ciso_iso42001_copy.yaml", "--as-new")
    cli("import", DATA / "ciso_clinic_controls.yaml")
    assert cli("import", DATA / "ciso_mapping_42001.yaml").code == 0
    assert Mapping.objects.filter(mapping_set__source__slug="iso-iec-42001-2023",
                                  mapping_set__target__slug="clinic-controls").count() == 4


def test_an_export_of_a_shipped_framework_is_recognised_and_refused_without_as_new(cli, tmp_path):
    out = tmp_path / "42001.json"
    assert cli("export", "--framework", "iso-iec-42001-2023", "-o", out).code == 0
    count = Framework.objects.count()
    run = cli("import", out)
    assert run.code == 2 and "ships with Forty2; use --as-new" in run.err
    assert Framework.objects.count() == count
    run = cli("import", out, "--as-new")
    assert run.code == 0, run.err
    assert Framework.objects.get(slug="iso-iec-42001-2023-imported").requirements.count() == 92
