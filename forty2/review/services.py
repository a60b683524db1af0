"""Writes of management reviews, their attendees and actions (ISO/IEC 42001 9.3.1-9.3.3) through the records kit:
validated, versioned, audited. State changes go through :mod:`forty2.records.workflow`:

* **hold** (planned → held): needs the day it was held (not in the future) and at least one attendee marked top
  management who attended (9.3.1); freezes the input pack (9.3.2) as JSON with its SHA-256, once.
* **cancel** (planned → cancelled), with a note.

The outputs (minutes, decisions, actions and attendance: 9.3.3) are approved through the kit's approval pattern
(:func:`approve_outputs`, four-eyes: someone who edited nothing of the review since its last approval). An action of
kind *improvement* is also entered in the improvement log (10.1) through
:func:`forty2.improvement.log_services.create_improvement`.
"""

from django.db import transaction
from django.utils import timezone

from forty2.core.errors import Conflict, InvalidInput, field_error
from forty2.records import approvals, workflow, writes
from forty2.records.workflow import Transition, Workflow

try:
    from forty2.improvement import log_services
except ImportError:  # pragma: no cover - the improvement log's service arrives with branch ``loop``
    log_services = None

from . import pack as review_pack
from .definitions import ACTION, ATTENDEE, REVIEW
from .models import (
    ManagementReview,
    ReviewAction,
    ReviewActionKind,
    ReviewActionStatus,
    ReviewAttendee,
    ReviewStatus,
)

OUTPUTS = "outputs"  # the approval kind of a review's outputs (9.3.3)
FOUR_EYES = ("You edited this review's outputs since they were last approved, so someone else with an approver's "
             "role must approve them (four-eyes rule).")

REVIEW_FLOW = Workflow("status", ReviewStatus, [
    Transition("hold", ("planned",), "held", label="Mark held and freeze the input pack", done="held"),
    Transition("cancel", ("planned",), "cancelled", label="Cancel", done="cancelled", note_required=True),
])


# --- reviews ------------------------------------------------------------------------------------------------------

class ReviewRules(writes.Rules):
    def check(self, write):
        obj, cleaned = write.obj, write.cleaned
        errors = []
        held_on = cleaned.get("held_on", obj.held_on)
        if "held_on" in cleaned and held_on and held_on > timezone.localdate():
            errors.append(field_error("held_on", "The review cannot have been held in the future.", "value_error"))
        if not write.created and obj.status == ReviewStatus.HELD and "held_on" in cleaned and not held_on:
            errors.append(field_error("held_on", "A held review keeps the day it was held.", "required_by"))
        previous = cleaned.get("previous")
        if previous is not None:
            planned = cleaned.get("planned_on", obj.planned_on)
            if obj.pk and previous.pk == obj.pk:
                errors.append(field_error("previous", "A review cannot follow itself.", "value_error"))
            elif planned and previous.planned_on > planned:
                errors.append(field_error("previous", "The previous review is planned after this one.",
                                          "value_error"))
        if errors:
            raise InvalidInput(errors)
        if not write.created and obj.status == ReviewStatus.CANCELLED:
            raise Conflict("This management review was cancelled; it cannot be changed.")


def create_review(membership, data: dict, **initial):
    return writes.create(REVIEW, membership, data, rules=ReviewRules(), **initial)


