"""What management review puts in a person's My work (ISO/IEC 42001 9.3): review actions due within two weeks or
overdue, for their owner; a planned review due within two weeks (or past its date) to prepare — read the live
input pack and hold it — for its chair, or the owners and AIMS managers when it has none; and the outputs of held
reviews waiting for approval, for the approvers who may approve them (through :mod:`forty2.records.approvals`)."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from forty2.tenancy.models import Role
from forty2.tenancy.work import WorkItem

from .models import ManagementReview, ReviewAction, ReviewActionStatus, ReviewStatus

SOON = dt.timedelta(days=14)


def work(membership) -> list[WorkItem]:
    org, user = membership.organization, membership.user
    today = timezone.localdate()
    items = []
    for a in (ReviewAction.objects.for_org(org).filter(owner=user, status=ReviewActionStatus.OPEN,
                                                       due_on__lte=today + SOON)
              .select_related("review").order_by("due_on", "id")[:100]):
        items.append(WorkItem(org, "review_action", f"Management review action: {a.description[:100]}",
                              reverse("review:review_action_detail", args=[org.slug, a.pk]), due=a.due_on,
                              detail=f"From ‘{a.review.title}’"))
    manager = membership.role in (Role.OWNER, Role.AIMS_MANAGER)
    planned = ManagementReview.objects.for_org(org).filter(status=ReviewStatus.PLANNED, archived_at__isnull=True,
                                                           planned_on__lte=today + SOON)
    planned = planned.filter(Q(chair=user) | Q(chair__isnull=True)) if manager else planned.filter(chair=user)
    for r in planned.order_by("planned_on", "id")[:20]:
        what = ("Hold or re-plan" if r.planned_on < today else "Prepare") + f" the management review ‘{r.title}’"
        items.append(WorkItem(org, "review", what, reverse("review:review_detail", args=[org.slug, r.pk]),
                              due=r.planned_on, detail="Read its input pack preview and record the attendees "
                                                       "(9.3.1, 9.3.2)"))
    return items


def register_approvals() -> None:
    from forty2.records.approvals import Approvable, register_approvable

    from . import services
    from .definitions import REVIEW

    register_approvable(f"{REVIEW.name}.{services.OUTPUTS}", Approvable(
        record_type=REVIEW.name, noun="management review", kind=services.OUTPUTS,
        records=lambda org: ManagementReview.objects.for_org(org).filter(status=ReviewStatus.HELD),
        content=services.outputs_of,
        url=lambda slug, obj: reverse("review:review_detail", args=[slug, obj.pk]),
        waiting=lambda org: ManagementReview.objects.for_org(org).filter(status=ReviewStatus.HELD,
                                                                        archived_at__isnull=True).exclude(minutes=""),
        may=services.may_approve_outputs,
        ask="Approve the outputs of the {noun} ‘{name}’",
        ask_again="Re-approve the outputs of the {noun} ‘{name}’: changed since they were approved"))
