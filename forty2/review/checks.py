"""What management reviews let the clause checks see (ISO/IEC 42001 9.3.1, 9.3.2, 9.3.3). Content, not existence,
judged on the latest review held in the last twelve months:

* **9.3.1** ``management_review_held``: it was held with at least one attendee who speaks for top management and
  attended.
* **9.3.2** ``management_review_inputs``: its input pack was frozen from live data when it was held, covers every
  input of 9.3.2, and still hashes to the SHA-256 stored with it.
* **9.3.3** ``management_review`` (replaces the built-in evidence check of the same code): its outputs are approved
  by a person and the approval still covers them; every action has an owner and a due date; no action of any review
  is open past its due date.

Nothing Forty2 creates passes them: a review is only held, frozen and approved by people. :func:`problems` says
why a check fails, in words, for the review's page.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from . import pack as review_pack
from . import services
from .models import ManagementReview, ReviewAction, ReviewActionStatus, ReviewAttendee, ReviewStatus

WINDOW = dt.timedelta(days=365)


def latest_held(org):
    """The latest review held in the last twelve months, or None (read once per readiness call)."""
    from forty2.controls.checks import shared

    return shared(org, "review.latest_held", lambda: _latest_held(org))


def _latest_held(org):
    since = timezone.localdate() - WINDOW
    return (ManagementReview.objects.for_org(org).filter(status=ReviewStatus.HELD, held_on__gte=since,
                                                         archived_at__isnull=True)
            .order_by("-held_on", "-id").first())


def problems_931(org, review=None) -> list[str]:
    review = review or latest_held(org)
    if review is None:
        return ["No management review was held in the last twelve months."]
    if not ReviewAttendee.objects.for_org(org).filter(review=review, top_management=True, attended=True).exists():
        return [f"Nobody of top management is recorded as attending ‘{review}’."]
    return []


def problems_932(org, review=None) -> list[str]:
    review = review or latest_held(org)
    if review is None:
        return ["No management review was held in the last twelve months, so no input pack was frozen."]
    if not review.pack_hash or review.pack_frozen_at is None:
        return [f"The input pack of ‘{review}’ was not frozen when it was held."]
    out = []
    if review_pack.hash_of(review.pack) != review.pack_hash:
        out.append(f"The input pack of ‘{review}’ no longer matches its SHA-256: it was altered after it was frozen.")
    missing = review_pack.missing_inputs(review.pack)
    if missing:
        out.append(f"The input pack of ‘{review}’ lacks: {'; '.join(missing)}.")
    return out


def problems_933(org, review=None) -> list[str]:
    review = review or latest_held(org)
    if review is None:
        return ["No management review was held in the last twelve months, so it has no approved outputs."]
    out = []
    state = services.outputs_state(review)
    if state.approval is None or state.approval.approved_by_id is None:
        out.append(f"The outputs of ‘{review}’ are not approved.")
    elif state.stale:
        out.append(f"The outputs of ‘{review}’ changed since they were approved: approve them again.")
    incomplete = ReviewAction.objects.for_org(org).filter(review=review).exclude(
        status=ReviewActionStatus.CANCELLED).filter(owner__isnull=True).count() + ReviewAction.objects.for_org(
        org).filter(review=review, owner__isnull=False, due_on__isnull=True).exclude(
        status=ReviewActionStatus.CANCELLED).count()
    if incomplete:
        out.append(f"{incomplete} action(s) of ‘{review}’ lack an owner or a due date.")
    overdue = ReviewAction.objects.for_org(org).filter(status=ReviewActionStatus.OPEN,
                                                       due_on__lt=timezone.localdate()).count()
    if overdue:
        out.append(f"{overdue} management review action(s) are open past their due date.")
    return out


def problems(org) -> dict[str, list[str]]:
    """{clause: [why it fails, in words]} for 9.3.1-9.3.3 (empty lists when they pass)."""
    review = latest_held(org)
    return {"9.3.1": problems_931(org, review), "9.3.2": problems_932(org, review),
            "9.3.3": problems_933(org, review)}


def review_held(org, ctx) -> bool:
    return not problems_931(org)


def inputs_frozen(org, ctx) -> bool:
    return not problems_932(org)


def outputs_approved(org, ctx) -> bool:
    return not problems_933(org)


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    def page(org):
        return reverse("review:review_list", args=[org.slug])

    def overdue_actions(org):
        return reverse("review:review_action_list", args=[org.slug]) + "?status=open&ordering=due_on"

    register("9.3.1", Check("management_review_held", "A management review held in the last twelve months with "
                                                      "top management attending", review_held, page))
    register("9.3.2", Check("management_review_inputs", "The latest management review's input pack frozen from "
                                                        "live data, covering every input", inputs_frozen, page))
    register("9.3.3", Check("management_review", "The latest management review's outputs approved, its actions "
                                                 "owned and dated, none overdue", outputs_approved, overdue_actions))
