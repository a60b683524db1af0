"""Shared fixtures: two unrelated organisations, members in every role, and token-authenticated clients."""

import datetime as dt
import itertools
import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from forty2.accounts.services import create_token
from forty2.core import registry
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Role


@pytest.fixture(autouse=True)
def _registrants_restored():
    """What a test registers (a job kind, a navigation entry) is forgotten afterwards, so that no test leaves a
    clash behind for ``forty2 check`` (forty2/core/registry.py)."""
    state = registry.snapshot()
    yield
    registry.restore(state)


class ApiClient:
    """A thin JSON client for /api/v1 with a bearer token."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method, path, data=None, raw=None):
        kwargs = {"headers": self.headers}
        if data is not None or raw is not None:
            kwargs["data"] = raw if raw is not None else json.dumps(data)
            kwargs["content_type"] = "application/json"
        response = getattr(self.client, method)(f"/api/v1{path}", **kwargs)
        try:
            response.json_body = response.json() if response.content else None
        except ValueError:
            response.json_body = None
        return response

    def get(self, path):
        return self._call("get", path)

    def post(self, path, data=None, raw=None):
        return self._call("post", path, data, raw)

    def patch(self, path, data=None, raw=None):
        return self._call("patch", path, data, raw)

    def put(self, path, data=None, raw=None):
        return self._call("put", path, data, raw)

    def delete(self, path):
        return self._call("delete", path)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login throttling and lockout counters live in the cache; no test inherits another's."""
    cache.clear()
    yield


@pytest.fixture(scope="session")
def _stored_files_root(tmp_path_factory):
    return tmp_path_factory.mktemp("stored-files")


_stored_files_count = itertools.count()


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, _stored_files_root):
    """Stored files (uploads, job inputs) go to the test's own directory, never the data dir. One directory made
    per test under the session's, rather than through ``tmp_path``: pytest numbers each ``tmp_path`` by listing
    every directory made before it, which grew slower with each of the suite's four thousand tests."""
    location = _stored_files_root / str(next(_stored_files_count))
    location.mkdir()
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": location}}}
    yield


@pytest.fixture
def acme(db):
    return tenancy.create_organization(slug="acme", name="Acme")


@pytest.fixture
def globex(db):
    return tenancy.create_organization(slug="globex", name="Globex")


@pytest.fixture
def member(acme):
    """member(role, org=acme, email=None) -> Membership"""

    def make(role=Role.OWNER, org=None, email=None):
        org = org or acme
        expires = timezone.now() + dt.timedelta(days=30) if role == Role.EXTERNAL_AUDITOR else None
        return tenancy.add_member(org, email=email or f"{role}@{org.slug}.example", role=role, expires_at=expires)

    return make


@pytest.fixture
def api_as(member):
    """api_as(role, org=acme) -> ApiClient authenticated as a new member with that role."""

    def make(role=Role.OWNER, org=None, email=None):
        m = member(role, org, email)
        _token, raw = create_token(user=m.user, organization=m.organization)
        api = ApiClient(raw)
        api.membership = m
        return api

    return make


@pytest.fixture
def owner_api(api_as):
    return api_as(Role.OWNER)
