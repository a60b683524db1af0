"""The archived view of the register exports the archived systems, as the list shows them."""

from forty2.inventory import services
from forty2.tenancy.models import Role


def _csv(client, url):
    return b"".join(client.get(url).streaming_content).decode("utf-8-sig")


def test_export_of_the_archived_list_contains_the_archived_systems(client, member):
    owner = member(Role.OWNER)
    services.create_ai_system(owner, {"name": "Live one", "purpose": "p"})
    old = services.create_ai_system(owner, {"name": "Old triage", "purpose": "p"})
    services.archive_ai_system(owner, old)
    client.force_login(owner.user)
    archived = _csv(client, "/o/acme/ai-systems/export?format=csv&archived=1")
    live = _csv(client, "/o/acme/ai-systems/export?format=csv")
    assert "Old triage" in archived and "Live one" not in archived
    assert "Live one" in live and "Old triage" not in live
