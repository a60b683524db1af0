"""Layout-level pages: portfolio (home), organisation dashboard, audit log, my work.

People are in :mod:`.views_members`, API tokens in :mod:`.views_tokens`.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from forty2.core.queries import org_events
from forty2.tenancy import work
from forty2.tenancy.access import sso_refusal
from forty2.tenancy.models import Membership
from forty2.tenancy.roles import can

from . import history, registry
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
    if registry.PORTFOLIO_PAGE:  # the portfolio app's table (forty2/portfolio/views.py)
        return registry.PORTFOLIO_PAGE[0](request, memberships)
    # an organisation that admits single sign-on only shows no figures to a session signed in otherwise
    refused = {m.organization_id for m in memberships if sso_refusal(request, m.organization)}
    organizations = [m.organization for m in memberships if m.organization_id not in refused]
    columns, figures = [], []
    for entry in registry.portfolio_figures():  # each app fills its columns for every row in one query
        columns += entry.labels
        figures.append((entry, entry.figures(organizations)))
    rows = [{"membership": m,
             "figures": [n for entry, by_org in figures
                         for n in by_org.get(m.organization_id, ("–" if m.organization_id in refused else 0,)
                                             * len(entry.labels))]}
            for m in memberships]
    return render(request, "web/portfolio.html", {"rows": rows, "columns": columns})


@org_view()
def dashboard(request, membership):
    """The organisation's overview: the panels the apps registered (see :mod:`forty2.web.registry`)."""
    context = {}
    for region in registry.DASHBOARD_REGIONS:
        panels = ((p, p.context(request, membership)) for p in registry.dashboard_panels(region))
        context[f"{region}_panels"] = [(p.template, data) for p, data in panels if data is not None]
    return render(request, "web/dashboard.html", context)


def recent_activity(request, membership):
    """The dashboard's last eight audit events, for the roles that may read the audit log (7.5.3, 9.2)."""
    if not can(membership, "view_audit_log"):
        return None
    return {"recent": org_events(membership.organization)[:8]}


@org_view("view_audit_log")
def audit_log(request, membership):
    """The organisation's audit chain, filterable by what happened, record type (readable names), the record's
    name and part of a person's name or e-mail; each event links to its record."""
    org = membership.organization
    filters = {k: (request.GET.get(k) or "").strip()[:200] or None
               for k in ("action", "object_type", "object_id", "actor", "record", "person")}
    person_ids = ()
    if filters["person"]:
        person_ids = Membership.objects.filter(organization=org, user__full_name__icontains=filters["person"]) \
            .values_list("user_id", flat=True)
    page = Paginator(org_events(org, **filters, person_ids=person_ids), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # The filters offer what this organisation's log actually holds (one DISTINCT query each).
    actions = list(org_events(org).order_by("action").values_list("action", flat=True).distinct())
    if filters["action"] and filters["action"] not in actions:  # a prefix from an old link: keep it visible
        actions.append(filters["action"])
    choices = sorted(((a, history.action_label(a)) for a in actions), key=lambda c: c[1].lower())
    types = list(org_events(org).exclude(object_type="").order_by("object_type")
                 .values_list("object_type", flat=True).distinct())
    type_choices = sorted(((t, history.type_label(t)) for t in types), key=lambda c: c[1].lower())
    return render(request, "web/audit_log.html", {"page": page, "filters": filters, "query": query.urlencode(),
                                                  "actions": choices, "types": type_choices,
                                                  "nav_active": "audits"})


@login_required
def my_work(request):
    """What waits for the signed-in person across their organisations (forty2/tenancy/work.py)."""
    found = work.for_request(request)  # the same list as GET /api/v1/me/work
    return render(request, "web/my_work.html", {"items": found.items, "closed": found.closed,
                                                "nav_active": "my_work"})


def my_work_count(request, membership) -> dict:
    """The overview's "waiting for you" figure: this person's work in this organisation."""
    return {"work_count": len(work.items_for([membership]))}


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
