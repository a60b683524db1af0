"""Training's own pages (ISO/IEC 42001 7.2 d, 7.3; EU AI Act Art. 4, 26(2)): a person's trainings and awareness,
the organisation's awareness list, and AI literacy per AI system and across systems. The record types' own pages
(courses, sessions, records) are the records kit's (faces.py)."""

from django.shortcuts import get_object_or_404, render

from forty2.inventory.models import AISystem
from forty2.people.models import AimsRole, Department, Person
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.listing import paginate, querystring

from . import queries


def person_context(org, person) -> dict:
    groups = queries.person_records(org, person)
    group_list = [(key, heading, groups[key]) for key, heading in GROUPS]
    return {"person": person, "group_list": group_list, "awareness": queries.awareness_status(org, person),
            "today": queries.today()}


GROUPS = (("valid", "Valid"), ("expiring", f"Expiring within {queries.EXPIRING_DAYS} days"),
          ("expired", "Expired (not renewed)"), ("not_counted", "Failed or in progress (does not count)"))


@org_view("view")
def person_training(request, membership, pk):
    org = membership.organization
    person = get_object_or_404(Person.objects.for_org(org).select_related("department"), pk=pk)
    return render(request, "training/person.html", {
        **person_context(org, person), "nav_active": "training", "tab": "awareness",
        "may_create": can(membership, "create_record")})


@org_view("view")
def awareness(request, membership):
    """Per person: the AI policy in force acknowledged, an awareness or AI-literacy course valid (7.3); paged,
    filtered by department and role."""
    org = membership.organization
    department = request.GET.get("department", "").strip()
    role = request.GET.get("role", "").strip()
    people = queries.active_people(org).select_related("department").order_by("name", "id")
    if department.isdigit():
        people = people.filter(department_id=int(department))
    if role.isdigit():
        people = people.filter(pk__in=queries.assignments_in_force(org).filter(role_id=int(role))
                               .values("person_id"))
    page = paginate(request, people)
    state = {"department": department, "role": role}
    return render(request, "training/awareness.html", {
        "page": page, "rows": queries.awareness_rows(org, page.object_list), "state": state,
        "query": querystring(state, page=None), "policy": queries.ai_policy_in_force(org),
        "departments": Department.objects.for_org(org).filter(archived_at__isnull=True).order_by("name"),
        "roles": AimsRole.objects.for_org(org).filter(archived_at__isnull=True).order_by("name"),
        "nav_active": "training", "tab": "awareness"})


@org_view("view")
def literacy(request, membership):
    """Every in-scope AI system with the people who own, operate or oversee it, trained and untrained."""
    org = membership.organization
    return render(request, "training/literacy.html", {
        "rows": queries.literacy_overview(org), "nav_active": "training", "tab": "literacy",
        "levels": queries.REQUIRED_LEVEL})


def system_literacy_context(org, system) -> dict:
    holders = queries.holders_by_system(org, [system])[system.pk]
    return {"system": system, "holders": holders, "high_risk": system.ai_act_tier == queries.HIGH_RISK,
            "gaps": [h for h in holders if h.gap],
            "no_overseer": system.ai_act_tier == queries.HIGH_RISK and not any(h.oversees for h in holders)}


@org_view("view")
def system_literacy(request, membership, pk):
    org = membership.organization
    system = get_object_or_404(AISystem.objects.for_org(org), pk=pk)
    return render(request, "training/system_literacy.html", {
        **system_literacy_context(org, system), "nav_active": "training", "tab": "literacy"})


# --- sections on other apps' pages (forty2.web.registry.register_record_section) ---------------------------

def system_section(request, membership, system):
    if membership is None or system.archived_at is not None:
        return None
    return system_literacy_context(membership.organization, system)


def person_section(request, membership, person):
    if membership is None:
        return None
    return person_context(membership.organization, person)
