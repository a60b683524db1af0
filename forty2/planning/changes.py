"""Writes of planned changes to the AIMS (ISO/IEC 42001 6.3) through the records kit: validated, versioned,
audited; the cause (review decision, nonconformity, risk) checked as the organisation's own by the kit's ``ref``
kind. The status moves only through :data:`CHANGE_FLOW` (:mod:`forty2.records.workflow`): proposed → approved
(the records kit's approval, four eyes: not by anyone who edited it) → in progress → done, or rejected. A change
whose content changed since its approval must be approved again before it starts."""

from django.utils import timezone

from forty2.core.errors import Conflict, InvalidInput, field_error
from forty2.records import approvals, workflow, writes
from forty2.records.workflow import Transition, Workflow

from .definitions import PLANNED_CHANGE
from .models import ChangeStatus, PlannedChange

RT = PLANNED_CHANGE.name
CHANGE_FLOW = Workflow("status", ChangeStatus, [
    Transition("approve", ("proposed", "approved"), "approved", permission="approve", label="Approve",
               done="approved"),
    Transition("reject", ("proposed",), "rejected", permission="approve", label="Reject", done="rejected",
               note_required=True),
    Transition("start", ("approved",), "in_progress", label="Start", done="started"),
    Transition("complete", ("in_progress",), "done", label="Mark done", done="done"),
    Transition("reopen", ("rejected",), "proposed", label="Propose again", done="proposed again",
               note_required=True),
])
FOUR_EYES = ("You wrote or changed this planned change, so someone else with an approver's role must approve it "
             "(four-eyes rule).")


def approved_content(change: PlannedChange) -> dict:
    """What an approval covers: the plan of the change, not its outcome."""
    return {"title": change.title, "purpose": change.purpose, "consequences": change.consequences,
            "resources": change.resources, "responsibilities": change.responsibilities,
            "owner": change.owner_id, "planned_on": change.planned_on, "review_action": change.review_action_id,
            "nonconformity": change.nonconformity_id, "risk": change.risk_id}


def approval_state(change: PlannedChange):
    return approvals.state(RT, change, approved_content(change))


def may_approve(membership, change: PlannedChange) -> bool:
    return approvals.may_approve(membership, four_eyes=True, record_type=RT, obj=change)


def create_change(membership, data: dict):
    return writes.create(PLANNED_CHANGE, membership, data)


def update_change(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(PLANNED_CHANGE, membership, obj, data, version=version, base=base, resolved=resolved)


def change_step(membership, change: PlannedChange, step: str, *, version: int, note: str = ""):
    """Move a planned change through a step of :data:`CHANGE_FLOW` (every step audited)."""
    def guard(current):
        if step == "approve":
            errors = [field_error(name, f"Record the {label} before approving (6.3).", "required_by")
                      for name, label in (("purpose", "purpose"), ("consequences", "potential consequences"))
                      if not getattr(current, name).strip()]
            if errors:
                raise InvalidInput(errors)
            if current.status == ChangeStatus.APPROVED and approval_state(current).approved:
                raise Conflict("This planned change is already approved and unchanged since.")
        if step == "start" and not approval_state(current).approved:
            raise Conflict("This planned change changed since it was approved: it must be approved again before "
                           "it starts (6.3).")

    def apply(current):
        now = timezone.now()
        if step == "approve":
            approvals.approve(membership, RT, current, content=approved_content(current), note=note,
                              four_eyes=True, four_eyes_message=FOUR_EYES)
            return {}
        if step == "start":
            current.started_at = now
            return {"started_at": now}
        if step == "complete":
            current.done_at = now
            return {"done_at": now}
        return {}

    return workflow.run(PLANNED_CHANGE, CHANGE_FLOW, membership, change, step, version=version, note=note,
                        guard=guard, apply=apply)
