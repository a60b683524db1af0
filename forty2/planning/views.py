"""The plan page (a server-rendered timeline of plan against actual, the phases' estimates with their reasons,
the planned dates a person may move, re-estimate) and the steps of planned changes (issue #19 items 7, 8;
ISO/IEC 42001 6.3). No script: every action is a form POST with the version read."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forty2.core.errors import Forty2Error, InvalidInput, StaleVersion
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from . import changes
from . import estimator_rules as rules
from . import plan as plans
from .estimator import CERTIFICATES
from .faces import PAGES

CERTIFICATE_LABELS = {"iso27001": "ISO/IEC 27001", "iso9001": "ISO 9001"}


def _message(exc: Forty2Error) -> str:
    if isinstance(exc, InvalidInput):
        return " ".join(f"{'/'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors)
    return exc.message


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _page(request, membership, *, status=200, errors=None):
    org = membership.organization
    data = plans.view(org)
    profile = [(rules.FACTORS[k].split(" (")[0].capitalize(), data["profile"].get(k)) for k in rules.FACTORS]
    return render(request, "planning/plan.html", {
        "data": data, "svg": plans.timeline(data), "profile": profile, "may_edit": can(membership, "edit_any_record"),
        "certificates": [(c, CERTIFICATE_LABELS[c], c in data["declared_certificates"]) for c in CERTIFICATES],
        "errors": errors or [], "nav_active": "plan", "tab": "plan", "decision_weeks": rules.DECISION_WEEKS},
        status=status)


@org_view()
def plan(request, membership):
    """The project plan and timeline: plan against actual, estimates and reasons, the expected certification."""
    return _page(request, membership)


def _refused(request, membership, exc):
    status = 409 if isinstance(exc, StaleVersion) else 422 if isinstance(exc, InvalidInput) else 409
    if isinstance(exc, StaleVersion):
        text = "Someone else changed the plan since you opened it; nothing was saved. The page now shows theirs."
    else:
        text = _message(exc)
    return _page(request, membership, status=status, errors=[text])


@require_POST
@org_view("edit_any_record")
def create(request, membership):
    try:
        plans.create(membership, start_on=request.POST.get("start_on") or None,
                     declared_certificates=request.POST.getlist("declared_certificates"))
    except Forty2Error as exc:
        return _refused(request, membership, exc)
    messages.success(request, "Project plan created from the estimate.")
    return redirect("planning:plan", org=membership.organization.slug)


@require_POST
@org_view("edit_any_record")
def edit(request, membership):
    """Save the start, declared certificates and the phases' planned dates; only phases whose dates changed (or
    that are given back to the estimate) are sent, so the others stay the estimate's."""
    org = membership.organization
    current = plans.get(org)
    if current is None:
        return redirect("planning:plan", org=org.slug)
    phases = []
    for phase in current.phases.all():
        if request.POST.get(f"reset-{phase.key}"):
            phases.append({"key": phase.key, "reset": True})
            continue
        a, b = request.POST.get(f"planned_start-{phase.key}", ""), request.POST.get(f"planned_end-{phase.key}", "")
        if (a, b) != (phase.planned_start.isoformat(), phase.planned_end.isoformat()):
            phases.append({"key": phase.key, "planned_start": a, "planned_end": b})
    try:
        plans.update(membership, current, version=_version(request), start_on=request.POST.get("start_on") or None,
                     declared_certificates=request.POST.getlist("declared_certificates"), phases=phases)
    except Forty2Error as exc:
        return _refused(request, membership, exc)
    messages.success(request, "Project plan saved.")
    return redirect("planning:plan", org=org.slug)


@require_POST
@org_view("edit_any_record")
def re_estimate(request, membership):
    org = membership.organization
    current = plans.get(org)
    if current is None:
        return redirect("planning:plan", org=org.slug)
    try:
        plans.re_estimate(membership, current, version=_version(request),
                          keep_manual=not request.POST.get("replace_manual"))
    except Forty2Error as exc:
        return _refused(request, membership, exc)
    messages.success(request, "Plan estimated again from today's records.")
    return redirect("planning:plan", org=org.slug)


@require_POST
@org_view()
def change_step(request, membership, pk, step):
    obj = PAGES.get(membership, pk)
    try:
        changes.change_step(membership, obj, step, version=_version(request), note=request.POST.get("note", ""))
    except Forty2Error as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"Planned change ‘{obj}’: {changes.CHANGE_FLOW.get(step).past}.")
    return redirect(PAGES.url("detail", membership.organization.slug, pk))
