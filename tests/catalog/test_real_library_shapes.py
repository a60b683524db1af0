"""Shapes found in real CISO Assistant libraries (measured on the public library files, see docs/catalog.md),
rebuilt here as small synthetic files: two different libraries whose framework URNs end alike, a mapping
library whose every row comes twice (a set and its "-revert" copy), a library with only a risk matrix."""

import pytest

from forty2.catalog.models import Framework, Mapping, Requirement

pytestmark = pytest.mark.django_db


def _framework(urn, refs, lib=None):
    lib = lib or urn.replace(":framework:", ":library:")
    nodes = "".join(f"    - {{urn: '{urn}:{r}', ref_id: '{r}', name: 'Node {r}', assessable: true, depth: 1}}\n"
                    for r in refs)
    return (f"urn: {lib}\nlocale: en\nref_id: x\nname: Library\nversion: 1\nobjects:\n  framework:\n"
            f"    urn: {urn}\n    ref_id: x\n    name: Framework {urn.rsplit(':', 1)[1]}\n    requirement_nodes:\n"
            + nodes)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_two_libraries_whose_urns_end_alike_stay_two_frameworks(cli, tmp_path):
    a = _write(tmp_path, "a.yaml", _framework("urn:pub-one:risk:framework:ops-baseline", ["1", "2", "3"]))
    b = _write(tmp_path, "b.yaml", _framework("urn:pub-two:risk:framework:ops_baseline", ["7", "8"]))
    assert cli("import", a).code == 0
    run = cli("import", b)
    assert run.code == 0, run.err
    first = Framework.objects.get(urn="urn:pub-one:risk:framework:ops-baseline")
    second = Framework.objects.get(urn="urn:pub-two:risk:framework:ops_baseline")
    assert first.slug != second.slug
    assert sorted(Requirement.objects.filter(framework=first).values_list("ref", flat=True)) == ["1", "2", "3"]
    assert sorted(Requirement.objects.filter(framework=second).values_list("ref", flat=True)) == ["7", "8"]
    assert f"is already used by {first.name}" in run.err and second.slug in run.err
    again = cli("import", b)  # the same file again finds its own framework by URN: nothing changes
    assert again.code == 0, again.err
    assert "0 created, 0 updated, 0 removed, 2 unchanged" in again.out


def test_urns_alike_in_their_first_sixty_characters_stay_apart(cli, tmp_path):
    stem = "urn:pub:risk:framework:" + "long-name-" * 7
    a = _write(tmp_path, "a.yaml", _framework(stem + "part-one", ["1"]))
    b = _write(tmp_path, "b.yaml", _framework(stem + "part-two", ["1"]))
    assert cli("import", a).code == 0
    assert cli("import", b).code == 0
    assert Framework.objects.filter(urn__startswith=stem).count() == 2


def _mapping_with_revert(src, tgt, rows):
    def rowlines(a, b, pairs):
        return "".join(f"    - {{source_requirement_urn: '{a}:{x}', target_requirement_urn: '{b}:{y}', "
                       f"relationship: {rel}}}\n" for x, y, rel in pairs)
    back = [(y, x, {"subset": "superset"}.get(rel, rel)) for x, y, rel in rows]
    s_node, t_node = src.replace(":framework:", ":req_node:"), tgt.replace(":framework:", ":req_node:")
    return ("urn: urn:pub:risk:library:mapping-pair\nlocale: en\nref_id: m\nname: m\nversion: 1\nobjects:\n"
            "  requirement_mapping_sets:\n"
            f"  - urn: urn:pub:risk:req_mapping_set:m\n    source_framework_urn: {src}\n"
            f"    target_framework_urn: {tgt}\n    requirement_mappings:\n" + rowlines(s_node, t_node, rows) +
            f"  - urn: urn:pub:risk:req_mapping_set:m-revert\n    source_framework_urn: {tgt}\n"
            f"    target_framework_urn: {src}\n    requirement_mappings:\n" + rowlines(t_node, s_node, back))


