"""My work for audits (ISO/IEC 42001 9.2): audits due to start or finish for their owner and lead, checklist items
waiting for a result for the team, reports waiting for approval for approvers, and flagged auditors without a
justification for whoever manages audits. A few queries per member."""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from forty2.records import approvals
from forty2.tenancy.roles import can
from forty2.tenancy.work import WorkItem

from . import services
from .definitions import AUDIT
from .models import Audit, Auditor, AuditorRole, AuditStatus

SOON = dt.timedelta(days=14)


def work(membership) -> list[WorkItem]:
    org, user = membership.organization, membership.user
    slug = org.slug
    today = timezone.localdate()

    def url(audit_id, name="audit_detail"):
        return reverse(f"audits:{name}", args=[slug, audit_id])

    items = []
    live = Audit.objects.for_org(org).filter(archived_at__isnull=True)
    mine = live.filter(Q(owner=user) | Q(auditors__person__user=user, auditors__role=AuditorRole.LEAD)).distinct()
    for a in mine.filter(status=AuditStatus.PLANNED, planned_start__lte=today + SOON).order_by("planned_start")[:50]:
        items.append(WorkItem(org, "audit", f"Start the audit ‘{a.title}’", url(a.pk), due=a.planned_start,
                              detail=a.get_kind_display()))
    for a in mine.filter(status__in=(AuditStatus.IN_PROGRESS, AuditStatus.REPORTING),
                         planned_end__lte=today + SOON).order_by("planned_end")[:50]:
        items.append(WorkItem(org, "audit", f"Finish the audit ‘{a.title}’", url(a.pk), due=a.planned_end,
                              detail=a.get_status_display()))
    open_items = (live.filter(status=AuditStatus.IN_PROGRESS, auditors__person__user=user)
                  .annotate(waiting=Count("items", filter=Q(items__result=""), distinct=True))
                  .filter(waiting__gt=0).order_by("planned_end", "id")[:50])
    for a in open_items:
        items.append(WorkItem(org, "audit", f"Record results in the audit ‘{a.title}’", url(a.pk, "checklist"),
                              due=a.planned_end, detail=f"{a.waiting} checklist item(s) without a result"))
    if can(membership, "approve"):
        reporting = list(live.filter(status__in=(AuditStatus.REPORTING, AuditStatus.COMPLETED))
                         .exclude(report="").prefetch_related("items")[:100])
        states = approvals.states(AUDIT.name, reporting, services.report_content, kind=services.REPORT)
        for a in reporting:
            if states[a.pk].approved or not services.may_approve_report(membership, a):
                continue
            words = "Re-approve" if states[a.pk].stale else "Approve"
            items.append(WorkItem(org, "approval", f"{words} the report of the audit ‘{a.title}’", url(a.pk)))
    if can(membership, "manage_audits"):
        flagged = (Auditor.objects.for_org(org).filter(audit__status=AuditStatus.PLANNED, justification="",
                                                       audit__archived_at__isnull=True)
                   .exclude(flags=[]).select_related("person", "audit").order_by("audit_id", "id")[:50])
        for f in flagged:
            items.append(WorkItem(org, "audit", f"Justify or replace the auditor {f.person.name} on ‘{f.audit.title}’",
                                  url(f.audit_id), detail=f.flags[0] if f.flags else ""))
    return items
