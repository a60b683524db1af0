"""Approving or re-approving an AI system from its page (ISO/IEC 42001 5.3, 7.5.2 approval of documented
information; A.3.2 roles): a section of the system's page, registered in :class:`forty2.inventory.apps
.InventoryConfig`, with a note, for members whose role may approve; the service (``services.approve_ai_system``)
enforces the role, the version read and the EU AI Act's refusal of a prohibited practice, exactly as
``POST /api/v1/orgs/{org}/ai-systems/{id}/approve`` does."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import run_and_report

from . import queries, services
from .models import AISystem, SystemStatus

#: statuses an approver may approve from the page (a restricted or retired system is changed by an edit)
APPROVABLE = {SystemStatus.PROPOSED, SystemStatus.UNDER_REVIEW}


def approval_section(request, membership, system) -> dict:
    """The "Approval" section of the system's page: the state the API's ``approval_state`` reports, who approved
    which version with what note, and the button when this member may approve now."""
    state = services.approval_state(system)
    live = system.archived_at is None
    needs = system.status in APPROVABLE or (system.status == SystemStatus.APPROVED and not state.approved)
    return {"system": system, "org": system.organization, "approval": state,
            "may_approve": live and needs and membership is not None and can(membership, "approve"),
            "renewal": system.status == SystemStatus.APPROVED}


@org_view("approve")
@require_POST
def system_approve(request, membership, pk):
    try:
        system = queries.ai_system(membership.organization, pk, links=False)
    except AISystem.DoesNotExist:
        raise Http404 from None
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1  # the service answers "changed since you read it"
    run_and_report(request, lambda: services.approve_ai_system(membership, system, version=version,
                                                               note=request.POST.get("note", "")),
                   success=f"‘{system.name}’ approved.",
                   stale="The system changed since you opened it; review it again before approving.")
    return redirect("inventory:system_detail", org=membership.organization.slug, pk=pk)
