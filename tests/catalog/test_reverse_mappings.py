"""Crosswalks read both ways: each row reads "source is <relationship> of target"; read from the target's
side, subset and superset swap while equivalent, intersect and related stay (ISO/IEC 42001 6.1.3)."""

import pytest

from forty2.catalog import queries
from forty2.catalog.models import Mapping, Requirement, reverse_relationship

pytestmark = pytest.mark.django_db


def test_reverse_swaps_subset_and_superset_only():
    assert reverse_relationship("subset") == "superset"
    assert reverse_relationship("superset") == "subset"
    for same in ("equivalent", "intersect", "related"):
        assert reverse_relationship(same) == same


def test_a_requirement_sees_its_mappings_from_both_ends():
    iso42001_44 = Requirement.objects.get(framework__slug="iso-iec-42001-2023", ref="4.4")
    views = {(v.other.framework.slug, v.other.ref): v for v in queries.mappings_of(iso42001_44)}
    # stored as "9001 4.4 is a superset of 42001 4.4"; read from 42001 it is a subset
    assert views[("iso-9001-2015", "4.4")].relationship == "subset"
    assert views[("iso-9001-2015", "4.4")].reversed is True
    iso9001_44 = Requirement.objects.get(framework__slug="iso-9001-2015", ref="4.4")
    forward = {(v.other.framework.slug, v.other.ref): v for v in queries.mappings_of(iso9001_44)}
    assert forward[("iso-iec-42001-2023", "4.4")].relationship == "superset"
    assert forward[("iso-iec-42001-2023", "4.4")].reversed is False


def test_the_api_answers_the_reverse_query(owner_api):
    forward = owner_api.get("/catalog/mappings?source=iso-9001-2015&target=iso-iec-42001-2023").json_body
    backward = owner_api.get("/catalog/mappings?source=iso-iec-42001-2023&target=iso-9001-2015").json_body
    assert forward["count"] == backward["count"] == 42
    pairs = {(r["source_ref"], r["target_ref"]): r["relationship"] for r in forward["items"]}
    for row in backward["items"]:
        assert row["source_framework"] == "iso-iec-42001-2023" and row["reversed"] is True
        assert row["relationship"] == reverse_relationship(pairs[(row["target_ref"], row["source_ref"])])
        assert row["provenance"]
    assert any(r["relationship"] == "subset" for r in backward["items"])


def test_the_requirement_endpoint_lists_mappings_both_ways(owner_api):
    body = owner_api.get("/catalog/frameworks/iso-iec-42001-2023/requirements/4.4").json_body
    seen = {(m["framework"], m["ref"]): m for m in body["mappings"]}
    assert seen[("iso-9001-2015", "4.4")]["relationship"] == "subset"
    assert seen[("iso-9001-2015", "4.4")]["direction"] == "incoming"
    assert ("iso-iec-27001-2022", "4.4") in seen
    stored = Mapping.objects.filter(target__framework__slug="iso-iec-42001-2023", target__ref="4.4").count()
    assert len(body["mappings"]) == stored
