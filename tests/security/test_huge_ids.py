"""An id beyond what the database can hold is an id that does not exist: 404, never a 500 (found by the API
fuzzing, tests/security/test_api_fuzz.py: ``DELETE …/risks/<29 digits>/actions/355`` overflowed SQLite's integer).
OWASP ASVS 5.0 V16.5.3: errors fail securely."""

import pytest
from django.test import Client

from forty2.tenancy.models import Role

HUGE = "78845061505691136008172601344"


@pytest.mark.parametrize("method,path", [
    ("delete", f"/api/v1/orgs/acme/risks/{HUGE}/actions/1"),
    ("patch", f"/api/v1/orgs/acme/risks/{HUGE}/actions/1"),
    ("delete", f"/api/v1/orgs/acme/impact-assessments/{HUGE}/impacts/1"),
    ("patch", f"/api/v1/orgs/acme/impact-assessments/{HUGE}/impacts/1"),
])
def test_an_api_parent_id_too_large_for_the_database_is_not_found(api_as, method, path):
    api = api_as(Role.OWNER)
    kwargs = {"data": '{"version": 1}', "content_type": "application/json"} if method == "patch" else {}
    r = getattr(api.client, method)(path, headers=api.headers, **kwargs)
    assert r.status_code == 404, r.content


@pytest.mark.parametrize("path", [f"/o/acme/risks/{HUGE}/actions/1/edit", f"/o/acme/risks/{HUGE}/actions/1/status",
                                  f"/o/acme/risks/{HUGE}/actions/1/delete",
                                  f"/o/acme/risks/impact-assessments/{HUGE}/impacts/1/delete"])
def test_a_page_parent_id_too_large_for_the_database_is_not_found(member, path):
    client = Client(raise_request_exception=False)
    client.force_login(member(Role.OWNER).user)
    assert client.get(path).status_code in (404, 405)
    assert client.post(path).status_code == 404
