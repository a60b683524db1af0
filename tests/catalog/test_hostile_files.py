"""Hostile files are refused quickly, in little memory, with one line naming the place and exit 2, and nothing
is written: alias bombs, deep nesting, oversized files and fields, XML (ISO/IEC 42001 A.6.2.3: the system
keeps working whatever it is fed)."""

import time

import pytest

from forty2.catalog.models import Framework, Requirement

pytestmark = pytest.mark.django_db

BOMB = "urn: x\nobjects:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  {n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    return path


def test_an_alias_bomb_is_refused_at_once(cli, tmp_path):
    before = Requirement.objects.count()
    started = time.perf_counter()
    run = cli("import", write(tmp_path, "bomb.yaml", BOMB))
    assert time.perf_counter() - started < 1
    assert run.code == 2
    assert "alias bomb" in run.err and "line " in run.err
    assert "Traceback" not in run.err
    assert Requirement.objects.count() == before


def test_too_many_aliases_are_refused(cli, tmp_path):
    content = "urn: x\nobjects: {}\nbase: &b 1\nrefs: [" + ", ".join(["*b"] * 150) + "]\n"
    run = cli("import", write(tmp_path, "aliases.yaml", content))
    assert run.code == 2 and "more than 100 YAML aliases" in run.err


@pytest.mark.parametrize("name, content", [
    ("deep.yaml", "urn: x\nobjects: " + "[" * 200 + "]" * 200 + "\n"),
    ("deep.json", '{"catalog": ' + "[" * 5000 + "]" * 5000 + "}"),
])
def test_deep_nesting_is_refused(cli, tmp_path, name, content):
    run = cli("import", write(tmp_path, name, content))
    assert run.code == 2 and "nested more than 64 levels deep" in run.err


def test_a_file_over_the_size_limit_is_refused_before_reading(cli, tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: the limit is checked on the size, before reading
    run = cli("import", path)
    assert run.code == 2 and "the limit is 20971520 (20 MB, FORTY2_MAX_CATALOG_BYTES)" in run.err


def test_a_field_over_its_length_limit_is_refused_with_its_place(cli, tmp_path):
    content = f"""format: forty2-catalog/1
framework: {{slug: big, name: Big, version: '1', publisher: p, licence_note: l, data_version: 1}}
nodes:
  - {{ref: '1', title: One, kind: clause, parent: null, assessable: true, guidance: {"x" * 60_000}}}
"""
    run = cli("import", write(tmp_path, "big.yaml", content))
    assert run.code == 2
    assert "big.yaml:4" in run.err and "[1] guidance is 60000 characters long; the limit is 50000" in run.err
    assert not Framework.objects.filter(slug="big").exists()


def test_oscal_xml_is_refused_with_a_clear_message(cli, tmp_path):
    path = write(tmp_path, "catalog.xml", '<?xml version="1.0"?>\n<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0"/>')
    run = cli("import", path, "--format", "oscal")
    assert run.code == 2
    assert "OSCAL XML is not supported" in run.err and "invalid YAML" not in run.err


def test_a_json_file_of_countless_tiny_objects_is_refused_before_parsing(cli, tmp_path):
    run = cli("import", write(tmp_path, "many.json", '{"catalog": [' + "{}," * 300_000 + "{}]}"))
    assert run.code == 2 and "more than 250000 JSON objects and arrays" in run.err


def test_a_yaml_file_of_countless_values_is_refused_while_scanning(cli, tmp_path):
    run = cli("import", write(tmp_path, "many.yaml", "urn: x\nobjects: [" + "1, " * 600_000 + "1]\n"))
    assert run.code == 2 and "more than 500000 values; a catalog file needs far fewer" in run.err


def test_an_oscal_profile_is_refused_with_what_to_do(cli, tmp_path):
    run = cli("import", write(tmp_path, "profile.json", '{"profile": {"uuid": "x", "imports": []}}'))
    assert run.code == 2 and "OSCAL profile" in run.err and "resolve it into a catalog first" in run.err
