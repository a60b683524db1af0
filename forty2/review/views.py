"""The pages of management reviews the records kit does not make: the workflow steps (hold, cancel) and the
approval of the outputs (ISO/IEC 42001 9.3.1, 9.3.3)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.web.decorators import org_view

from . import services
from .faces import REVIEW_PAGES


def _message(exc: Forty2Error) -> str:
    if isinstance(exc, InvalidInput):
        return " ".join(e["msg"] for e in exc.errors)
    return exc.message


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@require_POST
@org_view()
def review_step(request, membership, pk, step):
    obj = REVIEW_PAGES.get(membership, pk)
    try:
        services.review_step(membership, obj, step, version=_version(request), note=request.POST.get("note", ""))
    except Forty2Error as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"Management review ‘{obj}’: {services.REVIEW_FLOW.get(step).past}.")
    return redirect(REVIEW_PAGES.url("detail", membership.organization.slug, pk))


@require_POST
@org_view()
def approve(request, membership, pk):
    obj = REVIEW_PAGES.get(membership, pk)
    try:
        services.approve_outputs(membership, obj, version=_version(request), note=request.POST.get("note", ""))
    except Forty2Error as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"The outputs of ‘{obj}’ are approved.")
    return redirect(REVIEW_PAGES.url("detail", membership.organization.slug, pk))
