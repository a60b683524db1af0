"""Inspecting the catalog from the command line: ``forty2 catalog list`` and ``forty2 catalog show SLUG [REF]``
(ISO/IEC 42001 4.2)."""

import pytest

pytestmark = pytest.mark.django_db


def test_list_shows_frameworks_with_counts_and_crosswalks(cli):
    run = cli("list")
    assert run.code == 0
    line = next(x for x in run.out.splitlines() if x.startswith("iso-iec-42001-2023"))
    assert line.split()[1:4] == ["92", "70", "1"]
    assert "nist-ai-rmf-1.0 -> iso-iec-42001-2023: 280 rows (shipped)" in run.out


def test_show_prints_the_tree_with_assessable_marks(cli):
    run = cli("show", "iso-iec-42001-2023")
    assert run.code == 0
    lines = run.out.splitlines()
    assert "A.6  AI system life cycle  [control_group]" in lines
    assert "  A.6.2  AI system life cycle  [control_group]" in lines
    assert "    A.6.2.4  AI system verification and validation  [control] *" in lines


def test_show_a_requirement_lists_guidance_and_mappings_both_ways(cli):
    run = cli("show", "iso-iec-42001-2023", "4.4")
    assert run.code == 0
    assert "Guidance (Forty2's own words)" in run.out
    assert "- subset     ISO 9001 4.4" in run.out
    assert "- equivalent ISO/IEC 27001 4.4" in run.out


def test_unknown_slug_or_ref_is_a_one_line_error(cli):
    run = cli("show", "nope")
    assert run.code == 2 and "no framework 'nope'" in run.err
    run = cli("show", "iso-iec-27001-2022", "A.9.9")
    assert run.code == 2 and "no requirement 'A.9.9' in iso-iec-27001-2022" in run.err
