"""Refs stay unique and honest: a heading without ``ref_id`` never takes a real ref (``1``) from its URN, a
``ref_id`` used twice is qualified by its parent, and one longer than 100 characters is shortened, each with a
warning instead of refusing the library (ISO/IEC 42001 4.2)."""

import pytest

from forty2.catalog.models import Requirement

from .conftest import DATA

pytestmark = pytest.mark.django_db


def refs():
    return dict(Requirement.objects.filter(framework__slug="harbour-ops").values_list("urn", "ref"))


def test_headings_without_ref_id_do_not_collide_with_real_refs(cli):
    run = cli("import", DATA / "ciso_current_format.yaml")
    assert run.code == 0, run.err
    by_urn = refs()
    assert by_urn["urn:forty2-test:risk:req_node:harbour-ops:gate-log"] == "1"
    assert by_urn["urn:forty2-test:risk:req_node:harbour-ops:1"] == "Gates"
    assert by_urn["urn:forty2-test:risk:req_node:harbour-ops:2"] == "Quays"
    assert "is its own ancestor" not in run.err


def test_a_ref_used_twice_is_qualified_by_its_parent(cli):
    run = cli("import", DATA / "ciso_current_format.yaml")
    assert refs()["urn:forty2-test:risk:req_node:harbour-ops:quay-1"] == "2 (Quays)"
    assert "ref_id '2' is used twice" in run.err


def test_a_ref_over_100_characters_is_shortened_and_reported(cli):
    run = cli("import", DATA / "ciso_current_format.yaml")
    ref = refs()["urn:forty2-test:risk:req_node:harbour-ops:quay-long"]
    assert len(ref) == 100 and ref.startswith("Quay maintenance plan") and ref.endswith("…")
    assert "is 131 characters" in run.err


def test_re_importing_gives_the_same_refs(cli):
    cli("import", DATA / "ciso_current_format.yaml")
    first = refs()
    run = cli("import", DATA / "ciso_current_format.yaml")
    assert run.code == 0 and refs() == first
    assert "requirements: 0 created, 0 updated, 0 removed, 6 unchanged" in run.out
