"""My work: planned changes waiting for approval (through the records kit's approvals, four eyes) and planned
changes past their planned date but not done, for their owner, owners and AIMS managers (ISO/IEC 42001 6.3)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from forty2.tenancy.models import Role
from forty2.tenancy.work import WorkItem

from .models import ChangeStatus, PlannedChange

OPEN = (ChangeStatus.PROPOSED, ChangeStatus.APPROVED, ChangeStatus.IN_PROGRESS)


def work(membership) -> list[WorkItem]:
    """Overdue planned changes (approvals waiting come from :func:`register_approvals`)."""
    org, user = membership.organization, membership.user
    qs = PlannedChange.objects.for_org(org).filter(archived_at__isnull=True, status__in=OPEN,
                                                   planned_on__lt=timezone.localdate())
    if membership.role not in (Role.OWNER, Role.AIMS_MANAGER):
        qs = qs.filter(Q(owner=user))
    return [WorkItem(org, "deadline", f"Planned change ‘{c.title}’ is past its planned date",
                     reverse("planning:change_detail", args=[org.slug, c.pk]), due=c.planned_on,
                     detail=c.get_status_display()) for c in qs.order_by("planned_on", "id")[:100]]


def register_approvals() -> None:
    from forty2.records.approvals import Approvable, register_approvable

    from . import changes

    def records(org):
        return PlannedChange.objects.for_org(org).filter(archived_at__isnull=True).exclude(
            status__in=(ChangeStatus.DONE, ChangeStatus.REJECTED)).order_by("planned_on", "id")

    register_approvable(changes.RT, Approvable(
        record_type=changes.RT, noun="planned change", records=records,
        waiting=lambda org: records(org).filter(status=ChangeStatus.PROPOSED),
        content=changes.approved_content, may=changes.may_approve,
        url=lambda slug, c: reverse("planning:change_detail", args=[slug, c.pk]),
        ask="Approve the planned change ‘{name}’ before it starts (6.3)"))
