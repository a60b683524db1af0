"""A database that stays locked longer than its busy timeout is "busy, retry" (503 with Retry-After), never a 500
(issue #14, finding 11: concurrent PATCHes during an import answered 500 "database is locked")."""

from django.db import OperationalError

from forty2.inventory import queries, services
from forty2.tenancy.models import Role
from tests.web import fixtures

web_as = fixtures.web_as


def locked(*args, **kwargs):
    raise OperationalError("database is locked")


def test_an_api_write_that_meets_a_locked_database_answers_503_busy_retry(owner_api, monkeypatch):
    created = owner_api.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "Sort patients"})
    monkeypatch.setattr(services, "update_ai_system", locked)

    r = owner_api.patch(f"/orgs/acme/ai-systems/{created.json_body['id']}",
                        {"version": created.json_body["version"], "purpose": "Sort patients faster"})

    assert r.status_code == 503
    assert r["Retry-After"] == "2"
    assert r.json_body == {"detail": "The database is busy; nothing was saved. Try again in a moment."}


def test_a_page_that_meets_a_locked_database_answers_503_busy_retry(web_as, monkeypatch):
    owner = web_as(Role.OWNER)
    monkeypatch.setattr(queries, "ai_systems", locked)

    r = owner.get("/o/acme/ai-systems/")

    assert r.status_code == 503
    assert r["Retry-After"] == "2"
    html = r.content.decode()
    assert "<h1>Forty2 is busy</h1>" in html and 'rel="stylesheet"' in html  # a styled page, not bare text
    assert "The database is busy; nothing was saved." in html


def test_other_database_errors_stay_internal_errors(owner_api, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: inventory_aisystem")

    created = owner_api.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "Sort patients"})
    monkeypatch.setattr(services, "update_ai_system", broken)
    r = owner_api.patch(f"/orgs/acme/ai-systems/{created.json_body['id']}",
                        {"version": created.json_body["version"], "purpose": "Sort patients faster"})
    assert r.status_code == 500
