"""Pages around the register: heat map, starter library, methodology, assessment runs and export (the import
page is in views_io.py) (ISO/IEC 42001 6.1.1, 6.1.2, 8.2)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from forty2.core.errors import Forty2Error
from forty2.tenancy.models import Role
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors, run_and_report
from forty2.web.listing import paginate

from . import importexport, library, queries, runs
from . import methodology as methodologies
from .forms import RunForm
from .models import Level, RiskMethodology
from .views import _version, list_state


def grid(m: RiskMethodology, cells: dict) -> list[dict]:
    """Rows of a heat map, most likely first: every cell says its count and level in words."""
    rows = []
    for lk in range(len(m.likelihood_scale), 0, -1):
        row = []
        for ck in range(1, len(m.consequence_scale) + 1):
            level = m.matrix[lk - 1][ck - 1]
            row.append({"count": cells.get((lk, ck), 0), "level": level, "label": methodologies.level_label(level),
                        "likelihood": lk, "consequence": ck})
        rows.append({"score": lk, "label": m.likelihood_scale[lk - 1]["label"], "cells": row})
    return rows


@org_view()
def heatmap(request, membership):
    org = membership.organization
    m = methodologies.current(org)
    state = list_state(request)
    qs = queries.risks(org, state, strict=False).filter(methodology=m)
    grids = queries.heatmap(org, qs)
    other = queries.risks(org, state, strict=False).exclude(methodology=m).count()
    return render(request, "risk/heatmap.html", {
        "nav_active": "risks", "tab": "heatmap", "m": m, "other_versions": other,
        "inherent": grid(m, grids["inherent"]), "residual": grid(m, grids["residual"]),
        "inherent_total": sum(grids["inherent"].values()), "residual_total": sum(grids["residual"].values()),
        "consequences": [(i + 1, c["label"]) for i, c in enumerate(m.consequence_scale)]})


@org_view("export_records")
def risk_export(request, membership):
    org = membership.organization
    fmt = request.GET.get("format", "csv")
    fmt = fmt if fmt in ("csv", "xlsx") else "csv"
    qs = queries.risks(org, list_state(request), strict=False)
    data = importexport.export_risks(membership, qs, fmt)
    stamp = timezone.localdate().isoformat()
    content_type = ("text/csv; charset=utf-8" if fmt == "csv" else
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{org.slug}-risks-{stamp}.{fmt}"'
    return response


@org_view()
def library_list(request, membership):
    from forty2.inventory.models import AISystem

    org = membership.organization
    adopted = set(queries.Risk.objects.for_org(org).exclude(library_key="").values_list("library_key", flat=True))
    return render(request, "risk/library.html", {
        "nav_active": "risks", "tab": "library", "entries": [library.out(e) for e in library.ENTRIES],
        "adopted": adopted, "may_create": can(membership, "create_record"),
        "systems": AISystem.objects.for_org(org).filter(archived_at__isnull=True).values_list("pk", "name")})


@org_view("create_record")
def library_adopt(request, membership, key):
    org = membership.organization
    entry = library.BY_KEY.get(key)
    if entry is None:
        raise Http404
    if request.method != "POST":
        return redirect("risk:library", org=org.slug)
    ids = [int(v) for v in request.POST.getlist("ai_system_ids") if v.isdigit()]
    try:
        risk = library.adopt(membership, entry, ai_system_ids=ids, owner=membership.user.email
                             if membership.role != Role.EXTERNAL_AUDITOR else None)
    except Forty2Error as exc:
        messages.error(request, exc.message)
        return redirect("risk:library", org=org.slug)
    messages.success(request, f"‘{risk.title}’ added to the register. Score it and plan its treatment.")
    return redirect("risk:risk_detail", org=org.slug, pk=risk.pk)


# --- methodology --------------------------------------------------------------------------------------------------

ROLE_LABELS = [(r, dict(Role.choices)[r]) for r in methodologies.ROLES]


@org_view()
def methodology(request, membership):
    org = membership.organization
    m = methodologies.current(org)
    versions = list(methodologies.versions(org))
    drafts = [v for v in versions if v.status == "draft"]
    for d in drafts:  # what each draft loosens, and whether this member may approve it (four-eyes rule)
        d.loosens = methodologies.loosenings(m, d)
        d.may_approve, d.refusal = methodologies.may_approve(membership, d)
    return render(request, "risk/methodology.html", {
        "nav_active": "risks", "tab": "methodology", "m": m, "versions": versions, "drafts": drafts,
        "grid": grid(m, {}), "consequences": [(i + 1, c["label"]) for i, c in enumerate(m.consequence_scale)],
        "acceptance": [(lvl, methodologies.level_label(lvl), m.acceptance.get(lvl, {}),
                        [dict(Role.choices)[r] for r in m.acceptance.get(lvl, {}).get("roles", [])])
                       for lvl in Level.values],
        "may_manage": can(membership, "approve")})


def _posted_structure(post, base: RiskMethodology) -> dict:
    """The methodology form's fields as service data: labels and descriptions of the current number of levels,
    the acceptance criteria, the interval and the four-eyes rule."""
    data = {"name": post.get("name", "").strip(), "notes": post.get("notes", "").strip()}
    for scale in ("likelihood_scale", "consequence_scale"):
        data[scale] = [{"label": post.get(f"{scale}-{i}-label", "").strip(),
                        "description": post.get(f"{scale}-{i}-description", "").strip()}
                       for i in range(len(getattr(base, scale)))]
    data["acceptance"] = {lvl: {"acceptable": bool(post.get(f"acc-{lvl}-acceptable")),
                                "risk_owner": bool(post.get(f"acc-{lvl}-risk_owner")),
                                "roles": [r for r in methodologies.ROLES if post.get(f"acc-{lvl}-role-{r}")]}
                          for lvl in Level.values}
    days = post.get("review_interval_days", "").strip()
    data["review_interval_days"] = int(days) if days.isdigit() else days
    data["impact_four_eyes"] = bool(post.get("impact_four_eyes"))
    return data


@org_view("approve")
def methodology_new(request, membership):
    """A new draft version from a form of the current one; approve it to put it in force."""
    org = membership.organization
    base = methodologies.current(org)
    errors = []
    if request.method == "POST":
        data = _posted_structure(request.POST, base)
        try:
            draft = methodologies.create_version(membership, data)
            messages.success(request, f"Draft version {draft.number} saved. Approve it to put it in force.")
            return redirect("risk:methodology", org=org.slug)
        except Forty2Error as exc:
            errors = getattr(exc, "errors", None) or [{"loc": ["", ""], "msg": exc.message}]
        values = data
    else:
        values = {"name": base.name, "notes": "", "likelihood_scale": base.likelihood_scale,
                  "consequence_scale": base.consequence_scale, "acceptance": base.acceptance,
                  "review_interval_days": base.review_interval_days, "impact_four_eyes": base.impact_four_eyes}
    acceptance = [(lvl, methodologies.level_label(lvl), values["acceptance"].get(lvl, {})) for lvl in Level.values]
    return render(request, "risk/methodology_form.html", {
        "nav_active": "risks", "base": base, "values": values, "errors": errors, "acceptance": acceptance,
        "roles": ROLE_LABELS})


@org_view("approve")
def methodology_approve(request, membership, pk):
    org = membership.organization
    version = RiskMethodology.objects.for_org(org).filter(pk=pk).first()
    if version is None:
        raise Http404
    run_and_report(request, lambda: methodologies.approve_version(membership, version, version=_version(request),
                                                                  note=request.POST.get("note", "")),
                   success=f"Version {version.number} is now in force. Risks scored under earlier versions are "
                           "flagged for re-assessment.",
                   stale="The draft changed since you opened it; review it again.")
    return redirect("risk:methodology", org=org.slug)


# --- assessment runs ----------------------------------------------------------------------------------------------

@org_view()
def run_list(request, membership):
    org = membership.organization
    page = paginate(request, queries.runs(org))  # every assessment, paged (no longer cut at 100)
    return render(request, "risk/run_list.html", {
        "nav_active": "risks", "tab": "runs", "page": page, "query": "",
        "runs": [(r, runs.summary(r)) for r in page],
        "may_create": can(membership, "create_record")})


@org_view("create_record")
def run_create(request, membership):
    org = membership.organization
    form = RunForm(request.POST or None, organization=org,
                   initial={"title": f"AI risk assessment {timezone.localdate().isoformat()}"})
    if request.method == "POST" and form.is_valid():
        try:
            run = runs.create_run(membership, form.service_data())
            messages.success(request, "Assessment recorded; its results are frozen below.")
            return redirect("risk:run_detail", org=org.slug, pk=run.pk)
        except Forty2Error as exc:
            add_service_errors(form, exc)
    return render(request, "risk/run_form.html", {"form": form, "nav_active": "risks"})


@org_view()
def run_detail(request, membership, pk):
    run = queries.runs(membership.organization).filter(pk=pk).first()
    if run is None:
        raise Http404
    return render(request, "risk/run_detail.html", {
        "run": run, "nav_active": "risks", "scope": list(run.ai_systems.order_by("name")),
        "summary": runs.summary(run), "level_labels": dict(Level.choices)})
