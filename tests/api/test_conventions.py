"""The API conventions every endpoint follows (docs/architecture.md, "API conventions"): list envelope and
paging, ordering, status codes, authentication answers, and self-hosted OpenAPI documentation."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from forty2.accounts.models import ApiToken
from forty2.accounts.services import create_token, revoke_token
from forty2.tenancy.models import Role
from tests.conftest import ApiClient

LISTS = ["ai-systems", "models", "datasets", "suppliers", "audit-events"]


@pytest.fixture
def register(owner_api):
    """Three systems, models, datasets and suppliers named C, A, B (created in that order)."""
    for name in ("C", "A", "B"):
        owner_api.post("/orgs/acme/ai-systems", {"name": name, "purpose": "p"})
        for path in ("models", "datasets", "suppliers"):
            owner_api.post(f"/orgs/acme/{path}", {"name": name})
    return owner_api


@pytest.mark.parametrize("path", LISTS)
def test_lists_answer_items_and_count(register, path):
    body = register.get(f"/orgs/acme/{path}").json_body
    assert set(body) == {"items", "count"}
    assert body["count"] == len(body["items"]) > 0


@pytest.mark.parametrize("path", LISTS)
def test_limit_and_offset_page_through_a_list(register, path):
    everything = register.get(f"/orgs/acme/{path}?limit=500").json_body
    page = register.get(f"/orgs/acme/{path}?limit=2&offset=1").json_body
    assert page["count"] == everything["count"]
    assert page["items"] == everything["items"][1:3]


def test_limit_defaults_to_50(owner_api):
    for i in range(51):
        owner_api.post("/orgs/acme/datasets", {"name": f"Dataset {i:02}"})
    body = owner_api.get("/orgs/acme/datasets").json_body
    assert (len(body["items"]), body["count"]) == (50, 51)
    assert len(owner_api.get("/orgs/acme/datasets?offset=50").json_body["items"]) == 1


@pytest.mark.parametrize("query,field", [("limit=501", "limit"), ("limit=0", "limit"), ("offset=-1", "offset"),
                                         ("limit=ten", "limit"), ("offset=99999999999999999999", "offset")])
@pytest.mark.parametrize("path", LISTS)
def test_paging_outside_the_limits_is_422(owner_api, path, query, field):
    r = owner_api.get(f"/orgs/acme/{path}?{query}")
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"] == ["query", field]


@pytest.mark.parametrize("path", ["ai-systems", "models", "datasets", "suppliers"])
def test_ordering_by_field_and_descending(register, path):
    names = lambda q: [i["name"] for i in register.get(f"/orgs/acme/{path}?{q}").json_body["items"]]  # noqa: E731
    assert names("ordering=name") == ["A", "B", "C"]
    assert names("ordering=-name") == ["C", "B", "A"]
    assert names("ordering=created_at") == ["C", "A", "B"]
    assert names("ordering=-id") == ["B", "A", "C"]


@pytest.mark.parametrize("path", ["ai-systems", "models", "datasets", "suppliers"])
def test_unknown_ordering_is_422_naming_it_and_the_allowed_fields(owner_api, path):
    r = owner_api.get(f"/orgs/acme/{path}?ordering=-password")
    assert r.status_code == 422
    error = r.json_body["detail"][0]
    assert error["loc"] == ["query", "ordering"]
    assert "'password'" in error["msg"] and "name" in error["msg"]


def test_create_answers_201_with_the_created_record(owner_api):
    r = owner_api.post("/orgs/acme/ai-systems", {"name": "Chatbot", "purpose": "Book"})
    assert r.status_code == 201
    assert r.json_body == owner_api.get(f"/orgs/acme/ai-systems/{r.json_body['id']}").json_body
    for path in ("models", "datasets", "suppliers"):
        r = owner_api.post(f"/orgs/acme/{path}", {"name": "X"})
        assert r.status_code == 201
        assert r.json_body == owner_api.get(f"/orgs/acme/{path}/{r.json_body['id']}").json_body
        assert r.json_body["version"] == 1 and r.json_body["updated_at"]


@pytest.mark.parametrize("path", ["ai-systems", "models", "datasets", "suppliers"])
def test_delete_answers_204_without_a_body(owner_api, path):
    body = {"name": "X", "purpose": "p"} if path == "ai-systems" else {"name": "X"}
    rid = owner_api.post(f"/orgs/acme/{path}", body).json_body["id"]
    r = owner_api.delete(f"/orgs/acme/{path}/{rid}")
    assert r.status_code == 204 and r.content == b""
    assert owner_api.get(f"/orgs/acme/{path}/{rid}").status_code == 404


def test_deleting_a_linked_record_still_in_use_is_409_naming_the_user(owner_api):
    mid = owner_api.post("/orgs/acme/models", {"name": "Whisper"}).json_body["id"]
    owner_api.post("/orgs/acme/ai-systems", {"name": "Dictation", "purpose": "p", "model_ids": [mid]})
    r = owner_api.delete(f"/orgs/acme/models/{mid}")
    assert r.status_code == 409
    assert "Dictation" in r.json_body["detail"]


def test_errors_other_than_422_have_a_plain_detail(owner_api, api_as):
    assert owner_api.get("/orgs/acme/ai-systems/999").json_body == {"detail": "Not found."}
    assert isinstance(api_as(Role.VIEWER).post("/orgs/acme/models", {"name": "X"}).json_body["detail"], str)


def _token(member, **kwargs):
    m = member(Role.OWNER)
    token, raw = create_token(user=m.user, organization=m.organization)
    return token, raw


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer f2_not-a-real-token"},
    {"Authorization": "Bearer nonsense"},
    {"Authorization": "Token f2_whatever"},
    {"Authorization": "Basic b3duZXJAYWNtZS5leGFtcGxlOnNlY3JldA=="},
])
def test_missing_or_invalid_credentials_are_401(acme, headers):
    r = Client().get("/api/v1/orgs/acme/ai-systems", headers=headers)
    assert r.status_code == 401
    assert set(r.json()) == {"detail"}


def test_revoked_token_is_401(member):
    token, raw = _token(member)
    api = ApiClient(raw)
    assert api.get("/orgs/acme/ai-systems").status_code == 200
    revoke_token(token, actor=token.user)
    assert api.get("/orgs/acme/ai-systems").status_code == 401


def test_expired_token_is_401(member):
    token, raw = _token(member)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert ApiClient(raw).get("/orgs/acme/ai-systems").status_code == 401


def test_401_comes_before_404_so_unauthenticated_callers_learn_nothing(acme):
    assert Client().get("/api/v1/orgs/acme/ai-systems").status_code == 401
    assert Client().get("/api/v1/orgs/no-such-org/ai-systems").status_code == 401


def test_openapi_lists_the_register_endpoints_and_enum_values(db):
    r = Client().get("/api/v1/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/orgs/{org}/ai-systems"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/orgs/{org}/ai-systems/{system_id}"])
    assert "/api/v1/orgs/{org}/audit-events" in paths
    assert "design_development" in r.content.decode()  # enum values are documented


def test_api_docs_are_served_without_any_external_cdn(db):
    """Self-hosted installations may have no internet access: no CDN (docs/architecture.md, "Configuration and
    processes")."""
    r = Client().get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger" in html.lower()
    external = [u for u in re.findall(r'(?:src|href)=["\']([^"\']+)', html) if re.match(r"(https?:)?//", u)]
    assert external == []
    assert "cdn." not in html
    static = re.findall(r'(?:src|href)=["\'](/static/[^"\']+)', html)
    assert static, "the docs page should load its assets from /static/"
