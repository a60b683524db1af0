"""People page: adding an address sends an invitation (the link shown once when mail is not configured, built
from FORTY2_SITE_URL); an existing account is invited too and accepts signed in, it never gets access at once;
each person's state, re-send and revoke; one line per role saying what it may do (ISO/IEC 42001 5.3, 7.3,
7.4)."""

import pytest
from django.core import mail

from forty2.accounts.models import User
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Invitation, Membership, Role
from forty2.tenancy.roles import DESCRIPTIONS
from tests.web import fixtures

web_as = fixtures.web_as

PEOPLE = "/o/acme/members/"


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


def _add(client, email, role="contributor", expires=""):
    return client.post(PEOPLE, {"action": "add", "email": email, "role": role, "expires_at": expires})


def test_adding_a_new_address_invites_it_and_shows_the_link_once(owner, settings):
    settings.SITE_URL = "https://forty2.example.org"
    response = _add(owner, "nora@acme.example")
    assert response.status_code == 302
    assert not User.objects.filter(email="nora@acme.example").exists()  # no account without a password
    inv = Invitation.objects.get()
    assert inv.email == "nora@acme.example" and inv.state == "invited" and inv.invited_by == owner.membership.user
    page = owner.get(PEOPLE)
    html = page.content.decode()
    assert "No mail server is configured: pass this link on to nora@acme.example" in html
    assert page["Cache-Control"] == "no-store"
    link = html.split('id="invitation-link">', 1)[1].split("<", 1)[0]
    # from the configured site address, never the request's Host header (issue #14, finding 9)
    assert link.startswith("https://forty2.example.org/invitations/") and link in mail.outbox[0].body
    again = owner.get(PEOPLE).content.decode()
    assert link not in again  # shown once
    assert "nora@acme.example" in again and ">Invited<" in again


def test_an_existing_account_is_invited_and_gets_no_access_until_it_accepts(owner, member, globex):
    """Issue #14, finding 1: adding an address that has an account used to add the membership at once."""
    other = member(Role.VIEWER, org=globex, email="consultant@example.com").user
    other.set_password("a-long-enough-passphrase-42")
    other.full_name = "Carla Diaz"
    other.save()
    response = _add(owner, "consultant@example.com", "aims_manager")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=other, organization__slug="acme").exists()
    inv = Invitation.objects.get()
    assert inv.email == "consultant@example.com" and inv.role == Role.AIMS_MANAGER and inv.state == "invited"
    assert mail.outbox[0].to == ["consultant@example.com"] and "Acme" in mail.outbox[0].subject
    html = owner.get(PEOPLE).content.decode()
    assert "already has a Forty2 account: they get access once they accept the invitation, signed in" in html


def test_resend_gives_a_new_link_and_revoke_ends_it(owner):
    _add(owner, "nora@acme.example")
    owner.get(PEOPLE)
    inv = Invitation.objects.get()
    first = inv.digest
    assert owner.post(PEOPLE, {"action": "resend", "invitation": str(inv.pk)}).status_code == 302
    inv.refresh_from_db()
    assert inv.digest != first and "New invitation ready for nora@acme.example" in owner.get(PEOPLE).content.decode()
    assert owner.post(PEOPLE, {"action": "revoke", "invitation": str(inv.pk)}).status_code == 302
    inv.refresh_from_db()
    html = owner.get(PEOPLE).content.decode()
    assert inv.state == "revoked" and ">Revoked<" in html and "its link no longer works" in html
    assert set(AuditEvent.objects.filter(action__startswith="invitation.").values_list("action", flat=True)) == {
        "invitation.create", "invitation.resend", "invitation.revoke"}


def test_an_external_auditor_invitation_needs_an_end_date_shown_next_to_the_field(owner):
    html = _add(owner, "aud@cert.example", "external_auditor").content.decode()
    assert "There is a problem" in html and "needs an expiry date" in html
    assert not Invitation.objects.exists()


def test_every_role_has_one_line_saying_what_it_may_do(web_as):
    html = web_as(Role.VIEWER).get(PEOPLE).content.decode()
    assert "What each role may do" in html
    for text in DESCRIPTIONS.values():
        assert text in html
    assert "Invitations" not in html and "Re-send" not in html


def test_only_owners_resend_or_revoke(web_as, owner):
    _add(owner, "nora@acme.example")
    inv = Invitation.objects.get()
    manager = web_as(Role.AIMS_MANAGER)
    assert manager.post(PEOPLE, {"action": "revoke", "invitation": str(inv.pk)}).status_code == 404
    inv.refresh_from_db()
    assert inv.state == "invited"


def test_state_shows_active_and_expired_members(owner, member):
    auditor = member(Role.EXTERNAL_AUDITOR, email="aud@cert.example")
    Membership.objects.filter(pk=auditor.pk).update(expires_at="2000-01-01T00:00Z")
    html = owner.get(PEOPLE).content.decode()
    assert ">Active<" in html and ">Expired<" in html
