"""An invited person receives the invitation (a mail file in the data dir when no SMTP is configured), sets a
name and a password and lands in the organisation; the link works once, only for the invited address, and
not once revoked or expired (issue 11, "Done when"; ISO/IEC 42001 5.3, 7.4)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from forty2.accounts.models import User
from forty2.core import audit
from forty2.core.models import AuditEvent
from forty2.tenancy import invitations
from forty2.tenancy.models import Invitation, Membership, Role

PASSWORD = "a-long-enough-passphrase-42"
LINK = re.compile(r"https?://\S+/invitations/([\w-]+)/")


@pytest.fixture
def owner(member):
    m = member(Role.OWNER, email="alex@acme.example")
    User.objects.filter(pk=m.user.pk).update(full_name="Alex Morgan")
    m.user.refresh_from_db()
    return m


def _invite(owner, email="new.person@acme.example", role=Role.CONTRIBUTOR, **kw):
    sent = invitations.invite(owner.organization, email=email, role=role, actor=owner.user,
                              actor_membership=owner, **kw)
    return sent, LINK.search(sent.link).group(0) if sent.link else None


def _path(link):
    return "/" + link.split("/", 3)[3]


def _accept(client, link, name="Nora Quinn", password=PASSWORD):
    return client.post(_path(link), {"full_name": name, "password": password, "password_again": password})


def test_the_mail_lands_as_a_file_in_the_data_dir_and_names_org_inviter_role_and_expiry(owner, tmp_path):
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                           EMAIL_FILE_PATH=tmp_path / "mail"):
        sent, link = _invite(owner)
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1
    text = files[0].read_text()
    assert "To: new.person@acme.example" in text
    assert "Acme" in text and "Alex Morgan" in text and "Contributor" in text
    assert link in text and "expires on" in text
    # only the digest is stored, and nothing in the audit log carries the token
    token = LINK.search(link).group(1)
    inv = sent.invitation
    assert token not in inv.digest and len(inv.digest) == 64
    assert not AuditEvent.objects.filter(canonical__contains=token).exists()


def test_the_invited_person_sets_a_password_and_lands_in_the_organisation(owner):
    _sent, link = _invite(owner)
    client = Client()
    page = client.get(_path(link))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Join Acme" in html and "Contributor" in html and "Alex Morgan" in html
    response = _accept(client, link)
    assert response.status_code == 302 and response["Location"] == "/o/acme/"
    user = User.objects.get(email="new.person@acme.example")
    assert user.full_name == "Nora Quinn" and user.check_password(PASSWORD)
    assert Membership.objects.get(user=user, organization=owner.organization).role == Role.CONTRIBUTOR
    dashboard = client.get("/o/acme/")
    assert dashboard.status_code == 200
    assert Invitation.objects.get().accepted_at is not None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"invitation.create", "invitation.accept", "membership.create", "user.create",
            "user.set_password"} <= actions
    assert all(report.ok for report in audit.verify())


def test_the_link_works_once(owner):
    _sent, link = _invite(owner)
    assert _accept(Client(), link).status_code == 302
    again = Client().get(_path(link))
    assert again.status_code == 404
    assert "cannot be used" in again.content.decode()
    assert _accept(Client(), link, name="Someone Else").status_code == 404
    assert User.objects.get(email="new.person@acme.example").full_name == "Nora Quinn"


def test_another_signed_in_address_cannot_accept(owner, member):
    _sent, link = _invite(owner)
    other = member(Role.VIEWER, email="mallory@acme.example").user
    client = Client()
    client.force_login(other)
    path = _path(link)
    html = client.get(path).content.decode()
    assert "This invitation is for new.person@acme.example, but you are signed in as mallory@acme.example" in html
    response = client.post(path, {})
    assert response.status_code == 200
    assert not Membership.objects.filter(user__email="new.person@acme.example").exists()
    assert Invitation.objects.get().accepted_at is None
    with pytest.raises(invitations.WrongAddress):
        invitations.accept(LINK.search(link).group(1), user=other)


def test_revoked_invitations_fail(owner):
    sent, link = _invite(owner)
    invitations.revoke(sent.invitation, actor=owner.user, actor_membership=owner)
    response = _accept(Client(), link)
    assert response.status_code == 404 and "cannot be used" in response.content.decode()
    assert not User.objects.filter(email="new.person@acme.example").exists()
    assert AuditEvent.objects.filter(action="invitation.revoke").exists()


def test_expired_invitations_fail(owner):
    sent, link = _invite(owner)
    Invitation.objects.filter(pk=sent.invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = _accept(Client(), link)
    assert response.status_code == 404 and "cannot be used" in response.content.decode()
    assert not User.objects.filter(email="new.person@acme.example").exists()


def test_resending_kills_the_old_link(owner):
    sent, old = _invite(owner)
    resent = invitations.resend(sent.invitation, actor=owner.user, actor_membership=owner)
    assert _accept(Client(), old).status_code == 404
    assert _accept(Client(), resent.link).status_code == 302


def test_unknown_tokens_get_the_same_message_and_guessing_is_throttled(owner):
    client = Client()
    first = client.get("/invitations/not-a-real-token/")
    assert first.status_code == 404 and invitations.UNUSABLE in first.content.decode()
    for n in range(15):
        response = client.get(f"/invitations/guess-{n}/")
    assert response.status_code == 429
    # while throttled, even a valid link waits: the guesser learns nothing
    _sent, link = _invite(owner)
    assert client.get(_path(link)).status_code == 429


def test_a_weak_password_is_refused_next_to_the_field_and_nothing_is_created(owner):
    _sent, link = _invite(owner)
    response = _accept(Client(), link, password="1234567890")
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert not User.objects.filter(email="new.person@acme.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_account_signs_in_first_then_accepts(owner, member, globex):
    existing = member(Role.VIEWER, org=globex, email="consultant@example.com").user
    existing.set_password(PASSWORD)
    existing.email_verified_at = timezone.now()  # proven by a password reset by mail
    existing.save()
    _sent, link = _invite(owner, email="consultant@example.com", role=Role.AIMS_MANAGER)
    path = _path(link)
    html = Client().get(path).content.decode()
    assert "Sign in to accept" in html
    assert _accept(Client(), link).status_code == 200  # no password can be set for an existing account
    assert User.objects.get(pk=existing.pk).check_password(PASSWORD)
    client = Client()
    client.force_login(existing)
    response = client.post(path, {})
    assert response.status_code == 302 and response["Location"] == "/o/acme/"
    assert Membership.objects.get(user=existing, organization=owner.organization).role == Role.AIMS_MANAGER


def test_mail_through_smtp_hides_the_link_from_the_owner(owner):
    with override_settings(FORTY2_MAIL_CONFIGURED=True):
        sent, _link = _invite(owner)
    assert sent.link is None and sent.mail_sent
    assert len(mail.outbox) == 1 and "/invitations/" in mail.outbox[0].body
