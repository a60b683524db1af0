"""Writes of the people records (ISO/IEC 42001 5.3, A.3.2) through the records kit's write path, with the rules an
auditor asks about:

- a person's leaving date is not before their start date; an e-mail address is used by one person of the
  organisation; a member account is linked to one person;
- a person who left is given no new role; an AI system owner, operator or human oversight names the AI system,
  and a role over the whole AIMS names none; an assignment ends on or after it starts;
- a role's kind does not change under assignments it would make wrong.

:func:`link_members` links members to their people by e-mail (creating the missing people when asked);
:func:`link_on_acceptance` does it for a member who has just accepted an invitation.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import InvalidInput, field_error
from forty2.records import writes
from forty2.tenancy.access import require
from forty2.tenancy.models import Membership, Role

from .definitions import AIMS_ROLE, PERSON, ROLE_ASSIGNMENT
from .models import PER_SYSTEM, Person, RoleAssignment


def final(write, name):
    """The value ``name`` will have after the write (the input's, else the record's: a create's ``initial``)."""
    if name in write.cleaned:
        return write.cleaned[name]
    return getattr(write.obj, name, None)


def _pk(value):
    return getattr(value, "pk", value)


def has_left(person, today=None) -> bool:
    """Whether the person left: a leaving date in the past (they still work on the day they leave)."""
    return person.end_date is not None and person.end_date < (today or timezone.localdate())


class PersonRules(writes.Rules):
    def check(self, write):
        errors = []
        start, end = final(write, "start_date"), final(write, "end_date")
        if start and end and end < start:
            errors.append(field_error("end_date", "The leaving date is before the start date.", "date_order"))
        email = (final(write, "email") or "").strip()
        if email and ("email" in write.cleaned or write.created):
            try:
                validate_email(email)
            except ValidationError:
                errors.append(field_error("email", "Enter a valid e-mail address.", "value_error"))
            else:
                other = Person.objects.for_org(write.org).filter(email__iexact=email).exclude(pk=write.obj.pk).first()
                if other is not None:
                    errors.append(field_error("email", f"{other.name} already has the e-mail address {email}.",
                                              "duplicate"))
        user = final(write, "user")
        if user is not None and ("user" in write.cleaned or write.created):
            other = Person.objects.for_org(write.org).filter(user=user).exclude(pk=write.obj.pk).first()
            if other is not None:
                errors.append(field_error("user", f"{user.email} is already linked to {other.name}; a member is "
                                                  "linked to one person.", "duplicate"))
        if errors:
            raise InvalidInput(errors)


class AssignmentRules(writes.Rules):
    def check(self, write):
        errors = []
        role, person, system = final(write, "role"), final(write, "person"), final(write, "ai_system")
        start, end = final(write, "start_date"), final(write, "end_date")
        if start and end and end < start:
            errors.append(field_error("end_date", "The assignment ends before it starts.", "date_order"))
        new_holder = write.created or "person" in write.cleaned and _pk(person) != write.obj.person_id
        if person is not None and new_holder and has_left(person):
            errors.append(field_error("person", f"{person.name} left on {person.end_date:%d %b %Y}; a person who "
                                                "left is given no new role.", "left"))
        if role is not None:
            if role.kind in PER_SYSTEM and system is None:
                errors.append(field_error("ai_system", f"Name the AI system: {role.get_kind_display()} is held "
                                                       "per AI system.", "required_by"))
            elif role.kind not in PER_SYSTEM and system is not None:
                errors.append(field_error("ai_system", f"{role.get_kind_display()} is a role over the whole AIMS; "
                                                       "leave the AI system blank.", "not_allowed"))
        if errors:
            raise InvalidInput(errors)


class RoleRules(writes.Rules):
    def check(self, write):
        if write.created or "kind" not in write.cleaned or write.cleaned["kind"] == write.obj.kind:
            return
        per_system = write.cleaned["kind"] in PER_SYSTEM
        held = RoleAssignment.objects.for_org(write.org).filter(role=write.obj, ai_system__isnull=per_system)
        if held.exists():
            what = "without an AI system" if per_system else "for an AI system"
            raise InvalidInput([field_error("kind", f"{held.count()} assignment(s) hold this role {what}; change "
                                                    "or end them before changing its kind.", "in_use")])


RULES = {PERSON.name: PersonRules, ROLE_ASSIGNMENT.name: AssignmentRules, AIMS_ROLE.name: RoleRules}


def rules_for(rt) -> writes.Rules:
    return RULES[rt.name]() if rt.name in RULES else writes.NO_RULES


def create(rt, membership, data: dict, **initial):
    return writes.create(rt, membership, data, rules=rules_for(rt), **initial)


def update(rt, membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(rt, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=rules_for(rt))



# --- members and people ----------------------------------------------------------------------------------------

@dataclass
class LinkResult:
    linked: list = field(default_factory=list)  # [(person, membership)]
    created: list = field(default_factory=list)  # [(person, membership)]
    without: list = field(default_factory=list)  # memberships with no person (not created)

    def summary(self) -> str:
        parts = [f"{len(self.linked)} linked", f"{len(self.created)} created"]
        if self.without:
            parts.append(f"{len(self.without)} member(s) without a person")
        return ", ".join(parts)


def person_of(membership):
    """The live person a member signs in as, or None."""
    return Person.objects.for_org(membership.organization).filter(user=membership.user,
                                                                  archived_at__isnull=True).first()


def link_members(membership, *, create_missing: bool = False) -> LinkResult:
    """Link every active member who has no person to the person with the same e-mail address (case ignored), and,
    with ``create_missing``, create a person for each member who has none. External auditors are not people of
    the organisation and are left out. Each link and creation is an audited write (``person.update`` /
    ``person.create``) of the member running it."""
    require(membership, "edit_any_record")
    org = membership.organization
    result = LinkResult()
    with transaction.atomic():
        linked_users = set(Person.objects.for_org(org).filter(user__isnull=False).values_list("user_id", flat=True))
        by_email = {}
        for p in Person.objects.for_org(org).filter(user__isnull=True, archived_at__isnull=True).exclude(email=""):
            by_email.setdefault(p.email.lower(), []).append(p)
        members = (Membership.objects.active().filter(organization=org).exclude(role=Role.EXTERNAL_AUDITOR)
                   .exclude(user_id__in=linked_users).select_related("user").order_by("user__email"))
        for m in members:
            found = by_email.get(m.user.email.lower(), [])
            if len(found) == 1:
                person = update(PERSON, membership, found[0], {"user": m.user.email}, version=found[0].version)
                result.linked.append((person, m))
            elif create_missing and not found:
                taken = Person.objects.for_org(org).filter(email__iexact=m.user.email).exists()
                person = create(PERSON, membership, {"name": m.user.full_name or m.user.email,
                                                     "email": "" if taken else m.user.email, "user": m.user.email})
                result.created.append((person, m))
            else:
                result.without.append(m)
    return result


def link_on_acceptance(membership) -> Person | None:
    """A member who accepted an invitation is linked to their person (same e-mail, not yet linked), or given a new
    one; audited as the member themselves. External auditors are not people of the organisation."""
    if membership.role == Role.EXTERNAL_AUDITOR:
        return None
    org, user = membership.organization, membership.user
    if Person.objects.for_org(org).filter(user=user).exists():
        return None
    person = Person.objects.for_org(org).filter(email__iexact=user.email, user__isnull=True,
                                                archived_at__isnull=True).first()
    now = timezone.now()
    if person is not None:
        person.user, person.version, person.updated_at = user, person.version + 1, now
        person.save(update_fields=["user", "version", "updated_at"])
        audit.record("person.update", org=org, actor=user, obj=person,
                     changes={"user": [None, user.email], "via": "invitation"})
        return person
    if Person.objects.for_org(org).filter(email__iexact=user.email).exists():
        return None  # an archived person has the address: an owner decides
    person = Person.objects.create(organization=org, name=user.full_name or user.email, email=user.email, user=user,
                                   created_by=user)
    audit.record("person.create", org=org, actor=user, obj=person,
                 changes={**writes.snapshot(PERSON, person), "via": "invitation"})
    return person


def role_holders(org, kind: str, *, today=None):
    """Live assignments of roles of ``kind`` to people who have not left, current on ``today``."""
    today = today or timezone.localdate()
    return (RoleAssignment.objects.for_org(org)
            .filter(role__kind=kind, role__archived_at__isnull=True, person__archived_at__isnull=True)
            .filter(Q(person__end_date__isnull=True) | Q(person__end_date__gte=today))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=today)))

