"""Anyone may choose any display name, so history must not name an actor by it alone (issue #14, finding 12c):
the audit log and every record's history show the address stored in the hashed event next to the name."""

import re

from forty2.accounts import services as accounts
from forty2.inventory import services
from forty2.tenancy.models import Role
from tests.web import fixtures

web_as = fixtures.web_as


def _text(html: str) -> str:
    """What a reader sees: the page without tags and attributes (a title on hover is not seen)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_copied_display_name_does_not_pass_for_its_owner(web_as):
    priya = web_as(Role.OWNER, email="priya@acme.example")
    mallory = web_as(Role.AIMS_MANAGER, email="mallory@acme.example")
    accounts.update_profile(priya.membership.user, full_name="Priya Raman")
    accounts.update_profile(mallory.membership.user, full_name="Priya Raman")
    system = fixtures.make_system(priya.membership, "Sepsis alert")
    services.update_ai_system(mallory.membership, system, {"purpose": "Quietly changed."},
                              version=system.version)
    record = _text(priya.get(f"/o/acme/ai-systems/{system.pk}/").content.decode())
    assert "Priya Raman (mallory@acme.example) changed" in record
    assert "Priya Raman (priya@acme.example) created" in record
    log = _text(priya.get("/o/acme/audit-log/").content.decode())
    assert "Priya Raman (mallory@acme.example)" in log and "Priya Raman (priya@acme.example)" in log
