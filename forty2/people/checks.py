"""What the people records let the clause checks see (ISO/IEC 42001 5.1, 5.3, 7.1, A.3.2). Content, not
existence: a role nobody holds, a role without written responsibilities and authorities, an AI system in scope
without an owner who is a person, a role still held by someone who left, a process of the RACI matrix without
exactly one Accountable role — each fails its check, and the :mod:`forty2.people.work` items say which records to fix.

An AI system's owner is an AI system owner assignment (a :class:`~forty2.people.models.RoleAssignment` of a role of
kind ``ai_system_owner`` for that system) to a person who has not left. The register's business owner (a member)
alone does not count: it names a login, not the role with its responsibilities and authorities (5.3).

5.1 ``policy_approved_by_top_management``: the AI policy version in force (not overdue for review) was approved by
a member who, on the day of the approval, was the person holding a top management role (the person's login).
7.1 ``system_people_resourced``: the people side of resources — every in-scope, live AI system has an AI system
owner, and every one in operation also has an operator or a human overseer, each a person who has not left.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import raci
from .models import AimsRole, RaciEntry, RoleAssignment, RoleKind
from .services import role_holders


def _today():
    return timezone.localdate()


def current_assignments(org, today=None):
    """Assignments in force on ``today`` (started, not ended) of live roles."""
    today = today or _today()
    return (RoleAssignment.objects.for_org(org).filter(role__archived_at__isnull=True)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=today)))


def held_by_leavers(org, today=None):
    """Current assignments held by a person who left (a leaving date in the past) or was archived."""
    today = today or _today()
    return (current_assignments(org, today).filter(Q(person__end_date__lt=today) | Q(person__archived_at__isnull=False))
            .select_related("person", "role", "ai_system"))


def systems_without_owner(org, today=None):
    """In-scope, live AI systems with no current AI system owner assignment to a person who has not left."""
    from forty2.inventory.models import AISystem

    owned = role_holders(org, RoleKind.AI_SYSTEM_OWNER, today=today).values("ai_system_id")
    return (AISystem.objects.for_org(org).filter(in_scope=True, archived_at__isnull=True)
            .exclude(pk__in=owned).order_by("name"))


def roles_in_use(org, today=None):
    """Live roles someone currently holds or the RACI matrix names."""
    held = current_assignments(org, today).values("role_id")
    in_raci = RaciEntry.objects.for_org(org).values("role_id")
    return AimsRole.objects.for_org(org).filter(archived_at__isnull=True).filter(Q(pk__in=held) | Q(pk__in=in_raci))


def roles_missing_text(org, today=None):
    """Roles in use without responsibilities or without authorities written."""
    return roles_in_use(org, today).filter(Q(responsibilities="") | Q(authorities=""))


# --- the checks --------------------------------------------------------------------------------------------------

def aims_manager_held(org, ctx) -> bool:
    return role_holders(org, RoleKind.AIMS_MANAGER).exists()


def top_management_held(org, ctx) -> bool:
    return role_holders(org, RoleKind.TOP_MANAGEMENT).exists()


def roles_defined(org, ctx) -> bool:
    in_use = roles_in_use(org)
    return in_use.exists() and not roles_missing_text(org).exists()


def systems_owned(org, ctx) -> bool:
    from forty2.inventory.models import AISystem

    in_scope = AISystem.objects.for_org(org).filter(in_scope=True, archived_at__isnull=True)
    return in_scope.exists() and not systems_without_owner(org).exists()


def no_leavers(org, ctx) -> bool:
    """Nobody who left still holds a role, and at least one role is held (an empty register proves nothing)."""
    return current_assignments(org).exists() and not held_by_leavers(org).exists()


def raci_accountable(org, ctx) -> bool:
    roles = list(raci.live_roles(org))
    return bool(roles) and all(row.complete for row in raci.rows(org, roles))


def raci_roles_live(org, ctx) -> bool:
    entries = RaciEntry.objects.for_org(org)
    return entries.exists() and not entries.filter(role__archived_at__isnull=False).exists()


def policy_approved_by_top_management(org, ctx) -> bool:
    """5.1: the AI policy in force was approved by someone holding a top management role when approving it."""
    from forty2.documents.checks import in_force
    from forty2.documents.models import DocumentKind

    for _doc, approved in in_force(org, DocumentKind.AI_POLICY):
        if approved.approved_by_id and approved.approved_at and role_holders(
                org, RoleKind.TOP_MANAGEMENT, today=timezone.localdate(approved.approved_at)).filter(
                person__user_id=approved.approved_by_id).exists():
            return True
    return False


def systems_without_operator(org, today=None):
    """In-scope, live AI systems in operation with no current operator or human overseer who has not left."""
    from forty2.inventory.models import IN_OPERATION_STAGES, AISystem

    held = [role_holders(org, kind, today=today).values("ai_system_id")
            for kind in (RoleKind.AI_OPERATOR, RoleKind.HUMAN_OVERSIGHT)]
    return (AISystem.objects.for_org(org).filter(in_scope=True, archived_at__isnull=True,
                                                 lifecycle_stage__in=IN_OPERATION_STAGES)
            .exclude(pk__in=held[0]).exclude(pk__in=held[1]).order_by("name"))


def systems_resourced(org, ctx) -> bool:
    """7.1: at least one in-scope AI system; each has an owner, and each in operation an operator or overseer."""
    return systems_owned(org, ctx) and not systems_without_operator(org).exists()


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    def page(name):
        return lambda org: reverse(f"people:{name}", args=[org.slug])

    register("5.3", Check("aims_manager_held", "A person who has not left holds the AIMS manager role",
                          aims_manager_held, page("role_assignment_list")))
    register("5.3", Check("top_management_held", "A person who has not left holds a top management role",
                          top_management_held, page("role_assignment_list")))
    register("5.3", Check("roles_defined", "Every AIMS role in use has its responsibilities and authorities written",
                          roles_defined, page("aims_role_list")))
    register("5.3", Check("ai_system_owners", "Every in-scope AI system has an AI system owner who is a person "
                                              "who has not left", systems_owned, page("role_assignment_list")))
    register("5.3", Check("no_roles_held_by_leavers", "No AIMS role is held by a person who has left",
                          no_leavers, page("role_assignment_list")))
    register("5.1", Check("policy_approved_by_top_management", "The AI policy in force approved by a person "
                                                               "holding a top management role",
                          policy_approved_by_top_management, lambda org: reverse("documents:document_list",
                                                                                 args=[org.slug])))
    register("7.1", Check("system_people_resourced", "People for every in-scope AI system: an AI system owner and, "
                                                     "once in operation, an operator or human overseer, each a "
                                                     "person who has not left", systems_resourced,
                          page("role_assignment_list")))
    register("A.3.2", Check("raci_one_accountable", "The RACI matrix names exactly one Accountable role for every "
                                                    "AIMS process", raci_accountable, page("raci")))
    register("A.3.2", Check("raci_live_roles", "Every role in the RACI matrix is a live (not archived) AIMS role",
                            raci_roles_live, page("raci")))
