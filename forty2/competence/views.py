"""The gap view (ISO/IEC 42001 7.2 b-c, A.4.6): by person, a page of 50 at a time, what each person's roles
require and what is missing, with the open action against each gap or a button to plan one; by role, how many
hold it, how many are fully competent and how many lack each requirement. The lists of requirements, evidence and
actions are the records kit's pages (:mod:`.faces`)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from forty2.controls.checks import CHECKS
from forty2.people.models import AimsRole, Department
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.listing import paginate, querystring

from . import gaps

CLAUSES = ("7.2", "A.4.6")


def _id(value: str):
    value = (value or "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 2**63 else None


def _common(membership, tab, **extra):
    return {"nav_active": "competence", "tab": tab, "may_plan": can(membership, "create_record"), **extra}


@org_view()
def gap_view(request, membership):
    org = membership.organization
    today = timezone.localdate()
    state = {k: request.GET.get(k, "").strip() for k in ("role", "department", "person", "only_gaps", "unplanned")}
    role, department, person = _id(state["role"]), _id(state["department"]), _id(state["person"])
    unplanned = bool(state["unplanned"])
    only_gaps = bool(state["only_gaps"]) or unplanned
    qs = gaps.people_in_view(org, today, role=role, department=department, person=person, only_gaps=only_gaps,
                             unplanned=unplanned)
    page = paginate(request, qs.select_related("department"), per_page=gaps.PAGE_SIZE)
    rows = gaps.lines_for(org, list(page), today, role=role)
    show = "unplanned" if unplanned else "gaps" if only_gaps else ""
    return render(request, "competence/gaps.html", _common(
        membership, "gaps", page=page, rows=rows, state=state, show=show,
        query=querystring({k: v for k, v in state.items() if v}, page=None),
        roles=AimsRole.objects.for_org(org).filter(archived_at__isnull=True).order_by("name").values_list("id", "name"),
        departments=Department.objects.for_org(org).filter(archived_at__isnull=True).order_by("name")
        .values_list("id", "name"),
        role_id=role, department_id=department, plan_url=reverse("competence:action_create", args=[org.slug])))


@org_view()
def role_view(request, membership):
    org = membership.organization
    department = _id(request.GET.get("department", ""))
    checks = [(ref, check.label, check.test(org, {}), check.fix(org) if check.fix else "")
              for ref in CLAUSES for check in CHECKS.get(ref, []) if check.managed]
    return render(request, "competence/roles.html", _common(
        membership, "roles", roles=gaps.role_summary(org, department=department), checks=checks,
        departments=Department.objects.for_org(org).filter(archived_at__isnull=True).order_by("name")
        .values_list("id", "name"), department_id=department))
