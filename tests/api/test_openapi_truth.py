"""The OpenAPI document tells the truth (issue #15 item 6; docs/architecture.md "API conventions"): every error
answer a route can give is declared with the shared error body, a versioned PATCH requires its version, uploads
have their request bodies, ``ordering`` lists what sorts, schema names are unique, and every list pages.
The document is what clients and schemathesis (tests/security/test_api_fuzz.py) trust."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from ninja import Router, Schema

from forty2.api.urls import Forty2API
from tests.security import targets
from tests.security.world import keep_world_files, world_fixture  # noqa: F401 (fixtures)

DOC = targets.openapi_document()
OPERATIONS = targets.operations(DOC)
ERROR = {"$ref": "#/components/schemas/Error"}


def _answer(op, status):
    responses = op.spec["responses"]
    return responses.get(status) or responses.get(str(status))


def _schema(op, status):
    return _answer(op, status)["content"]["application/json"]["schema"]


def _resolve(schema):
    while "$ref" in schema:
        schema = DOC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


@pytest.mark.parametrize("op", OPERATIONS, ids=[o.label for o in OPERATIONS])
def test_every_error_a_route_can_give_is_declared_with_the_shared_body(op):
    """401 without credentials, 403 for a role (organisation routes), 404 for an unknown organisation or record,
    409 and 503 for writes, 422 for bad input, 400/413/415 for an unreadable, oversized or mis-encoded body."""
    params = op.spec.get("parameters", [])
    expected = set() if op.public else {401}  # a public operation takes no credentials (targets.PUBLIC_API)
    if op.org_scoped:
        expected.add(403)
        if op.is_write:
            expected |= {409, 503}
    if any(p["in"] == "path" for p in params):
        expected.add(404)
    if "requestBody" in op.spec or any(p["in"] in ("query", "path") for p in params):
        expected.add(422)
    if "requestBody" in op.spec:
        expected |= {400, 413, 415}
    declared = {int(s) for s in op.spec["responses"]}
    assert expected <= declared, f"{op.label} does not declare {sorted(expected - declared)}"
    assert 500 not in declared
    for status in expected:
        body = _resolve(_schema(op, status))
        assert body["required"] == ["detail"]
        if status == 422:
            assert body["properties"]["detail"]["type"] == "array"


VERSIONED = [o for o in OPERATIONS if o.method == "PATCH" and "version" in _resolve(
    o.spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})).get(
    "properties", {})]


def test_the_versioned_patches_are_found():
    assert len(VERSIONED) >= 10


@pytest.mark.parametrize("op", VERSIONED, ids=[o.label for o in VERSIONED])
def test_a_versioned_patch_requires_its_version_or_if_match(op):
    body = _resolve(op.spec["requestBody"]["content"]["application/json"]["schema"])
    assert "version" in body["required"]
    assert body["properties"]["version"]["type"] == "integer"  # never null: null is a 422
    assert any(p["in"] == "header" and p["name"] == "If-Match" for p in op.spec["parameters"])
    assert "version" in _answer(op, 422)["description"]


UPLOADS = ["POST /api/v1/orgs/{org}/evidence", "POST /api/v1/orgs/{org}/evidence/{pk}/versions",
           "POST /api/v1/orgs/{org}/ai-systems/import", "POST /api/v1/orgs/{org}/risks/import"]


@pytest.mark.parametrize("label", UPLOADS)
def test_every_upload_has_its_multipart_request_body(label):
    op = next(o for o in OPERATIONS if o.label == label)
    form = op.spec["requestBody"]["content"]["multipart/form-data"]["schema"]
    form = _resolve(form)
    assert form["properties"]["file"]["format"] == "binary"


def test_the_evidence_upload_names_what_it_requires():
    op = next(o for o in OPERATIONS if o.label == "POST /api/v1/orgs/{org}/evidence")
    form = op.spec["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["title"]
    assert form["anyOf"][0] == {"required": ["file"]} and form["anyOf"][1]["required"] == ["url"]
    assert set(form["properties"]["record_type"]["enum"]) == {"soa_entry", "clause_assessment"}
    versions = next(o for o in OPERATIONS if o.label == "POST /api/v1/orgs/{org}/evidence/{pk}/versions")
    assert versions.spec["requestBody"]["content"]["multipart/form-data"]["schema"]["required"] == ["file", "version"]


def test_an_evidence_request_requires_its_due_date():
    assert "due_date" in _resolve({"$ref": "#/components/schemas/RequestIn"})["required"]


ORDERED = [o for o in OPERATIONS if o.method == "GET" and any(p["name"] == "ordering" for p in
                                                                o.spec.get("parameters", []))]


@pytest.mark.parametrize("op", ORDERED, ids=[o.label for o in ORDERED])
def test_ordering_is_an_enum_of_what_sorts(op):
    param = next(p for p in op.spec["parameters"] if p["name"] == "ordering")
    values = param["schema"].get("enum")
    assert values and "-id" in values and "id" in values


def test_ordering_outside_the_enum_is_a_422_naming_the_allowed_fields(owner_api):
    r = owner_api.get("/orgs/acme/risks?ordering=password")
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"] == ["query", "ordering"] and "title" in r.json_body["detail"][0]["msg"]


def test_two_different_schemas_of_one_name_are_refused():
    """django-ninja keeps the last schema of a name: the SoA's ``ApproveIn`` documented the AI system's approval
    body (no ``version``), so schema-valid requests were refused."""
    first, second = Router(), Router()

    class Same(Schema):
        a: int

    @first.post("a")
    def a(request, body: Same):
        return {}

    class Same(Schema):  # noqa: F811 — the clash under test
        b: str

    @second.post("b")
    def b(request, body: Same):
        return {}

    api = Forty2API(urls_namespace="clash-test")
    api.add_router("/1/", first)
    api.add_router("/2/", second)
    with pytest.raises(ImproperlyConfigured, match="'Same'"):
        api.get_openapi_schema(path_prefix="")


# --- every list pages -------------------------------------------------------------------------------------------

LISTS = [o for o in OPERATIONS if o.method == "GET" and {p["name"] for p in o.spec.get("parameters", [])
                                                          if p["in"] == "query"} >= {"limit", "offset"}]


def test_the_lists_are_found():
    labels = {o.label for o in LISTS}
    assert {"GET /api/v1/orgs/{org}/soa", "GET /api/v1/orgs/{org}/evidence-requests",
            "GET /api/v1/orgs/{org}/clause-assessments", "GET /api/v1/orgs/{org}/risk-methodology/versions",
            "GET /api/v1/catalog/frameworks/{slug}/requirements", "GET /api/v1/me/work"} <= labels


@pytest.fixture
def owner_client(world):
    from django.test import Client

    values, _query = targets.param_values(world.org, world.job_id)
    return Client(headers={"Authorization": f"Bearer {world.subjects['owner'].token}"}), values


def test_every_answer_with_items_and_count_is_a_paged_list(db, world, owner_client):
    """A GET answering ``{"items": [...], "count": n}`` takes ``limit`` and ``offset`` (the SoA list ignored
    them)."""
    client, values = owner_client
    for op in OPERATIONS:
        if op.method != "GET" or op in LISTS:
            continue
        r = client.get(targets.fill(op.template, values, world.org.slug))
        body = r.json() if r.status_code == 200 and r["Content-Type"].startswith("application/json") else None
        assert not (isinstance(body, dict) and {"items", "count"} <= set(body)), f"{op.label} is not paged"


@pytest.mark.parametrize("op", LISTS, ids=[o.label for o in LISTS])
def test_every_list_honours_limit_and_offset(db, world, owner_client, op):
    client, values = owner_client
    path = targets.fill(op.template, values, world.org.slug)
    whole = client.get(path, {"limit": 500})
    assert whole.status_code == 200, whole.content
    everything = whole.json()
    page = client.get(path, {"limit": 1, "offset": 1}).json()
    assert page["count"] == everything["count"]
    assert page["items"] == everything["items"][1:2]


def test_the_soa_pages_and_keeps_its_state(db, world, owner_client):
    client, _values = owner_client
    whole = client.get(f"/api/v1/orgs/{world.org.slug}/soa", {"limit": 500}).json()
    page = client.get(f"/api/v1/orgs/{world.org.slug}/soa", {"limit": 5, "offset": 10}).json()
    assert whole["count"] >= 38 and page["count"] == whole["count"]
    assert [e["ref"] for e in page["items"]] == [e["ref"] for e in whole["items"][10:15]]
    assert page["soa"] == whole["soa"]  # the state of the whole SoA, whatever the page
    default = client.get(f"/api/v1/orgs/{world.org.slug}/soa").json()
    assert len(default["items"]) == min(50, whole["count"])
