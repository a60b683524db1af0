"""The context records through the API and pages (ISO/IEC 42001 4.1-4.3, 6.1.1), and clause 4.3 as an auditor
reads it: it passes for the demo hospital and fails without an approved scope or an AI system in scope."""

import pytest
from django.test import Client

from forty2.context.models import ContextIssue
from forty2.controls.checks import CHECKS
from forty2.tenancy.models import Organization, Role

pytestmark = pytest.mark.django_db


def test_context_records_through_the_api(api_as):
    api = api_as(Role.AIMS_MANAGER, email="m@acme.example")
    r = api.post("/orgs/acme/context-issues", {"name": "EU AI Act", "origin": "external",
                                                "effect": "Deployer duties."})
    assert r.status_code == 201, r.json_body
    issue = r.json_body
    assert api.patch(f"/orgs/acme/context-issues/{issue['id']}", {"effect": "x"}).status_code == 422  # no version
    r = api.patch(f"/orgs/acme/context-issues/{issue['id']}", {"category": "legal", "version": issue["version"]})
    assert r.status_code == 200 and r.json_body["category"] == "legal"
    r = api.post("/orgs/acme/interested-parties", {"name": "Patients", "addressed": "no"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "how_addressed"
    scope = api.get("/orgs/acme/scope").json_body
    r = api.patch("/orgs/acme/scope", {"climate": "not_relevant", "climate_reasoning": "Checked; minor.",
                                       "ai_roles": ["deployer"], "version": scope["version"]})
    assert r.status_code == 200 and r.json_body["ai_roles"] == ["deployer"]
    assert api.get("/orgs/acme/context-issues?origin=external").json_body["count"] == 1
    assert api.delete(f"/orgs/acme/context-issues/{issue['id']}").status_code == 204  # archived, history kept
    assert ContextIssue.objects.get(pk=issue["id"]).archived_at is not None


def test_the_overview_and_the_lists_render(member):
    c = Client()
    c.force_login(member(Role.VIEWER, email="v@acme.example").user)
    html = c.get("/o/acme/context/").content.decode()
    assert "What an auditor will look for" in html and "4.3" in html
    for path in ("issues/", "parties/", "legal/", "exclusions/", "aims-risks/"):
        assert c.get(f"/o/acme/context/{path}").status_code == 200, path
    assert c.get("/o/acme/context/edit").status_code == 403


def test_clause_4_3_passes_for_the_demo_hospital_and_fails_without_an_approved_scope(db):
    from forty2.demo import build

    build(password="x" * 20)
    acme, globex = Organization.objects.get(slug="acme-health"), Organization.objects.get(slug="globex")
    results = {org.slug: {c.code: c.test(org, {}) for c in CHECKS["4.3"] if c.managed} for org in (acme, globex)}
    assert results["acme-health"] == {"scope_boundaries": True, "aims_scope": True}
    assert results["globex"]["aims_scope"] is False  # its scope statement is still in review


def test_an_archived_issue_is_restored_from_its_page(member):
    from forty2.context import services
    from forty2.context.definitions import CONTEXT_ISSUE

    manager = member(Role.AIMS_MANAGER, email="m@acme.example")
    issue = services.create(CONTEXT_ISSUE, manager, {"name": "Skills", "origin": "internal"})
    c = Client()
    c.force_login(manager.user)
    assert c.post(f"/o/acme/context/issues/{issue.pk}/delete").status_code == 302
    issue.refresh_from_db()
    assert issue.archived_at is not None
    assert ">Restore<" in c.get(f"/o/acme/context/issues/{issue.pk}/").content.decode()
    assert c.get(f"/o/acme/context/issues/{issue.pk}/restore").status_code == 404  # POST only
    assert c.post(f"/o/acme/context/issues/{issue.pk}/restore").status_code == 302
    issue.refresh_from_db()
    assert issue.archived_at is None
