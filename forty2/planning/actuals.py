"""Actual dates of the plan's phases, read from the records' own dates, never typed in (issue #19, item 7):

- gap assessment: from the first clause of ISO/IEC 42001 a person assessed, to the day the last one was assessed
  (once every clause is);
- documentation: from the first document version written to the first approval of an AI policy (5.2);
- implementation: from the first risk treatment action to the first approval of the SoA (6.1.3);
- internal audit and management review: from the first internal audit opened to the later of that audit's
  completion and the first management review held (9.2, 9.3);
- stage 1 and stage 2: the certification body's audits of those kinds (opened, completed);
- the certification decision: a provider registered by the certification app (:func:`register_decision`),
  none otherwise.

A fixed number of queries per organisation."""

import datetime as dt

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from forty2.audits.models import Audit, AuditKind, AuditStatus
from forty2.catalog.models import ConformityStatus, Kind, Requirement, RequirementStatus, StatusSource
from forty2.controls.models import SoAVersion
from forty2.documents.models import DocumentKind, DocumentVersion
from forty2.review.models import ManagementReview, ReviewStatus
from forty2.risk.models import TreatmentAction

FRAMEWORK = "iso-iec-42001-2023"
_decision = []


def register_decision(provider) -> None:
    """``provider(org) -> date | None``: the certification decision's date (the certification app)."""
    _decision[:] = [provider]


def _day(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value


def _audit(org, kinds):
    started = Audit.objects.for_org(org).filter(kind__in=kinds, archived_at__isnull=True).filter(
        status__in=(AuditStatus.IN_PROGRESS, AuditStatus.REPORTING, AuditStatus.COMPLETED))
    first = started.order_by("planned_start", "id").values("opening_meeting_at", "planned_start", "created_at").first()
    done = started.filter(status=AuditStatus.COMPLETED).aggregate(at=Min("completed_at"))["at"]
    if first is None:
        return None, None
    start = _day(first["opening_meeting_at"]) or first["planned_start"] or _day(first["created_at"])
    return start, _day(done)


def actuals(org) -> dict:
    """{phase key: (actual start, actual end)} plus ``"decision"``: the certification decision's date or None."""
    clauses = Requirement.objects.filter(framework__slug=FRAMEWORK, kind=Kind.CLAUSE).count()
    gap = RequirementStatus.objects.for_org(org).filter(
        requirement__framework__slug=FRAMEWORK, requirement__kind=Kind.CLAUSE, source=StatusSource.ASSESSED).exclude(
        status=ConformityStatus.NOT_ASSESSED).aggregate(first=Min("created_at"), last=Max("updated_at"), n=Count("id"))
    docs = DocumentVersion.objects.for_org(org).aggregate(
        first=Min("created_at"),
        policy=Min("approved_at", filter=Q(document__kind=DocumentKind.AI_POLICY, approved_at__isnull=False)))
    treatment = TreatmentAction.objects.for_org(org).aggregate(first=Min("created_at"))["first"]
    soa = SoAVersion.objects.for_org(org).aggregate(first=Min("approved_at"))["first"]
    internal_start, internal_done = _audit(org, (AuditKind.INTERNAL,))
    review = ManagementReview.objects.for_org(org).filter(status=ReviewStatus.HELD).aggregate(
        first=Min("held_on"))["first"]
    stage1 = _audit(org, (AuditKind.STAGE1,))
    stage2 = _audit(org, (AuditKind.STAGE2,))
    return {
        "gap_assessment": (_day(gap["first"]), _day(gap["last"]) if clauses and gap["n"] >= clauses else None),
        "documentation": (_day(docs["first"]), _day(docs["policy"])),
        "implementation": (_day(treatment), _day(soa)),
        "internal_audit_review": (internal_start or review,
                                  max(internal_done, review) if internal_done and review else None),
        "stage1": stage1,
        "stage2": stage2,
        "decision": _decision[0](org) if _decision else None,
    }
