"""Values the database cannot hold are answered, never a 500 (OWASP ASVS 5.0 V16.5.3: errors fail securely). Both
were found by the API fuzzing (tests/security/test_api_fuzz.py): an id beyond what the database can hold
(``DELETE …/risks/<29 digits>/actions/355`` overflowed SQLite's integer) is an id that does not exist, 404; a
UTC offset PostgreSQL refuses (``since=…+20:00`` on the audit events) is taken in UTC."""

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


@pytest.mark.parametrize("query,status", [
    ("since=0968-01-04T03:10:48%2B20:00", 200),  # found by the fuzzing on PostgreSQL (offset beyond ±15:59)
    ("until=2026-01-01T00:00:00-23:59", 200),
    ("since=0001-01-01T00:00:00%2B01:00", 422),  # before year 1 in UTC: cannot be stored anywhere
])
def test_a_moment_with_any_utc_offset_is_answered_not_a_500(api_as, query, status):
    api = api_as(Role.OWNER)
    r = api.get(f"/orgs/acme/audit-events?{query}")
    assert r.status_code == status, r.json_body
    if status == 422:
        assert r.json_body["detail"][0]["loc"][-1] == "since"


def test_an_invitation_expiry_with_a_large_utc_offset_is_stored(api_as):
    api = api_as(Role.OWNER)
    r = api.post("/orgs/acme/invitations", {"email": "auditor@example.com", "role": "external_auditor",
                                            "access_expires_at": "2030-01-01T00:00:00+20:00"})
    assert r.status_code in (200, 201), r.json_body
    assert r.json_body["access_expires_at"].startswith("2029-12-31T04:00:00")
