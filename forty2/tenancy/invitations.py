"""Invitations: how a person is given a role in an organisation (ISO/IEC 42001 5.3 roles and authorities,
7.4 communication).

An owner invites an e-mail address; the person opens the link, sets a display name and a password (or signs in
with the account they already have) and becomes a member.

Accounts are installation-wide, so an owner of one organisation must never get hold of an account another
organisation trusts (issue #14, finding 1):

- an existing account joins another organisation only by accepting while signed in as itself (the People page's
  "Add a person" invites it too, it never adds the membership directly);
- a link shown to the inviting owner (no SMTP, the demo, a failed mail) proves nothing about who reads the
  address; a link that went out through the configured SMTP server does. An account whose address was never
  proven (``User.email_verified_at``: a mailed invitation, or a password reset by mail) cannot accept an
  invitation whose link was shown, and nobody sets the password of an existing account through such a link;
- the inviter must still be an active owner when the link is used (finding 6).

The raw token exists only in the link: the database keeps its SHA-256 digest, as for API tokens
(forty2/accounts/models.py), and nothing logs it. Re-sending makes a new token, so the old link dies. Every
write is audited on the organisation's chain, in the same transaction.

Mail goes through Django's configured backend: SMTP when ``FORTY2_EMAIL_HOST`` is set, else a file in the
data dir (forty2/settings.py). Without SMTP the caller also gets the link back to pass on by hand.
"""

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from forty2.accounts import services as accounts
from forty2.accounts.models import User, token_digest
from forty2.core import audit
from forty2.core.errors import Conflict, Forty2Error, InvalidInput, PermissionDenied, field_error

from .models import Invitation, InvitationState, Membership, Organization, Role
from .roles import describe
from .services import _check_role, _require_owner

log = logging.getLogger("forty2.invitations")

#: One message for every link that cannot be used: unknown, used, expired or revoked look the same, so a
#: guess learns nothing.
UNUSABLE = "This invitation link cannot be used. It may have expired, been revoked or already been used. " \
           "Ask the person who invited you to send a new invitation."


class InvitationUnusable(Forty2Error):
    def __init__(self):
        super().__init__(UNUSABLE)


class WrongAddress(PermissionDenied):
    """A signed-in person whose address is not the invited one."""


class SignInRequired(Forty2Error):
    """The invited address already has an account with a password: its owner signs in to accept."""


class AddressNotProven(PermissionDenied):
    """The account exists but nobody ever proved they read its mail, and this link was shown to an owner
    rather than mailed: accepting it would let whoever holds the link claim the account's access."""


#: signed in as an account whose address was never proven, with a link that was not mailed
NOT_PROVEN = ("Your e-mail address has not been confirmed yet, so this invitation cannot give your account "
              "access. Confirm it: sign out, choose “Forgot your password?” on the sign-in page and set a "
              "new password from the link mailed to you (no mail? ask your Forty2 administrator). Then sign in and "
              "open this invitation again.")
#: not signed in, the address has an account without a password, the link was not mailed
CLAIM_BY_MAIL = ("This address already has a Forty2 account. Its password can only be set from a link mailed to "
                 "the address: choose “Forgot your password?” on the sign-in page, then sign in and open "
                 "this invitation again.")


@dataclass
class Sent:
    """What an invite or re-send produced. ``link`` is for the owner to pass on when mail is not configured
    (or could not be sent); it is None when the mail went out through SMTP."""

    invitation: Invitation
    link: str | None
    mail_sent: bool


@dataclass
class Added:
    """What adding a person on the People page did: always an invitation; ``existing_account`` tells whether
    the address already has an account (its owner accepts signed in)."""

    sent: Sent
    existing_account: bool = False


def mail_configured() -> bool:
    return bool(getattr(settings, "FORTY2_MAIL_CONFIGURED", False))


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _base(base_url: str | None) -> str:
    return (base_url or settings.SITE_URL).rstrip("/")


def accept_link(raw: str, base_url: str | None = None) -> str:
    return _base(base_url) + reverse("web:invitation", args=[raw])


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.FORTY2_INVITATION_DAYS)


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    if not email or len(email) > 254:
        raise InvalidInput([field_error("email", "Enter a valid e-mail address.")])
    return email


def _has_account(user: User | None) -> bool:
    """An account its owner can sign in to (people added before invitations existed have no password)."""
    return user is not None and user.is_active and user.has_usable_password()


def _who(user) -> str:
    return user.get_full_name() if user is not None else "An administrator"


def _send(subject: str, template: str, context: dict, to: str) -> bool:
    """Send a plain-text mail; False (logged without the link) when the backend fails."""
    try:
        send_mail(subject, render_to_string(template, context), None, [to])
    except Exception:  # SMTP down or misconfigured: the owner is shown the link instead
        log.warning("could not send %s to %s", template.rsplit("/", 1)[-1], to, exc_info=False)
        return False
    return True


