"""Writes for organisations and memberships (ISO/IEC 42001 5.3 roles and authorities).

Organisations go on the installation audit chain, membership changes on the organisation's own chain
(docs/architecture.md, "Audit chain"). The rules live here, not in the pages that call them: only owners manage
members, an external auditor needs an expiry, an organisation keeps an owner, nobody removes themselves."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forty2.accounts.models import ApiToken, User
from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, field_error

from .models import Membership, Organization, Role, slug_validator
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
    """Whether every member must use two-factor authentication (TOTP) to open the organisation's pages; an
    owner's setting (5.3), audited on the organisation's chain. Members without TOTP are asked to set it up
    when they next open the organisation (forty2/web/decorators.py); API tokens are not affected."""
    if actor_membership is not None and (not can(actor_membership, "manage_settings")
                                         or actor_membership.organization_id != org.pk):
        raise PermissionDenied("Only an owner may change the organisation's settings.")
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org.pk)
        if org.require_totp != bool(required):
            before = org.require_totp
            org.require_totp = bool(required)
            org.save(update_fields=["require_totp"])
            audit.record("organization.update", org=org, actor=actor, obj=org,
                         changes={"require_totp": [before, org.require_totp]})
    return org


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
    """Give a person a role in ``org``; creates the user (without a password) when new."""
    _require_owner(actor_membership, org)
    _check_role(role, expires_at)
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise InvalidInput([field_error("email", "Enter a valid e-mail address.")])
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
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
        m.delete()


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
