"""The pages of findings, nonconformities and corrective actions the records kit does not make: the steps of
each (ISO/IEC 42001 10.2), every one a POST with the version read, through the same services as the API."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.web.decorators import org_view

from . import services
from .faces import ACTION_PAGES, FINDING_PAGES, NC_PAGES


def _message(exc: Forty2Error) -> str:
    if isinstance(exc, InvalidInput):
        return " ".join(e["msg"] for e in exc.errors)
    return exc.message


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _yes_no(value):
    return {"yes": True, "true": True, "no": False, "false": False}.get((value or "").strip().lower())


def nc_data(post) -> dict:
    """A step form's fields in the service's vocabulary."""
    return {"correction": post.get("correction", ""), "cause_method": post.get("cause_method") or None,
            "whys": [w for w in post.getlist("whys") if w.strip()],
            "categories": post.getlist("categories"), "cause_summary": post.get("cause_summary", ""),
            "similar_elsewhere": _yes_no(post.get("similar_elsewhere")),
            "similar_note": post.get("similar_note", "")}


def _step(pages, run):
    @require_POST
    @org_view()
    def view(request, membership, pk, step):
        obj = pages.get(membership, pk)
        try:
            run(request, membership, obj, step)
        except Forty2Error as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, f"{pages.noun.capitalize()} ‘{obj}’: {step.replace('_', ' ')} done.")
        return redirect(pages.url("detail", membership.organization.slug, pk))

    return view


finding_step = _step(FINDING_PAGES, lambda request, m, obj, step: services.finding_step(
    m, obj, step, version=_version(request), note=request.POST.get("note", "")))
nonconformity_step = _step(NC_PAGES, lambda request, m, obj, step: services.nc_step(
    m, obj, step, version=_version(request), note=request.POST.get("note", ""), data=nc_data(request.POST)))
corrective_action_step = _step(ACTION_PAGES, lambda request, m, obj, step: services.action_step(
    m, obj, step, version=_version(request), note=request.POST.get("note", ""),
    outcome=request.POST.get("outcome") if "outcome" in request.POST else None))
