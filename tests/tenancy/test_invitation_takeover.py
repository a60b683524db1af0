"""Issue #14, finding 1 (account takeover across organisations through invitations) and finding 6 (a removed
owner's pending invitations still worked), reproduced as the review did, with the defences of
forty2/tenancy/invitations.py: an existing account joins another organisation only by accepting signed in as
itself; an address never proven cannot be granted access through a link shown to an owner; nobody sets the
password of an existing account through such a link; the inviter must still be an owner."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from forty2.accounts.models import ApiToken, User
from forty2.accounts.services import create_token
from forty2.core.errors import Conflict
from forty2.core.models import AuditEvent
from forty2.tenancy import invitations
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Invitation, Membership, Role
from tests.conftest import ApiClient
from tests.web import fixtures

web_as = fixtures.web_as

PASSWORD = "a-long-enough-passphrase-42"
ATTACKER_PASSWORD = "attacker-chose-this-one-77"
VICTIM = "future.hire2@acme.example"


def _path(link):
    return "/" + link.split("/", 3)[3]


def _set_password_via_link(link, password=ATTACKER_PASSWORD, name="Future Hire"):
    client = Client()
    response = client.post(_path(link), {"full_name": name, "password": password, "password_again": password})
    return client, response


@pytest.fixture
def acme_owner(web_as):
    return web_as(Role.OWNER, email="owner@acme.example")


@pytest.fixture
def globex_owner(member, globex):
    m = member(Role.OWNER, org=globex, email="owner@globex.example")
    _token, raw = create_token(user=m.user, organization=globex, name="attacker")
    api = ApiClient(raw)
    api.membership = m
    return api


def _reset_password_by_mail(email, password=PASSWORD):
    """allauth's reset flow, as the person does it from the sign-in page: the link arrives by mail."""
    client = Client()
    mail.outbox.clear()
    assert client.post("/accounts/password/reset/", {"email": email}).status_code == 302
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    form = client.get(_path(link), follow=True)
    response = client.post(form.redirect_chain[-1][0], {"password1": password, "password2": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return link


def test_the_reviewed_takeover_fails(acme_owner, globex_owner):
    # Globex's owner invites an Acme address through the API (no SMTP: the link comes back) and claims it.
    created = globex_owner.post("/orgs/globex/invitations", {"email": VICTIM, "role": "viewer"})
    assert created.status_code == 201 and created.json_body["link"]
    attacker, response = _set_password_via_link(created.json_body["link"])
    assert response.status_code == 302  # a new address: Globex may give itself a member
    account = User.objects.get(email=VICTIM)

    # Later Acme's owner adds the same address on People: an invitation, no access.
    assert acme_owner.post("/o/acme/members/", {"action": "add", "email": VICTIM, "role": "contributor",
                                                "expires_at": ""}).status_code == 302
    assert not Membership.objects.filter(user=account, organization__slug="acme").exists()
    assert attacker.get("/o/acme/").status_code == 404
    assert attacker.get("/o/acme/tokens/").status_code == 404
    account.refresh_from_db()
    assert account.email_verified_at is None  # the link was shown, not mailed: nothing proven

    # Even holding Acme's link, the attacker signed in as that account cannot accept it.
    acme_link = acme_owner.get("/o/acme/members/").content.decode().split('id="invitation-link">', 1)[1]
    acme_path = _path(acme_link.split("<", 1)[0])
    page = attacker.get(acme_path).content.decode()
    assert "has not been confirmed yet" in page and "Accept and join" not in page
    refused = attacker.post(acme_path, {})
    assert refused.status_code == 200 and "has not been confirmed yet" in refused.content.decode()
    assert not Membership.objects.filter(user=account, organization__slug="acme").exists()
    assert attacker.get("/o/acme/").status_code == 404

    # The real person resets the password by mail: the address is proven, the attacker's token and session die.
    attacker_token = create_token(user=account, organization=globex_owner.membership.organization)[1]
    assert ApiClient(attacker_token).get("/orgs/globex/ai-systems").status_code == 200
    _reset_password_by_mail(VICTIM)
    account.refresh_from_db()
    assert account.email_verified_at is not None
    assert ApiClient(attacker_token).get("/orgs/globex/ai-systems").status_code == 401
    assert not ApiToken.objects.filter(user=account, revoked_at__isnull=True).exists()
    assert attacker.get("/o/globex/")["Location"].startswith("/accounts/login/")  # session ended
    assert AuditEvent.objects.filter(action="user.address_proven", object_id=str(account.pk)).exists()

    # And now they accept Acme's invitation, signed in as themselves.
    person = Client()
    person.force_login(account)
    assert person.post(acme_path, {})["Location"] == "/o/acme/"
    assert Membership.objects.get(user=account, organization__slug="acme").role == Role.CONTRIBUTOR


def test_another_owner_cannot_set_the_password_of_a_member_without_one(member, globex_owner):
    """The variant: an Acme member without a usable password, invited by Globex's owner."""
    victim = member(Role.AIMS_MANAGER, email="no.password@acme.example").user
    victim.set_unusable_password()
    victim.save()
    link = globex_owner.post("/orgs/globex/invitations", {"email": victim.email, "role": "viewer"}).json_body["link"]
    page = Client().get(_path(link)).content.decode()
    assert "Its password can only be set from a link mailed to the address" in page
    assert 'name="password"' not in page
    client, response = _set_password_via_link(link)
    assert response.status_code == 200
    victim.refresh_from_db()
    assert not victim.has_usable_password()
    assert not client.session.get("_auth_user_id")
    assert not Membership.objects.filter(user=victim, organization__slug="globex").exists()
    with pytest.raises(invitations.AddressNotProven):
        invitations.accept(_path(link).split("/")[2], full_name="X", password=ATTACKER_PASSWORD)


def test_a_mailed_link_proves_the_address(member, globex):
    """Through SMTP only the mailbox's reader has the link: accepting it proves the address, so an existing
    account without a password may set one and an unproven account may join."""
    owner = member(Role.OWNER, org=globex, email="owner@globex.example")
    dormant = member(Role.VIEWER, email="dormant@acme.example").user
    dormant.set_unusable_password()
    dormant.save()
    with override_settings(FORTY2_MAIL_CONFIGURED=True):
        sent = invitations.invite(globex, email=dormant.email, role=Role.VIEWER, actor=owner.user,
                                  actor_membership=owner)
    assert sent.link is None and sent.invitation.mailed
    raw = re.search(r"/invitations/([\w-]+)/", mail.outbox[-1].body).group(1)
    membership = invitations.accept(raw, full_name="Dora Mant", password=PASSWORD)
    dormant.refresh_from_db()
    assert membership.organization == globex and dormant.check_password(PASSWORD)
    assert dormant.email_verified_at is not None


def test_resending_without_smtp_makes_the_link_unproving_again(member, globex):
    owner = member(Role.OWNER, org=globex, email="owner@globex.example")
    with override_settings(FORTY2_MAIL_CONFIGURED=True):
        sent = invitations.invite(globex, email="x@acme.example", role=Role.VIEWER, actor=owner.user,
                                  actor_membership=owner)
    assert Invitation.objects.get(pk=sent.invitation.pk).mailed
    again = invitations.resend(sent.invitation, actor=owner.user, actor_membership=owner)
    assert again.link and not Invitation.objects.get(pk=sent.invitation.pk).mailed


def test_an_owner_cannot_add_an_existing_account_directly(member, globex):
    owner = member(Role.OWNER)
    member(Role.VIEWER, org=globex, email="someone@globex.example")
    with pytest.raises(Conflict):
        tenancy.add_member(owner.organization, email="someone@globex.example", role=Role.VIEWER,
                           actor=owner.user, actor_membership=owner)
    assert not Membership.objects.filter(user__email="someone@globex.example", organization=owner.organization)


def test_a_demoted_or_removed_owners_invitations_stop_working(member):
    """Finding 6: he invites his own second address as owner, is demoted and removed; the link still made an
    owner. Now demotion revokes his pending invitations, and accepting re-checks the inviter."""
    boss = member(Role.OWNER, email="boss@acme.example")
    rogue = member(Role.OWNER, email="rogue@acme.example")
    sent = invitations.invite(rogue.organization, email="rogue.alt@elsewhere.example", role=Role.OWNER,
                              actor=rogue.user, actor_membership=rogue)
    raw = sent.link.rstrip("/").rsplit("/", 1)[1]
    tenancy.change_role(rogue, role=Role.VIEWER, actor=boss.user, actor_membership=boss)
    assert Invitation.objects.get(pk=sent.invitation.pk).state == "revoked"
    revoked = AuditEvent.objects.get(action="invitation.revoke")
    assert revoked.changes["reason"] == "the inviter is no longer an owner" and revoked.actor_id == boss.user.pk
    tenancy.remove_member(Membership.objects.get(pk=rogue.pk), actor=boss.user, actor_membership=boss)
    assert Client().get(_path(sent.link)).status_code == 404
    with pytest.raises(invitations.InvitationUnusable):
        invitations.accept(raw, full_name="Rogue Alt", password=PASSWORD)
    assert not User.objects.filter(email="rogue.alt@elsewhere.example").exists()


def test_an_inviter_whose_owner_access_ended_cannot_grant_access(member):
    """The accept-time check: the owner's membership expired (or was changed outside the services)."""
    member(Role.OWNER, email="boss@acme.example")
    temp = member(Role.OWNER, email="temp@acme.example")
    sent = invitations.invite(temp.organization, email="friend@elsewhere.example", role=Role.OWNER,
                              actor=temp.user, actor_membership=temp)
    Membership.objects.filter(pk=temp.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client, response = _set_password_via_link(sent.link)
    assert response.status_code == 404 and "cannot be used" in response.content.decode()
    assert not Membership.objects.filter(user__email="friend@elsewhere.example").exists()


def test_an_administrators_invitation_from_the_command_line_still_works(acme):
    sent = invitations.invite(acme, email="first@acme.example", role=Role.OWNER)
    _client, response = _set_password_via_link(sent.link)
    assert response.status_code == 302
    assert Membership.objects.get(user__email="first@acme.example").role == Role.OWNER
