"""The catalog through the REST API: frameworks, requirements in document order with refs as the source
writes them, and crosswalk rows with provenance (ISO/IEC 42001 4.2, 6.1.3)."""

from urllib.parse import quote

import pytest

from forty2.tenancy.models import Role
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_frameworks_list(owner_api):
    r = owner_api.get("/catalog/frameworks")
    assert r.status_code == 200
    body = r.json_body
    assert body["count"] == 5 and len(body["items"]) == 5
    first = body["items"][0]
    assert (first["slug"], first["version"]) == ("iso-iec-42001-2023", "2023")
    assert first["name"].startswith("ISO/IEC 42001:2023")
    assert first["assessable_count"] == 70
    assert owner_api.get("/catalog/frameworks/nist-ai-rmf-1.0").json_body["requirement_count"] == 95


def test_any_valid_token_reads_the_catalog_and_none_is_401(api_as, globex):
    other = api_as(Role.VIEWER, org=globex)
    assert other.get("/catalog/frameworks").status_code == 200
    assert ApiClient(None).get("/catalog/frameworks").status_code == 401
    assert ApiClient("f2_not-a-token").get("/catalog/frameworks").status_code == 401


def test_requirements_in_document_order(owner_api):
    body = owner_api.get("/catalog/frameworks/iso-iec-42001-2023/requirements").json_body
    assert body["count"] == 92
    refs = [i["ref"] for i in body["items"]]
    assert refs[:3] == ["4", "4.1", "4.2"] and refs[-1] == "A.10.4"
    assert refs.index("10.2") < refs.index("A.2")
    item = next(i for i in body["items"] if i["ref"] == "6.1.4")
    assert item["kind"] == "clause" and item["assessable"] is True and item["parent"] == "6.1"
    assert item["guidance"] and item["title"] == "AI system impact assessment"


def test_assessable_and_kind_filters(owner_api):
    base = "/catalog/frameworks/iso-iec-42001-2023/requirements"
    assert owner_api.get(f"{base}?assessable=true").json_body["count"] == 70
    controls = owner_api.get(f"{base}?kind=control").json_body
    assert controls["count"] == 38 and all(i["ref"].startswith("A.") for i in controls["items"])
    assert owner_api.get(f"{base}?kind=control_group&assessable=false").json_body["count"] == 11
    bad = owner_api.get(f"{base}?kind=chapter")
    assert bad.status_code == 422 and bad.json_body["detail"][0]["loc"] == ["query", "kind"]


@pytest.mark.parametrize("slug, ref, kind", [
    ("iso-iec-42001-2023", "A.6.2.4", "control"), ("iso-iec-42001-2023", "6.1.4", "clause"),
    ("nist-ai-rmf-1.0", "GOVERN 1.1", "subcategory"), ("eu-ai-act-2024-1689", "Art. 27", "article"),
    ("iso-iec-27001-2022", "A.5.1", "control"),
])
def test_requirement_detail_with_url_encoded_refs(owner_api, slug, ref, kind):
    r = owner_api.get(f"/catalog/frameworks/{slug}/requirements/{quote(ref)}")
    assert r.status_code == 200, r.json_body
    assert (r.json_body["ref"], r.json_body["kind"], r.json_body["framework"]) == (ref, kind, slug)
    assert r.json_body["official_text"] is None


def test_unknown_framework_or_ref_is_404(owner_api):
    assert owner_api.get("/catalog/frameworks/nope/requirements").status_code == 404
    assert owner_api.get("/catalog/frameworks/iso-iec-42001-2023/requirements/A.1.1").status_code == 404
    assert owner_api.get("/catalog/mappings?source=nope").status_code == 404


def test_mappings_between_two_frameworks(owner_api):
    body = owner_api.get("/catalog/mappings?source=nist-ai-rmf-1.0&target=iso-iec-42001-2023").json_body
    assert body["count"] == 280
    row = body["items"][0]
    assert (row["source_ref"], row["target_ref"], row["relationship"]) == ("GOVERN 1.1", "4.1", "related")
    assert row["provenance"].endswith("row 1") and row["reversed"] is False
    corrected = [i for i in body["items"] if i["correction"]]
    assert [(i["source_ref"], i["target_ref"], i["correction"]["original_ref"]) for i in corrected] == [
        ("MAP 1.4", "A.10.4", "A.2.2")]
    assert all(i["provenance"] for i in body["items"])


def test_mappings_paging_and_all_sets(owner_api):
    page = owner_api.get("/catalog/mappings?source=iso-iec-27001-2022&limit=5&offset=5").json_body
    assert page["count"] == 70 and len(page["items"]) == 5
    everything = owner_api.get("/catalog/mappings?limit=500").json_body
    assert everything["count"] == 471
