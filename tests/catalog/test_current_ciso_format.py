"""Today's CISO Assistant libraries import: fields and sections Forty2 does not use (the converter stamp,
scores, implementation groups, questions, reference controls, threats, risk matrices) are warned once each and
ignored, never fatal (ISO/IEC 42001 4.2: bring in the requirements of interested parties as published)."""

import pytest

from forty2.catalog.models import Framework, Requirement

from .conftest import DATA

pytestmark = pytest.mark.django_db


def test_a_library_with_fields_forty2_does_not_use_imports_with_warnings(cli):
    run = cli("import", DATA / "ciso_current_format.yaml")
    assert run.code == 0, run.err
    assert Framework.objects.filter(slug="harbour-ops").exists()
    assert Requirement.objects.filter(framework__slug="harbour-ops", assessable=True).count() == 4
    assert "objects.threats ignored" in run.err and "objects.risk_matrix ignored" in run.err
    assert "objects.reference_controls ignored" in run.err


def test_each_unused_field_is_reported_once_with_its_first_place_and_count(cli):
    run = cli("import", DATA / "ciso_current_format.yaml")
    lines = [line for line in run.err.splitlines() if "'sparkle'" in line]
    assert lines == ["warning: ciso_current_format.yaml:46 requirement_nodes[1]: requirement node: field 'sparkle' "
                     "is not used by Forty2; ignored (2 times)"]
    assert "convert_library_version" not in run.err  # a field of every current library: known, not noise


def test_strict_still_refuses_what_it_would_ignore(cli):
    run = cli("import", DATA / "ciso_current_format.yaml", "--strict")
    assert run.code == 2 and "(--strict)" in run.err
    assert not Framework.objects.filter(slug="harbour-ops").exists()


def test_a_library_of_threats_only_imports_nothing_and_says_so(cli, tmp_path):
    path = tmp_path / "threats.yaml"
    path.write_text("urn: urn:forty2-test:risk:library:threats\nname: Threat catalogue\nversion: 1\nobjects:\n"
                    "  threats:\n  - {urn: 'urn:forty2-test:risk:threat:t1', ref_id: T1, name: Flood}\n")
    run = cli("import", path)
    assert run.code == 0, run.err
    assert "holds no framework and no mapping set (only: threats)" in run.err
    assert "requirements: 0 created" in run.out
