"""What the people records put in My work (ISO/IEC 42001 5.3, A.3.2), for the members who keep the AIMS (owners and
AIMS managers): roles still held by people who left, in-scope AI systems without an owner who is a person, and
processes of the RACI matrix without exactly one Accountable role — the last two once the organisation has AIMS
roles, so a new organisation's My work is not a list of every system."""

from django.urls import reverse

from forty2.tenancy.models import Role
from forty2.tenancy.work import WorkItem

from . import checks, raci

KEEPERS = frozenset({Role.OWNER, Role.AIMS_MANAGER})


def work(membership) -> list[WorkItem]:
    if membership.role not in KEEPERS:
        return []
    org = membership.organization
    items = []
    for a in checks.held_by_leavers(org):
        where = f" for {a.ai_system}" if a.ai_system_id else ""
        left = f"left on {a.person.end_date:%d %b %Y}" if a.person.end_date else "was archived"
        items.append(WorkItem(org, "people", f"End or reassign the role {a.role}{where}: {a.person} {left}",
                              reverse("people:role_assignment_detail", args=[org.slug, a.pk]),
                              due=a.person.end_date, detail="ISO/IEC 42001 5.3"))
    # an organisation that has not begun recording its roles is asked once, by readiness (5.3), not once per system
    has_roles = raci.live_roles(org).exists()
    for system in checks.systems_without_owner(org) if has_roles else ():
        items.append(WorkItem(org, "people", f"Name the AI system owner of {system}",
                              reverse("people:role_assignment_create", args=[org.slug]),
                              detail="An in-scope AI system needs an owner who is a person (5.3)."))
    bad = [row for row in raci.rows(org) if not row.complete]
    if bad and has_roles:
        names = "; ".join(row.process.label for row in bad[:5]) + (" …" if len(bad) > 5 else "")
        items.append(WorkItem(org, "people", f"Name exactly one Accountable role for {len(bad)} AIMS "
                                             f"process{'es' if len(bad) != 1 else ''} in the RACI matrix",
                              reverse("people:raci", args=[org.slug]), detail=names))
    return items
