"""The overview shows recent audit events only to roles that may read the audit log (7.5.3; docs/architecture.md,
"Roles")."""

from forty2.inventory import services
from forty2.tenancy.models import Role


def test_viewer_sees_no_audit_events_on_the_overview(client, member):
    owner = member(Role.OWNER)
    services.create_ai_system(owner, {"name": "Secret project", "purpose": "p"})
    viewer = member(Role.VIEWER)
    client.force_login(viewer.user)
    page = client.get("/o/acme/").content.decode()
    assert "Recent activity" not in page
    assert "owner@acme.example" not in page


def test_auditor_sees_recent_activity(client, member):
    owner = member(Role.OWNER)
    services.create_ai_system(owner, {"name": "Secret project", "purpose": "p"})
    auditor = member(Role.INTERNAL_AUDITOR)
    client.force_login(auditor.user)
    page = client.get("/o/acme/").content.decode()
    assert "Recent activity" in page and "created the AI system Secret project" in page