def _mail_invitation(inv: Invitation, raw: str, base_url: str | None) -> Sent:
    link = accept_link(raw, base_url)
    org = inv.organization
    context = {"inviter": _who(inv.invited_by), "org": org, "role": inv.get_role_display(),
               "role_description": describe(inv.role), "link": link, "expires_at": inv.expires_at,
               "access_expires_at": inv.access_expires_at, "email": inv.email}
    sent = _send(f"Invitation to {org.name} on Forty2", "tenancy/invitation_email.txt", context, inv.email)
    show = not (sent and mail_configured())
    if inv.mailed != (not show):
        inv.mailed = not show
        Invitation.objects.filter(pk=inv.pk).update(mailed=inv.mailed)
    return Sent(inv, link if show else None, sent)


def invite(org: Organization, *, email: str, role: str, actor=None, actor_membership=None,
           access_expires_at: dt.datetime | None = None, base_url: str | None = None,
           send: bool = True) -> Sent:
    """Invite ``email`` to ``org`` with ``role`` (owners only). ``send=False`` (the demo) sends no mail."""
    _require_owner(actor_membership, org)
    try:
        _check_role(role, access_expires_at)
    except InvalidInput as exc:  # the invitation's field is named for the access it grants
        raise InvalidInput([{**e, "loc": [*e["loc"][:-1], "access_expires_at"]} if e["loc"][-1] == "expires_at"
                            else e for e in exc.errors]) from None
    email = _clean_email(email)
    raw = _new_token()
    with transaction.atomic():
        if Membership.objects.filter(organization=org, user__email__iexact=email).exists():
            raise Conflict(f"{email} is already a member of {org.name}.")
        pending = Invitation.objects.filter(organization=org, email=email, accepted_at__isnull=True,
                                            revoked_at__isnull=True, expires_at__gt=timezone.now())
        if pending.exists():
            raise Conflict(f"{email} already has an invitation waiting; re-send it instead.")
        inv = Invitation.objects.create(organization=org, email=email, role=role,
                                        access_expires_at=access_expires_at, invited_by=actor,
                                        digest=token_digest(raw), expires_at=_expiry())
        audit.record("invitation.create", org=org, actor=actor, obj=inv,
                     changes={"email": email, "role": role, "access_expires_at": access_expires_at,
                              "expires_at": inv.expires_at})
    if not send:
        return Sent(inv, accept_link(raw, base_url), False)
    return _mail_invitation(inv, raw, base_url)


def add_person(org: Organization, *, email: str, role: str, actor=None, actor_membership=None,
               expires_at: dt.datetime | None = None, base_url: str | None = None) -> Added:
    """The People page's "Add a person": every address is invited. A person who already has an account
    accepts while signed in as themselves; access is never granted to an account without its owner's say
    (issue #14, finding 1)."""
    _require_owner(actor_membership, org)
    email = _clean_email(email)
    existing = User.objects.filter(email__iexact=email, is_active=True).exists()
    sent = invite(org, email=email, role=role, actor=actor, actor_membership=actor_membership,
                  access_expires_at=expires_at, base_url=base_url)
    return Added(sent=sent, existing_account=existing)


def _lock(invitation: Invitation) -> Invitation:
    return Invitation.objects.select_for_update(of=("self",)).select_related("organization", "invited_by").get(
        pk=invitation.pk)


def resend(invitation: Invitation, *, actor=None, actor_membership=None, base_url: str | None = None) -> Sent:
    """A new link (the old one stops working) with a fresh expiry, mailed again."""
    _require_owner(actor_membership, invitation.organization)
    raw = _new_token()
    with transaction.atomic():
        inv = _lock(invitation)
        if not inv.is_pending:
            raise Conflict(f"The invitation of {inv.email} was {inv.get_state_display().lower()}; "
                           "there is nothing to re-send.")
        inv.digest, inv.expires_at, inv.sent_at, inv.mailed = token_digest(raw), _expiry(), timezone.now(), False
        inv.save(update_fields=["digest", "expires_at", "sent_at", "mailed"])
        audit.record("invitation.resend", org=inv.organization, actor=actor, obj=inv,
                     changes={"email": inv.email, "expires_at": inv.expires_at})
    return _mail_invitation(inv, raw, base_url)


def revoke(invitation: Invitation, *, actor=None, actor_membership=None) -> Invitation:
    _require_owner(actor_membership, invitation.organization)
    with transaction.atomic():
        inv = _lock(invitation)
        if not inv.is_pending:
            raise Conflict(f"The invitation of {inv.email} was {inv.get_state_display().lower()}; "
                           "it can no longer be revoked.")
        inv.revoked_at = timezone.now()
        inv.save(update_fields=["revoked_at"])
        audit.record("invitation.revoke", org=inv.organization, actor=actor, obj=inv,
                     changes={"email": inv.email, "role": inv.role})
    return inv


def find(raw: str) -> Invitation | None:
    """The invitation whose link carries ``raw``, when it can still be accepted; else None (one indexed
    lookup by digest; what makes it unusable is not told)."""
    if not raw or len(raw) > 100:
        return None
    inv = (Invitation.objects.select_related("organization", "invited_by")
           .filter(digest=token_digest(raw)).first())
    if inv is None or inv.state != InvitationState.INVITED or not _inviter_may_invite(inv):
        return None
    return inv


