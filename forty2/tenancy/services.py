"""Writes for organisations and memberships (ISO/IEC 42001 5.3 roles and authorities).

Organisations go on the installation audit chain, membership changes on the organisation's own chain
(docs/architecture.md, "Audit chain"). The rules live here, not in the pages that call them: only owners manage
members, an external auditor needs an expiry, an organisation keeps an owner, nobody removes themselves."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forty2.accounts import services as accounts
from forty2.accounts import sso
from forty2.accounts.models import ApiToken, User
from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion, field_error

from .models import Invitation, Membership, Organization, Role, slug_validator
from .roles import can


def create_organization(*, slug: str, name: str, actor=None) -> Organization:
    slug, name = (slug or "").strip().lower(), (name or "").strip()
    errors = []
    try:
        slug_validator(slug)
    except Exception:
        errors.append(field_error("slug", "Use 1-50 lower-case letters, digits and hyphens."))
    if not name or len(name) > 200:
        errors.append(field_error("name", "Give a name of 1-200 characters."))
    if not errors and Organization.objects.filter(slug=slug).exists():
        errors.append(field_error("slug", f"Organisation '{slug}' already exists.", "duplicate"))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        org = Organization.objects.create(slug=slug, name=name)
        audit.record("organization.create", actor=actor, obj=org, changes={"slug": slug, "name": name})
        # The organisation's own chain starts with its creation, so a chain deleted whole is missed by
        # nobody: `forty2 audit verify` requires a chain for every organisation (finding 5 of issue #14).
        audit.record("organization.create", org=org, actor=actor, obj=org, changes={"slug": slug, "name": name})
    return org


def set_require_totp(org: Organization, *, required: bool, actor=None, actor_membership=None) -> Organization:
    """Whether every member must use two-factor authentication (TOTP) to open the organisation's pages and its
    API (session or token); see :func:`update_settings`."""
    return update_settings(org, require_totp=required, actor=actor, actor_membership=actor_membership)


#: the organisation's security settings an owner may change (``sso_only`` has its own preconditions: see
#: :func:`update_settings`)
SETTINGS = ("require_totp", "require_totp_for_tokens")
#: every setting of ``GET/PATCH /api/v1/orgs/{org}/settings``, one versioned whole
ALL_SETTINGS = (*SETTINGS, "sso_only")


def update_settings(org: Organization, *, actor=None, actor_membership=None, version: int | None = None,
                    signed_in_with_sso: bool = False, **values) -> Organization:
    """An owner's security settings of the organisation (5.3; access to documented information, 7.5.3),
    audited on its chain when they change, each change raising ``Organization.version``:

    - ``require_totp``: every member needs TOTP for the pages, the API with a session, and API tokens; members
      without it are asked to set it up when they next open the organisation (forty2/web/decorators.py);
    - ``require_totp_for_tokens``: creating or using an API token needs TOTP, even where the pages do not;
    - ``sso_only``: members open the organisation only from a session signed in through single sign-on.
      Turning it on needs a configured provider and is done from a session signed in through it
      (``signed_in_with_sso``), so the owner proves that the way in works before closing the others. It revokes
      every API token of the organisation (tokens made after a password sign-in would outlive the rule);
      members create new ones after signing in with single sign-on.

    An owner without TOTP cannot turn a two-factor requirement on: they would lock themselves (and their token)
    out. ``version`` (the API's PATCH) is the settings' version the caller read: a stale one is applied when none
    of the settings sent changed since that version (the audit history holds what changed), and refused with
    StaleVersion (409, the saved values) on a real conflict; ``None`` (the settings page, the services' own
    callers) does not check."""
    if actor_membership is not None and (not can(actor_membership, "manage_settings")
                                         or actor_membership.organization_id != org.pk):
        raise PermissionDenied("Only an owner may change the organisation's settings.")
    unknown = [key for key in values if key not in ALL_SETTINGS]
    if unknown:
        raise InvalidInput([field_error(key, "Not a setting of the organisation.", "extra_forbidden")
                            for key in unknown])
    wanted = {key: bool(value) for key, value in values.items() if value is not None}
    if wanted.get("sso_only") and not org.sso_only:
        if not sso.providers():
            raise InvalidInput([field_error("sso_only", "No single sign-on provider is configured on this "
                                                        "installation (FORTY2_OIDC_ISSUER and related settings).")])
        if not signed_in_with_sso:
            raise InvalidInput([field_error("sso_only", "Sign in with single sign-on first, then turn this on: "
                                                        "that proves it works for you before other ways in close.")])
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org.pk)
        if version is not None and version != org.version:
            _refuse_conflict(org, wanted, version)
        changes = {}
        for key, value in wanted.items():
            if getattr(org, key) != value:
                changes[key] = [getattr(org, key), value]
                setattr(org, key, value)
        turned_on = any(after for key, (_before, after) in changes.items() if key in SETTINGS)
        if turned_on and actor_membership is not None and not accounts.has_totp(actor_membership.user):
            raise Conflict("Set up two-factor authentication (an authenticator app) on your own account before "
                           "requiring it: otherwise you would lock yourself out, your API tokens included.")
        if changes:
            changes["version"] = [org.version, org.version + 1]
            org.version += 1
            org.save(update_fields=[*(key for key in changes if key in ALL_SETTINGS), "version"])
            if changes.get("sso_only", [False, False])[1]:
                tokens = ApiToken.objects.filter(organization=org, revoked_at__isnull=True)
                changes["api_tokens_revoked"] = tokens.update(revoked_at=timezone.now())
            audit.record("organization.update", org=org, actor=actor, obj=org, changes=changes)
    return org


def settings_changed_since(org: Organization, given: int) -> set[str] | None:
    """The settings changed since their version ``given``, read from the organisation's audit history (each
    change records ``version: [before, after]``); None when ``given`` cannot be a version of them."""
    if not 1 <= given < org.version:
        return None
    from forty2.core.models import AuditEvent

    touched = set()
    events = (AuditEvent.objects.filter(organization=org, action="organization.update", object_type="organization",
                                        object_id=str(org.pk)).order_by("-seq").values_list("changes", flat=True))
    for changes in events.iterator():
        after = (changes or {}).get("version", [0, 0])[1]
        if after <= given:
            break
        touched.update(key for key in ALL_SETTINGS if key in changes)
    return touched


def _refuse_conflict(org: Organization, wanted: dict, given: int) -> None:
    """A change on a stale version: 409 naming the settings sent whose saved value someone else changed since
    ``given`` (the API's PATCH rule, docs/architecture.md "API conventions")."""
    touched = settings_changed_since(org, given)
    differing = {key: getattr(org, key) for key, value in wanted.items() if getattr(org, key) != value}
    if touched is None or any(key in touched for key in differing):
        raise StaleVersion(org.version, given, fields=differing)


def create_token(membership: Membership, *, name: str = "API token", expires_in_days: int = 90,
                 actor=None) -> tuple[ApiToken, str]:
    """An API token for an active member (their own), refused without TOTP where the organisation requires
    two-factor authentication for everyone or for tokens (a bearer token must not be the way around it)."""
    if not membership.is_active or not can(membership, "create_api_token"):
        raise PermissionDenied("Only an active member may create an API token.")
    org, user = membership.organization, membership.user
    if org.tokens_need_totp and not accounts.has_totp(user):
        raise PermissionDenied(f"{org.name} requires two-factor authentication for API tokens: set up an "
                               "authenticator app (TOTP) on your account first.")
    return accounts.create_token(user=user, organization=org, name=name, expires_in_days=expires_in_days,
                                 actor=actor or user)


def set_sso_only(org: Organization, *, required: bool, signed_in_with_sso: bool, actor=None,
                 actor_membership=None) -> Organization:
    """Whether members open the organisation's pages and API only from a session signed in through single
    sign-on (OpenID Connect): an owner's setting (5.3, 7.5.3 access control), audited on the organisation's chain;
    see :func:`update_settings`."""
    return update_settings(org, sso_only=bool(required), signed_in_with_sso=signed_in_with_sso, actor=actor,
                           actor_membership=actor_membership)


def _check_role(role, expires_at):
    if role not in Role.values:
        raise InvalidInput([field_error("role", f"'{role}' is not a role; use one of: {', '.join(Role.values)}.",
                                        "enum")])
    if role == Role.EXTERNAL_AUDITOR and expires_at is None:
        raise InvalidInput([field_error("expires_at", "An external auditor's access needs an expiry date.")])
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput([field_error("expires_at", "The expiry must be in the future.")])


def add_member(org: Organization, *, email: str, role: str, actor=None, actor_membership=None,
               expires_at: dt.datetime | None = None, full_name: str = "") -> Membership:
    """Give a person a role in ``org``; creates the user (without a password) when new.

    For the installation's administrator (``createadmin``, the demo). A person acting as owner
    (``actor_membership``) may not hand an existing account access this way: an existing account joins another
    organisation only by accepting an invitation signed in as itself (forty2/tenancy/invitations.py)."""
    _require_owner(actor_membership, org)
    _check_role(role, expires_at)
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise InvalidInput([field_error("email", "Enter a valid e-mail address.")])
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and actor_membership is not None:
            raise Conflict(f"{email} already has a Forty2 account: invite them; they accept signed in.")
        if user is None:
            user = User.objects.create_user(email, None, full_name=full_name)
            audit.record("user.create", actor=actor, obj=user, changes={"email": email})
        if Membership.objects.filter(user=user, organization=org).exists():
            raise Conflict(f"{email} is already a member of {org.name}.")
        m = Membership.objects.create(user=user, organization=org, role=role, expires_at=expires_at)
        audit.record("membership.create", org=org, actor=actor, obj=m,
                     changes={"organization": org.slug, "user": email, "role": role, "expires_at": expires_at})
    return m


def change_role(membership: Membership, *, role: str, expires_at=None, actor=None,
                actor_membership=None) -> Membership:
    _require_owner(actor_membership, membership.organization)
    _check_role(role, expires_at)
    with transaction.atomic():
        m = _lock_with_owners(membership)
        if m.role == Role.OWNER and role != Role.OWNER and not _other_owner(m):
            raise Conflict("An organisation needs at least one owner.")
        before = {"role": m.role, "expires_at": m.expires_at}
        m.role, m.expires_at = role, expires_at
        m.save(update_fields=["role", "expires_at"])
        audit.record("membership.update", org=m.organization, actor=actor, obj=m,
                     changes={"organization": m.organization.slug, "user": m.user.email,
                              **audit.diff(before, {"role": role, "expires_at": expires_at})})
        if before["role"] == Role.OWNER and role != Role.OWNER:
            revoke_invitations_by(m, actor=actor, reason="the inviter is no longer an owner")
    return m


def check_removal(membership: Membership, *, actor_membership=None) -> None:
    """Refuse a removal before anyone confirms it: only an owner of the organisation removes people, and never
    themselves (another owner can), so nobody locks themselves out by mistake (ISO/IEC 42001 5.3). The web
    page asks this before showing its confirmation; :func:`remove_member` asks it again."""
    _require_owner(actor_membership, membership.organization)
    _refuse_self(membership, actor_membership)


def remove_member(membership: Membership, *, actor=None, actor_membership=None) -> None:
    _require_owner(actor_membership, membership.organization)
    with transaction.atomic():
        m = _lock_with_owners(membership)
        if m.role == Role.OWNER and not _other_owner(m):
            raise Conflict("An organisation needs at least one owner.")
        _refuse_self(m, actor_membership)
        # Their API tokens for this organisation die with the membership (and stay dead if they return).
        revoked = ApiToken.objects.filter(user=m.user, organization=m.organization, revoked_at__isnull=True)
        revoked_count = revoked.update(revoked_at=timezone.now())
        audit.record("membership.delete", org=m.organization, actor=actor, obj=m,
                     changes={"organization": m.organization.slug, "user": m.user.email, "role": m.role,
                              "api_tokens_revoked": revoked_count})
        revoke_invitations_by(m, actor=actor, reason="the inviter was removed")
        m.delete()


def revoke_invitations_by(membership: Membership, *, actor=None, reason: str) -> int:
    """Revoke the pending invitations ``membership``'s person sent for its organisation, when they stop being
    an owner: authority they lost must not live on in links (5.3). Accepting also re-checks the inviter
    (forty2/tenancy/invitations.py), which covers an owner whose access simply expired."""
    count = 0
    for inv in (Invitation.objects.select_for_update().filter(
            organization_id=membership.organization_id, invited_by_id=membership.user_id,
            accepted_at__isnull=True, revoked_at__isnull=True)):
        inv.revoked_at = timezone.now()
        inv.save(update_fields=["revoked_at"])
        audit.record("invitation.revoke", org=membership.organization, actor=actor, obj=inv,
                     changes={"email": inv.email, "role": inv.role, "reason": reason})
        count += 1
    return count


def _require_owner(actor_membership, org) -> None:
    """Callers acting for a person pass their membership; only owners manage members (5.3), and only in their
    own organisation: an owner of one client may not touch another client's people."""
    if actor_membership is None:
        return
    if not can(actor_membership, "manage_members") or actor_membership.organization_id != org.pk:
        raise PermissionDenied("Only an owner may manage members.")


def _refuse_self(membership, actor_membership) -> None:
    if actor_membership is not None and actor_membership.pk == membership.pk:
        raise Conflict("You cannot remove yourself. Another owner can remove you.")


def _lock_with_owners(membership: Membership) -> Membership:
    """Lock the membership and every owner membership of its organisation for this transaction, so two owners
    demoting or removing each other at the same moment cannot both see "another owner" and leave none
    (PostgreSQL; SQLite already runs one write transaction at a time)."""
    list(Membership.objects.select_for_update()
         .filter(Q(pk=membership.pk) | Q(role=Role.OWNER), organization_id=membership.organization_id)
         .order_by("pk").values_list("pk", flat=True))  # one statement, in pk order: no deadlock
    return Membership.objects.select_related("organization", "user").get(pk=membership.pk)


def _other_owner(m: Membership) -> bool:
    return Membership.objects.filter(organization=m.organization, role=Role.OWNER).exclude(pk=m.pk).exists()