def test_the_revert_copy_of_a_mapping_set_is_skipped_without_row_noise(cli, tmp_path):
    """Current libraries carry every mapping twice: the set and its "-revert" copy. A row whose end is missing
    is reported once (for the set that is read), not again for the copy that is skipped."""
    cli("import", _write(tmp_path, "f.yaml", _framework("urn:pub:risk:framework:plant-rules", ["1", "2"])))
    text = _mapping_with_revert("urn:intuitem:risk:framework:iso42001-2023", "urn:pub:risk:framework:plant-rules",
                                [("4.1", "1", "subset"), ("a.2.2", "2", "intersect"), ("3.0", "2", "intersect")])
    run = cli("import", _write(tmp_path, "m.yaml", text))
    assert run.code == 0, run.err
    rows = Mapping.objects.filter(mapping_set__source__slug="iso-iec-42001-2023",
                                  mapping_set__target__slug="plant-rules")
    assert sorted((m.source.ref, m.target.ref, m.relationship) for m in rows) == [
        ("4.1", "1", "subset"), ("A.2.2", "2", "intersect")]
    assert run.err.count("'3.0'") == 1
    assert "reverse of the iso-iec-42001-2023 -> plant-rules mapping set" in run.err
    again = cli("import", _write(tmp_path, "m.yaml", text))
    assert "0 created, 0 updated, 0 removed, 2 unchanged" in again.out


def test_a_library_with_only_a_risk_matrix_imports_nothing_and_says_so(cli, tmp_path):
    text = ("urn: urn:pub:risk:library:matrix-3\nbuiltin: true\nlocale: en\nref_id: m3\nname: Matrix\nversion: 1\n"
            "translations:\n  fr:\n    name: Matrice\nobjects:\n  risk_matrix:\n    - urn: urn:pub:risk:matrix:m3\n"
            "      grid:\n        - - 0\n          - 1\n        - - 1\n          - 2\n")
    run = cli("import", _write(tmp_path, "matrix.yaml", text))
    assert run.code == 0, run.err
    assert "holds no framework and no mapping set (only: risk_matrix)" in run.err


def test_as_new_copy_of_a_shipped_framework_whose_urn_ends_in_the_shipped_slug(cli, tmp_path):
    """CISO's NIST AI RMF library ends its URN in the very slug Forty2 ships it under: --as-new must still
    give the copy a slug of its own (and find it again on the next --as-new import), not try to replace the
    shipped framework."""
    path = _write(tmp_path, "rmf.yaml", _framework("urn:intuitem:risk:framework:nist-ai-rmf-1.0", ["1", "2"]))
    run = cli("import", path, "--as-new")
    assert run.code == 0, run.err
    copy = Framework.objects.get(urn="urn:intuitem:risk:framework:nist-ai-rmf-1.0", origin="imported")
    assert copy.slug == "nist-ai-rmf-1.0-2"
    assert Requirement.objects.filter(framework__slug="nist-ai-rmf-1.0").count() > 2  # the shipped one, untouched
    again = cli("import", path, "--as-new")
    assert again.code == 0, again.err
    assert "0 created, 0 updated, 0 removed, 2 unchanged" in again.out
    assert Framework.objects.filter(urn="urn:intuitem:risk:framework:nist-ai-rmf-1.0").count() == 1


def test_nodes_without_ref_id_numbered_under_their_parent_get_parent_qualified_refs(cli, tmp_path):
    """A checklist whose items carry no ref_id: the converter names them "<parent urn>:<n>". Every section's
    items are "<section>.<n>", the same way in every section, and never pose as a real ref such as "1"."""
    base = "urn:pub:risk:req_node:check"
    nodes = [(f"{base}:s-one", None, "Section one", None), (f"{base}:s-one:1", f"{base}:s-one", "Item 1", None),
             (f"{base}:s-one:2", f"{base}:s-one", "Item 2", None), (f"{base}:s-two", None, "Section two", None),
             (f"{base}:s-two:1", f"{base}:s-two", "Item 3", None), (f"{base}:real", None, "Real", "1")]
    lines = ""
    for urn, parent, name, ref in nodes:
        lines += f"    - urn: '{urn}'\n      assessable: {str(parent is not None).lower()}\n      name: {name}\n"
        lines += f"      parent_urn: '{parent}'\n" if parent else ""
        lines += f"      ref_id: '{ref}'\n" if ref else ""
    text = ("urn: urn:pub:risk:library:check\nname: Checklist\nversion: 1\nobjects:\n  framework:\n"
            "    urn: urn:pub:risk:framework:check\n    name: Checklist\n    requirement_nodes:\n" + lines)
    path = _write(tmp_path, "check.yaml", text)
    run = cli("import", path)
    assert run.code == 0, run.err
    refs = dict(Requirement.objects.filter(framework__slug="check").values_list("title", "ref"))
    assert refs == {"Section one": "s-one", "Item 1": "s-one.1", "Item 2": "s-one.2", "Section two": "s-two",
                    "Item 3": "s-two.1", "Real": "1"}
    assert "0 created, 0 updated, 0 removed, 6 unchanged" in cli("import", path).out