def _inviter_may_invite(inv: Invitation) -> bool:
    """The owner who sent the link is still an active owner of the organisation (issue #14, finding 6): an
    owner demoted, removed or whose access ended cannot grant access any more. Invitations from the
    command line (no inviter) come from the installation's administrator."""
    if inv.invited_by_id is None:
        return True
    return Membership.objects.active().filter(organization_id=inv.organization_id, user_id=inv.invited_by_id,
                                              role=Role.OWNER).exists()


def needs_sign_in(inv: Invitation) -> bool:
    """Whether the invited address already has an account: its owner signs in, then accepts."""
    return _has_account(User.objects.filter(email__iexact=inv.email).first())


def obstacle(inv: Invitation, user=None) -> str | None:
    """Why this visitor cannot accept ``inv`` although the link is good, in words; None when they can.
    (A wrong address and "sign in first" are told by the page itself.)"""
    if user is not None and user.is_authenticated:
        if user.email.lower() == inv.email.lower() and not _address_trusted(user, inv):
            return NOT_PROVEN
        return None
    account = User.objects.filter(email__iexact=inv.email).first()
    if account is not None and not _has_account(account) and not _address_trusted(account, inv):
        return CLAIM_BY_MAIL
    return None


def _address_trusted(account: User, inv: Invitation) -> bool:
    """An existing account may gain access through ``inv`` only when its address was proven, or this very
    link was mailed (whoever opens it reads that mailbox)."""
    return account.email_verified_at is not None or inv.mailed


def accept(raw: str, *, user=None, full_name: str = "", password: str | None = None) -> Membership:
    """Accept the invitation in one transaction: the account (new, or the signed-in ``user``), the membership
    and the invitation marked accepted, all audited, or none of it.

    A signed-in person accepts only an invitation sent to their own address (:class:`WrongAddress`), and only
    when their address was proven or this link was mailed (:class:`AddressNotProven`). Without one, the invited
    address sets ``full_name`` and ``password`` (the password validators of a reset apply); an address that
    already has an account must sign in first (:class:`SignInRequired`), and an existing account without a
    password is claimed only through a mailed link. The inviter must still be an active owner."""
    full_name = " ".join((full_name or "").split())
    with transaction.atomic():
        inv = (Invitation.objects.select_for_update(of=("self",)).select_related("organization", "invited_by")
               .filter(digest=token_digest(raw or "")).first()) if raw and len(raw) <= 100 else None
        if inv is None or inv.state != InvitationState.INVITED or not _inviter_may_invite(inv):
            raise InvitationUnusable()
        if inv.access_expires_at is not None and inv.access_expires_at <= timezone.now():
            raise InvitationUnusable()
        org = inv.organization
        if user is not None and user.is_authenticated:
            if user.email.lower() != inv.email.lower():
                raise WrongAddress(f"This invitation is for another e-mail address. You are signed in as "
                                   f"{user.email}; sign out and open the link again as the invited person.")
            account = user
            if not _address_trusted(account, inv):
                raise AddressNotProven(NOT_PROVEN)
            if full_name and full_name != account.full_name:
                accounts.update_profile(account, full_name=full_name, actor=account)
        else:
            account = User.objects.filter(email__iexact=inv.email).first()
            if _has_account(account):
                raise SignInRequired("You already have a Forty2 account: sign in, then accept the invitation.")
            if account is not None and not account.is_active:
                raise InvitationUnusable()
            if account is not None and not _address_trusted(account, inv):
                raise AddressNotProven(CLAIM_BY_MAIL)
            errors = []
            if not full_name or len(full_name) > 150:
                errors.append(field_error("full_name", "Enter your name as colleagues should see it "
                                                       "(1-150 characters)."))
            if not password:
                errors.append(field_error("password", "Choose a password."))
            if errors:
                raise InvalidInput(errors)
            if account is None:
                account = accounts.create_user(email=inv.email, password=None, full_name=full_name)
            elif account.full_name != full_name:
                accounts.update_profile(account, full_name=full_name, actor=account)
            accounts.set_password(account, password, via="invitation", actor=account)
        if inv.mailed:
            accounts.mark_address_proven(account, via="invitation_mail")
        membership = Membership.objects.filter(user=account, organization=org).first()
        if membership is None:
            membership = Membership.objects.create(user=account, organization=org, role=inv.role,
                                                   expires_at=inv.access_expires_at)
            audit.record("membership.create", org=org, actor=account, obj=membership,
                         changes={"organization": org.slug, "user": account.email, "role": inv.role,
                                  "expires_at": inv.access_expires_at, "invitation": inv.pk})
        inv.accepted_at, inv.accepted_by = timezone.now(), account
        inv.save(update_fields=["accepted_at", "accepted_by"])
        audit.record("invitation.accept", org=org, actor=account, obj=inv,
                     changes={"email": inv.email, "role": inv.role})
    membership.user = account
    return membership

