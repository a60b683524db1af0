"""What the competence records let the clause checks see (ISO/IEC 42001 7.2, A.4.6). Content, not existence:
a role nobody defined requirements for, a holder lacking a mandatory competence with no timely action, an action
closed without its effectiveness evaluated, or an owner, operator or overseer of an in-scope AI system who lacks
their role's competence does not pass. An organisation with no people in roles, or no requirements, passes none.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from forty2.inventory.models import AISystem
from forty2.people.models import PER_SYSTEM

from . import gaps
from .models import ActionStatus, CompetenceAction


def _held_roles(org, today: dt.date):
    """The live roles held, in force, by active people."""
    return set(gaps.active_assignments(org, today).filter(
        person__in=gaps.active_people(org, today)).values_list("role_id", flat=True).distinct())


def _roles_with_requirements(org, today: dt.date):
    return set(gaps.requirements_in_force(org, today).values_list("role_id", flat=True).distinct())


def roles_have_requirements(org, ctx=None, today: dt.date | None = None) -> bool:
    """Someone holds an AIMS role, and every role held has at least one competence requirement in force."""
    today = today or timezone.localdate()
    held = _held_roles(org, today)
    return bool(held) and held <= _roles_with_requirements(org, today)


def holders_competent(org, ctx=None, today: dt.date | None = None) -> bool:
    """Every holder meets every mandatory requirement of their roles, or an open action due today or later is
    against the gap; at least one role held has a mandatory requirement (otherwise there is nothing to meet)."""
    today = today or timezone.localdate()
    pairs = gaps.active_assignments(org, today).filter(
        person__in=gaps.active_people(org, today),
        role__competence_requirements__in=gaps.requirements_in_force(org, today).filter(mandatory=True))
    if not pairs.exists():
        return False
    timely = gaps.open_actions(org, today, not_overdue=True).filter(person_id=OuterRef("person_id"),
                                                                   requirement_id=OuterRef("requirement_id"))
    return not gaps.gap_pairs(org, today).exclude(Exists(timely)).exists()


def actions_evaluated(org, ctx=None, today: dt.date | None = None) -> bool:
    """Competence requirements are defined, and every done action has its effectiveness evaluated: effective or
    not (not "not yet"), with a note and the date of the evaluation (7.2 c)."""
    today = today or timezone.localdate()
    if not gaps.requirements_in_force(org, today).exists():
        return False
    unevaluated = CompetenceAction.objects.for_org(org).filter(status=ActionStatus.DONE).filter(
        Q(effective__isnull=True) | Q(evaluated_on__isnull=True) | Q(effectiveness_note=""))
    return not unevaluated.exists()


def ai_system_people_competent(org, ctx=None, today: dt.date | None = None) -> bool:
    """Every owner, operator and overseer assigned to an in-scope AI system (at least one) holds a role with
    competence requirements and meets all its mandatory ones (A.4.6)."""
    today = today or timezone.localdate()
    in_scope = AISystem.objects.for_org(org).filter(archived_at__isnull=True, in_scope=True)
    per_system = gaps.active_assignments(org, today).filter(
        person__in=gaps.active_people(org, today), role__kind__in=PER_SYSTEM, ai_system__in=in_scope)
    roles = set(per_system.values_list("role_id", flat=True).distinct())
    if not roles or not roles <= _roles_with_requirements(org, today):
        return False
    lacking = gaps.gap_pairs(org, today).filter(
        Exists(per_system.filter(person_id=OuterRef("person_id"), role_id=OuterRef("role_id"))))
    return not lacking.exists()


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    def gaps_page(org):
        return reverse("competence:gaps", args=[org.slug])

    def requirements_page(org):
        return reverse("competence:requirement_list", args=[org.slug])

    def actions_page(org):
        return reverse("competence:action_list", args=[org.slug]) + "?status=done"

    register("7.2", Check("competence_requirements", "Every AIMS role held has competence requirements defined",
                          roles_have_requirements, requirements_page))
    register("7.2", Check("competence", "Every role holder meets each mandatory competence requirement, or a "
                                        "timely action is closing the gap", holders_competent, gaps_page))
    register("7.2", Check("competence_actions_evaluated", "Every completed competence action has its "
                                                          "effectiveness evaluated", actions_evaluated, actions_page))
    register("A.4.6", Check("ai_system_people_competent", "Every owner, operator and overseer of an in-scope AI "
                                                          "system meets their role's competence requirements",
                            ai_system_people_competent, gaps_page))
