"""Bad request bodies are refused with a 4xx that says why, on every endpoint, never a 500 (docs/architecture.md "API
conventions": 413 for a body over the limit naming it, 400/415 for a malformed content type)."""

import json

import pytest
from django.test import override_settings

from forty2.inventory.models import AISystem

URL = "/api/v1/orgs/acme/ai-systems"


def post(api, path, body: bytes, content_type: str, **extra):
    return api.client.generic("POST", path, body, content_type=content_type, headers=api.headers, **extra)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_json_body_over_the_limit_is_413_naming_the_limit(owner_api):
    body = json.dumps({"name": "x" * 2000, "purpose": "p"}).encode()
    r = post(owner_api, URL, body, "application/json")
    assert r.status_code == 413
    assert "the limit is 1000 bytes" in r.json()["detail"]
    assert not AISystem.objects.filter(purpose="p").exists()


def test_the_default_limit_is_named_in_megabytes(owner_api):
    body = b"{" + b" " * (6 * 1024 * 1024) + b"}"
    r = post(owner_api, URL, body, "application/json")
    assert r.status_code == 413 and "(5 MB)" in r.json()["detail"]


def test_multipart_without_a_boundary_is_400(owner_api):
    r = post(owner_api, f"{URL}/import", b"--x\r\n\r\n--x--\r\n", "multipart/form-data")
    assert r.status_code == 400
    assert "boundary" in r.json()["detail"]


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=", "multipart/form-data; boundary=a\"b"])
def test_multipart_with_a_bad_boundary_is_400(owner_api, content_type):
    r = post(owner_api, f"{URL}/import", b"--x--\r\n", content_type)
    assert r.status_code == 400


def test_an_unknown_charset_is_415(owner_api):
    r = post(owner_api, URL, b'{"name": "a", "purpose": "b"}', "application/json; charset=klingon-8")
    assert r.status_code == 415 and "klingon-8" in r.json()["detail"]


def test_a_content_length_that_is_not_a_number_is_400(owner_api):
    r = post(owner_api, URL, b"{}", "application/json", CONTENT_LENGTH="lots")
    assert r.status_code == 400 and "Content-Length" in r.json()["detail"]


def test_a_body_within_the_limits_still_works(owner_api):
    r = post(owner_api, URL, json.dumps({"name": "Sepsis alert", "purpose": "Flag sepsis"}).encode(),
             "application/json; charset=utf-8")
    assert r.status_code == 201, r.content[:300]
