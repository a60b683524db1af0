"""A requirement removed by a pruned import brings its crosswalk rows back when it returns: the rows are kept
on their mapping set meanwhile, with their relationship, note and provenance (ISO/IEC 42001 7.5.3)."""

import pytest

from forty2.catalog.models import Mapping

from .conftest import DATA

pytestmark = pytest.mark.django_db


def rows():
    return sorted((m.source.ref, m.target.ref, m.relationship, m.note, m.provenance)
                  for m in Mapping.objects.filter(mapping_set__target__slug="clinic-controls"))


def test_re_importing_the_full_library_restores_the_crosswalk(cli):
    cli("import", DATA / "ciso_clinic_controls.yaml")
    cli("import", DATA / "ciso_mapping_42001.yaml")
    before = rows()
    assert len(before) == 4
    assert cli("import", DATA / "ciso_clinic_controls_truncated.yaml", "--prune").code == 0
    assert len(rows()) == 1
    run = cli("import", DATA / "ciso_clinic_controls.yaml")
    assert run.code == 0, run.err
    assert rows() == before
    assert "3 restored with their requirement" in run.out
