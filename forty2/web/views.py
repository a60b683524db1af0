"""Layout-level pages: portfolio (home), organisation dashboard, audit log.

People are in :mod:`.views_members`, API tokens in :mod:`.views_tokens`.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from forty2.core.queries import org_events
from forty2.inventory.models import AISystem, LifecycleStage
from forty2.tenancy.models import Membership
from forty2.tenancy.roles import can

from . import history
from .decorators import org_view


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    """A consultant's portfolio when the user belongs to several organisations; else straight to the one."""
    memberships = list(Membership.objects.active().filter(user=request.user).select_related("organization")
                       .order_by("organization__name"))
    if len(memberships) == 1:
        return redirect("web:dashboard", org=memberships[0].organization.slug)
    # One aggregate query for every organisation, not two per row.
    counts = {row["organization"]: row for row in (
        AISystem.objects.filter(organization__in=[m.organization for m in memberships], archived_at__isnull=True)
        .values("organization")
        .annotate(systems=Count("id"), in_review=Count("id", filter=Q(status="under_review"))))}
    rows = [{"membership": m, "systems": counts.get(m.organization_id, {}).get("systems", 0),
             "in_review": counts.get(m.organization_id, {}).get("in_review", 0)} for m in memberships]
    return render(request, "web/portfolio.html", {"rows": rows})


@org_view()
def dashboard(request, membership):
    org = membership.organization
    systems = AISystem.objects.for_org(org).filter(archived_at__isnull=True)
    per_stage = dict(systems.order_by().values_list("lifecycle_stage").annotate(n=Count("id")))
    by_stage = [(value, label, per_stage.get(value, 0)) for value, label in LifecycleStage.choices]
    context = {
        "total": sum(per_stage.values()),
        "by_stage": by_stage,
        "awaiting_approval": systems.filter(status="under_review").order_by("updated_at")[:10],
        "recent": org_events(org)[:8] if can(membership, "view_audit_log") else None,
    }
    return render(request, "web/dashboard.html", context)


@org_view("view_audit_log")
def audit_log(request, membership):
    org = membership.organization
    filters = {k: request.GET.get(k) or None for k in ("action", "object_type", "object_id", "actor")}
    page = Paginator(org_events(org, **filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # The action filter offers the actions this organisation's log actually holds (one DISTINCT query).
    actions = list(org_events(org).order_by("action").values_list("action", flat=True).distinct())
    if filters["action"] and filters["action"] not in actions:  # a prefix from an old link: keep it visible
        actions.append(filters["action"])
    choices = sorted(((a, history.action_label(a)) for a in actions), key=lambda c: c[1].lower())
    return render(request, "web/audit_log.html", {"page": page, "filters": filters, "query": query.urlencode(),
                                                  "actions": choices, "nav_active": "audits"})


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