def update_review(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(REVIEW, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=ReviewRules())


def top_management_attended(review) -> bool:
    return ReviewAttendee.objects.for_org(review.organization).filter(
        review=review, top_management=True, attended=True).exists()


def review_step(membership, review: ManagementReview, step: str, *, version: int, note: str = ""):
    """Move a review through a step of :data:`REVIEW_FLOW` (audited). Holding it freezes its input pack."""
    def guard(current):
        if step != "hold":
            return
        errors = []
        if current.held_on is None:
            errors.append(field_error("held_on", "Record the day the review was held first.", "required_by"))
        elif current.held_on > timezone.localdate():
            errors.append(field_error("held_on", "The review cannot have been held in the future.", "value_error"))
        if not top_management_attended(current):
            errors.append(field_error("attendees", "Record at least one attendee who speaks for top management "
                                      "and attended (9.3.1).", "required_by"))
        if errors:
            raise InvalidInput(errors)

    def apply(current):
        if step != "hold" or current.pack_hash:
            return {}
        now = timezone.now()
        frozen = review_pack.build(current, now=now)
        current.pack, current.pack_hash, current.pack_frozen_at = frozen, review_pack.hash_of(frozen), now
        return {"pack_hash": current.pack_hash, "pack_frozen_at": now}

    return workflow.run(REVIEW, REVIEW_FLOW, membership, review, step, version=version, note=note, guard=guard,
                        apply=apply)


def shown_pack(review: ManagementReview) -> tuple[dict, bool]:
    """(pack, frozen): the frozen pack of a held review, else the live pack (a preview)."""
    if review.pack_hash:
        return review.pack, True
    return review_pack.build(review), False


# --- outputs and their approval (9.3.3) ---------------------------------------------------------------------------

def outputs_of(review, attendees=None, actions=None) -> dict:
    """What an approval of the outputs covers: attendance, minutes, decisions and the actions with their owners and
    due dates (not their later progress, so closing an action does not unsettle the approval)."""
    if attendees is None:
        attendees = ReviewAttendee.objects.for_org(review.organization).filter(review=review).order_by("id")
    if actions is None:
        actions = ReviewAction.objects.for_org(review.organization).filter(review=review).order_by("id")
    return {
        "held_on": review.held_on.isoformat() if review.held_on else None,
        "pack_hash": review.pack_hash,
        "minutes": review.minutes, "improvement_decisions": review.improvement_decisions,
        "change_decisions": review.change_decisions,
        "attendees": [[a.person_id, a.role, a.top_management, a.attended] for a in attendees],
        "actions": [[a.pk, a.kind, a.description, a.owner_id, a.due_on.isoformat() if a.due_on else None]
                    for a in actions if a.status != ReviewActionStatus.CANCELLED],
    }


def outputs_problems(review, actions=None) -> list[dict]:
    """Why the outputs cannot be approved yet, as field errors (empty when they can)."""
    errors = []
    if review.status != ReviewStatus.HELD:
        errors.append(field_error("status", "Only the outputs of a held review can be approved.", "required_by"))
    if not review.minutes.strip():
        errors.append(field_error("minutes", "Write the minutes first.", "required_by"))
    if not (review.improvement_decisions.strip() or review.change_decisions.strip()):
        errors.append(field_error("improvement_decisions", "Record the decisions on continual improvement and on "
                                  "changes to the AIMS (write 'none' if there were none).", "required_by"))
    if actions is None:
        actions = ReviewAction.objects.for_org(review.organization).filter(review=review)
    for a in actions:
        if a.status != ReviewActionStatus.CANCELLED and (a.owner_id is None or a.due_on is None):
            errors.append(field_error("actions", f"Give the action ‘{str(a)[:60]}’ an owner and a due date.",
                                      "required_by"))
    return errors


def outputs_state(review):
    return approvals.state(REVIEW.name, review, outputs_of(review), kind=OUTPUTS)


def may_approve_outputs(membership, review) -> bool:
    return approvals.may_approve(membership, four_eyes=True, record_type=REVIEW.name, obj=review, kind=OUTPUTS)


def approve_outputs(membership, review: ManagementReview, *, version: int, note: str = ""):
    """Approve the outputs of a held review (9.3.3): by an approver who edited nothing of it since its last approval
    (four-eyes). Stale version: 409; outputs incomplete: 422 naming what is missing."""
    with transaction.atomic():
        locked = writes.lock(REVIEW, membership.organization, review.pk)
        if version != locked.version:
            from forty2.core.errors import StaleVersion

            raise StaleVersion(locked.version, version)
        actions = list(ReviewAction.objects.for_org(locked.organization).filter(review=locked).order_by("id"))
        problems = outputs_problems(locked, actions)
        if problems:
            raise InvalidInput(problems)
        approvals.approve(membership, REVIEW.name, locked, content=outputs_of(locked, actions=actions),
                          kind=OUTPUTS, note=note, four_eyes=True, four_eyes_message=FOUR_EYES,
                          audit_action="management_review.approve_outputs", object_repr=locked.title)
    return locked


def _edited(membership, review_id: int) -> None:
    """An attendee or an action is part of its review's outputs: its edit counts as an edit of the review for the
    four-eyes rule."""
    approvals.note_edit(membership.user, REVIEW.name,
                        ManagementReview(pk=review_id, organization_id=membership.organization.pk))


# --- attendees ------------------------------------------------------------------------------------------------------

class AttendeeRules(writes.Rules):
    def check(self, write):
        review = write.cleaned.get("review", None) or getattr(write.obj, "review", None)
        person = write.cleaned.get("person", None) or getattr(write.obj, "person", None)
        if review is None or person is None:
            return
        if review.status == ReviewStatus.CANCELLED:
            raise InvalidInput([field_error("review", "This review was cancelled.", "value_error")])
        if "review" in write.cleaned and not write.created and write.obj.review_id != review.pk:
            raise InvalidInput([field_error("review", "An attendee stays with their review; add them to the "
                                            "other review instead.", "value_error")])
        clash = ReviewAttendee.objects.for_org(write.org).filter(review=review, person=person)
        if write.obj.pk:
            clash = clash.exclude(pk=write.obj.pk)
        if clash.exists():
            raise InvalidInput([field_error("person", f"{person} is already an attendee of this review.",
                                            "unique")])

    def after_save(self, write):
        _edited(write.membership, write.obj.review_id)


def create_attendee(membership, data: dict, **initial):
    return writes.create(ATTENDEE, membership, data, rules=AttendeeRules(), **initial)


def update_attendee(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(ATTENDEE, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=AttendeeRules())


def delete_attendee(membership, obj):
    with transaction.atomic():
        writes.delete(ATTENDEE, membership, obj)
        _edited(membership, obj.review_id)


# --- actions --------------------------------------------------------------------------------------------------------

def _log_improvement(membership, action: ReviewAction, review: ManagementReview) -> int:
    """Enter an improvement decision in the improvement log (10.1); the id of the new entry."""
    data = {"title": action.description.splitlines()[0][:200] if action.description.strip() else review.title,
            "description": action.description, "source": "review_decision", "source_note": review.title[:300]}
    if action.owner is not None:
        data["owner"] = action.owner.email
    if action.due_on is not None:
        data["due_on"] = action.due_on.isoformat()
    if log_services is None:
        return _log_directly(membership, action, data)
    entry = log_services.create_improvement(membership, data)
    return entry if isinstance(entry, int) else entry.pk


def _log_directly(membership, action, data) -> int:
    """Until the improvement log's service exists (branch ``loop``): the entry written here, audited."""
    from forty2.core import audit
    from forty2.improvement.models import Improvement

    now = timezone.now()
    entry = Improvement.objects.create(
        organization=membership.organization, title=data["title"], description=data["description"],
        source=data["source"], source_note=data["source_note"], owner=action.owner, due_on=action.due_on,
        created_by=membership.user, created_at=now, updated_at=now)
    audit.record("improvement.create", org=membership.organization, actor=membership.user, obj=entry,
                 changes={"title": entry.title, "source": entry.source, "source_note": entry.source_note})
    return entry.pk


class ActionRules(writes.Rules):
    def check(self, write):
        obj, cleaned = write.obj, write.cleaned
        review = cleaned.get("review", None) or getattr(obj, "review", None)
        if review is None:
            return
        if write.created and review.status != ReviewStatus.HELD:
            raise InvalidInput([field_error("review", "Actions are outputs of a held review: hold the review "
                                            "first.", "value_error")])
        if not write.created and "review" in cleaned and obj.review_id != review.pk:
            raise InvalidInput([field_error("review", "An action stays with the review that decided it.",
                                            "value_error")])
        done_on = cleaned.get("done_on", obj.done_on)
        if done_on and done_on > timezone.localdate():
            raise InvalidInput([field_error("done_on", "Cannot be in the future.", "value_error")])

    def before_save(self, write):
        obj = write.obj
        if obj.status == ReviewActionStatus.DONE and obj.done_on is None:
            obj.done_on = timezone.localdate()
        elif obj.status != ReviewActionStatus.DONE and "done_on" not in write.cleaned:
            obj.done_on = None

    def after_save(self, write):
        obj = write.obj
        _edited(write.membership, obj.review_id)
        if obj.kind == ReviewActionKind.IMPROVEMENT and obj.improvement_id is None:
            obj.improvement_id = _log_improvement(write.membership, obj, obj.review)
            ReviewAction.objects.filter(pk=obj.pk).update(improvement_id=obj.improvement_id)
            write.changes["improvement"] = obj.improvement_id


def create_action(membership, data: dict, **initial):
    return writes.create(ACTION, membership, data, rules=ActionRules(), **initial)


def update_action(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(ACTION, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=ActionRules())


def delete_action(membership, obj):
    with transaction.atomic():
        writes.delete(ACTION, membership, obj)
        _edited(membership, obj.review_id)
