"""The input pack of a management review (ISO/IEC 42001 9.3.2), assembled from live data.

One section per input of 9.3.2, each plain JSON: figures and short lists (at most :data:`TOP` items), never whole
tables, so the pack stays small and is read in a fixed number of queries whatever the size of the organisation
(aggregates with ``Count(filter=…)``; ``bench/review_pack.py`` measures it). Only strings, integers, booleans,
lists and dicts: the pack survives a round trip through a JSON column unchanged, so the frozen pack and its
SHA-256 (:func:`forty2.records.approvals.content_hash`) read back identical on SQLite and PostgreSQL.

The period reported on runs from the previous review's meeting (or twelve months before this review) to today.
"""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from forty2.audits.models import Audit, AuditItem, AuditStatus
from forty2.context.models import ContextIssue, InterestedParty, LegalRequirement
from forty2.improvement.models import (
    ActionStatus,
    CorrectiveAction,
    Finding,
    FindingKind,
    FindingStatus,
    Improvement,
    ImprovementStatus,
    NCState,
    Nonconformity,
)
from forty2.incidents.models import Concern, ConcernKind, ConcernStatus, Incident, IncidentStatus
from forty2.inventory.models import AISystem
from forty2.monitoring import status as metric_status
from forty2.monitoring.models import CLOSED_STATUSES, Metric, Objective, ObjectiveStatus
from forty2.records.approvals import content_hash
from forty2.risk.models import ActionStatus as TreatmentStatus
from forty2.risk.models import Level, Risk, RiskStatus, TreatmentAction

from .models import ManagementReview, ReviewAction, ReviewActionStatus, ReviewStatus

#: at most this many items in each short list
TOP = 5
#: the period reported on when there is no previous review
DEFAULT_PERIOD = dt.timedelta(days=365)
PACK_FORMAT = 1

INPUTS = {
    "previous_actions": "a) Status of actions from previous management reviews",
    "context_changes": "b) Changes in external and internal issues and interested parties",
    "performance": "c) Information on the performance of the AIMS",
    "feedback": "d) Feedback from interested parties",
    "risks": "e) AI risk assessment and risk treatment status",
    "improvement": "f) Opportunities for continual improvement",
}


def _day(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return value.isoformat()


def _email(user) -> str | None:
    return user.email if user is not None else None


def period_start(review: ManagementReview, today: dt.date) -> dt.date:
    """The previous review's meeting day, else the last held review before this one, else twelve months ago."""
    prev = review.previous
    if prev is not None and prev.held_on:
        return prev.held_on
    found = (ManagementReview.objects.for_org(review.organization).filter(status=ReviewStatus.HELD,
                                                                          held_on__isnull=False,
                                                                          held_on__lt=review.planned_on)
             .exclude(pk=review.pk).order_by("-held_on").values_list("held_on", flat=True).first())
    return found or (today - DEFAULT_PERIOD)


def _since(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _quarters(today: dt.date, n: int = 4) -> list[tuple[str, dt.date, dt.date]]:
    """The last ``n`` calendar quarters up to today, oldest first: (label, first day, first day of the next)."""
    q = (today.month - 1) // 3
    year = today.year
    out = []
    for _ in range(n):
        start = dt.date(year, 3 * q + 1, 1)
        end = dt.date(year + (q == 3), (3 * q + 3) % 12 + 1, 1)
        out.append((f"{year}-Q{q + 1}", start, end))
        q -= 1
        if q < 0:
            q, year = 3, year - 1
    return out[::-1]


# --- a) actions of previous reviews -------------------------------------------------------------------------------

def previous_actions(org, review, today) -> dict:
    earlier = ReviewAction.objects.for_org(org).exclude(review=review).filter(review__planned_on__lte=review.planned_on)
    overdue = Q(status=ReviewActionStatus.OPEN, due_on__lt=today)
    figures = earlier.aggregate(
        total=Count("id"), open=Count("id", filter=Q(status=ReviewActionStatus.OPEN)),
        done=Count("id", filter=Q(status=ReviewActionStatus.DONE)),
        cancelled=Count("id", filter=Q(status=ReviewActionStatus.CANCELLED)), overdue=Count("id", filter=overdue))
    still_open = (earlier.filter(status=ReviewActionStatus.OPEN).select_related("owner", "review")
                  .order_by("due_on", "id")[:TOP])
    return {**figures, "open_items": [
        {"description": a.description[:200], "review": a.review.title, "owner": _email(a.owner),
         "due_on": _day(a.due_on), "overdue": bool(a.due_on and a.due_on < today)} for a in still_open]}


# --- b) changes in the context --------------------------------------------------------------------------------------

def _changes(model, org, since) -> dict:
    qs = model.objects.for_org(org)
    figures = qs.aggregate(
        live=Count("id", filter=Q(archived_at__isnull=True)),
        added=Count("id", filter=Q(created_at__gte=since)),
        changed=Count("id", filter=Q(created_at__lt=since, updated_at__gte=since, archived_at__isnull=True)),
        archived=Count("id", filter=Q(archived_at__gte=since)))
    recent = qs.filter(updated_at__gte=since).order_by("-updated_at", "-id").values_list("name", "created_at")[:TOP]
    return {**figures, "recent": [{"name": name, "new": created >= since} for name, created in recent]}


def context_changes(org, since) -> dict:
    return {"issues": _changes(ContextIssue, org, since), "interested_parties": _changes(InterestedParty, org, since),
            "legal_requirements": _changes(LegalRequirement, org, since)}


# --- c) performance -------------------------------------------------------------------------------------------------

def nonconformities(org, today) -> dict:
    quarters = _quarters(today)
    aggregates = {}
    for i, (_label, start, end) in enumerate(quarters):
        aggregates[f"opened_{i}"] = Count("id", filter=Q(created_at__gte=_since(start), created_at__lt=_since(end)))
        aggregates[f"closed_{i}"] = Count("id", filter=Q(closed_at__gte=_since(start), closed_at__lt=_since(end)))
    for sev in (FindingKind.MAJOR_NC, FindingKind.MINOR_NC):
        aggregates[f"open_{sev}"] = Count("id", filter=Q(severity=sev) & ~Q(state=NCState.CLOSED))
    aggregates["total"] = Count("id")
    figures = Nonconformity.objects.for_org(org).aggregate(**aggregates)
    actions = CorrectiveAction.objects.for_org(org).aggregate(
        open=Count("id", filter=Q(status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS))),
        overdue=Count("id", filter=Q(status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS), due_on__lt=today)),
        done=Count("id", filter=Q(status=ActionStatus.DONE)))
    open_major = (Nonconformity.objects.for_org(org).filter(severity=FindingKind.MAJOR_NC)
                  .exclude(state=NCState.CLOSED).select_related("finding").order_by("created_at", "id")[:TOP])
    return {
        "total": figures["total"],
        "trend": [{"quarter": label, "opened": figures[f"opened_{i}"], "closed": figures[f"closed_{i}"]}
                  for i, (label, _s, _e) in enumerate(quarters)],
        "open_major": figures[f"open_{FindingKind.MAJOR_NC}"], "open_minor": figures[f"open_{FindingKind.MINOR_NC}"],
        "corrective_actions": actions,
        "open_major_items": [{"title": nc.finding.title, "state": NCState(nc.state).label} for nc in open_major],
    }


def monitoring(org, now) -> dict:
    live = Metric.objects.for_org(org).filter(archived_at__isnull=True)
    breach, warning = metric_status.breach_q(), metric_status.warning_q()
    figures = live.aggregate(
        metrics=Count("id"), breach=Count("id", filter=breach), warning=Count("id", filter=warning),
        not_measured=Count("id", filter=Q(latest_value__isnull=True)),
        overdue=Count("id", filter=metric_status.overdue_q(now)))
    figures["within_thresholds"] = figures["metrics"] - figures["breach"] - figures["warning"] - figures["not_measured"]
    attention = live.filter(breach | warning).order_by("name", "id")[:TOP]
    figures["attention"] = [{"name": m.name, "state": metric_status.LABELS[metric_status.of(m)],
                             "on_target": metric_status.on_target(m)} for m in attention]
    return figures


def objectives(org, today) -> dict:
    qs = Objective.objects.for_org(org).filter(archived_at__isnull=True)
    figures = qs.aggregate(total=Count("id", filter=~Q(status=ObjectiveStatus.CANCELLED)),
                           overdue=Count("id", filter=Q(due_date__lt=today) & ~Q(status__in=CLOSED_STATUSES)),
                           **{s: Count("id", filter=Q(status=s)) for s in ObjectiveStatus.values})
    return {"total": figures.pop("total"), "overdue": figures.pop("overdue"), "by_status": figures}


def audits(org, since) -> dict:
    done = Audit.objects.for_org(org).filter(status=AuditStatus.COMPLETED, completed_at__gte=since)
    count = done.count()
    results = dict(AuditItem.objects.for_org(org).filter(audit__in=done).exclude(result="")
                   .values("result").annotate(n=Count("id")).order_by().values_list("result", "n"))
    findings = dict(Finding.objects.for_org(org).filter(audit__in=done).values("kind").annotate(n=Count("id"))
                    .order_by().values_list("kind", "n"))
    listed = done.order_by("-completed_at", "-id").values_list("title", "kind", "completed_at")[:TOP]
    return {"completed": count, "item_results": {k: results[k] for k in sorted(results)},
            "findings": {k: findings[k] for k in sorted(findings)},
            "completed_items": [{"title": t, "kind": k, "completed_on": _day(at)} for t, k, at in listed],
            "in_progress": Audit.objects.for_org(org).filter(archived_at__isnull=True).exclude(
                status__in=(AuditStatus.COMPLETED, AuditStatus.CANCELLED)).count()}


# --- d) feedback ------------------------------------------------------------------------------------------------------

def feedback(org, since) -> dict:
    concerns = Concern.objects.for_org(org)
    done = (ConcernStatus.ANSWERED, ConcernStatus.CLOSED)
    figures = concerns.aggregate(
        received=Count("id", filter=Q(received_at__gte=since)),
        answered=Count("id", filter=Q(answered_at__gte=since)),
        complaints=Count("id", filter=Q(received_at__gte=since, kind=ConcernKind.COMPLAINT)),
        external_reports=Count("id", filter=Q(received_at__gte=since, kind=ConcernKind.EXTERNAL_REPORT)),
        open=Count("id", filter=~Q(status__in=done)))
    incidents = Incident.objects.for_org(org).aggregate(
        reported=Count("id", filter=Q(created_at__gte=since)),
        open=Count("id", filter=~Q(status=IncidentStatus.CLOSED)),
        serious=Count("id", filter=Q(created_at__gte=since, serious=True)))
    recent = concerns.filter(received_at__gte=since).order_by("-received_at", "-id").values_list(
        "subject", "kind", "status")[:TOP]
    return {"concerns": figures, "incidents": incidents,
            "recent": [{"subject": s, "kind": ConcernKind(k).label, "status": ConcernStatus(st).label}
                       for s, k, st in recent]}


# --- e) AI risks ------------------------------------------------------------------------------------------------------

def risks(org, today) -> dict:
    qs = Risk.objects.for_org(org)
    live = ~Q(status=RiskStatus.CLOSED)
    level_q = {lv: Q(residual_level=lv) | Q(residual_level="", inherent_level=lv) for lv in Level.values}
    figures = qs.aggregate(
        total=Count("id"), open=Count("id", filter=live),
        reassessment_due=Count("id", filter=live & (Q(reassessment_due=True) | Q(next_review__lt=today))),
        untreated=Count("id", filter=live & Q(treatment_option="")),
        **{f"level_{lv}": Count("id", filter=live & q) for lv, q in level_q.items()},
        **{f"status_{s}": Count("id", filter=Q(status=s)) for s in RiskStatus.values})
    actions = TreatmentAction.objects.for_org(org).aggregate(
        open=Count("id", filter=~Q(status=TreatmentStatus.DONE)),
        overdue=Count("id", filter=~Q(status=TreatmentStatus.DONE) & Q(due_date__lt=today)))
    top = (qs.filter(live).filter(Q(residual_level__in=(Level.HIGH, Level.CRITICAL))
                                  | Q(residual_level="", inherent_level__in=(Level.HIGH, Level.CRITICAL)))
           .order_by("title", "id").values_list("title", "inherent_level", "residual_level", "status")[:TOP])
    return {"total": figures["total"], "open": figures["open"], "reassessment_due": figures["reassessment_due"],
            "without_treatment": figures["untreated"],
            "by_level": {lv: figures[f"level_{lv}"] for lv in Level.values},
            "by_status": {s: figures[f"status_{s}"] for s in RiskStatus.values},
            "treatment_actions": actions,
            "high_items": [{"title": t, "level": r or i, "status": RiskStatus(s).label} for t, i, r, s in top],
            "ai_systems_in_scope": AISystem.objects.for_org(org).filter(archived_at__isnull=True,
                                                                        in_scope=True).count()}


# --- f) improvement ---------------------------------------------------------------------------------------------

def improvement(org) -> dict:
    ofi = Finding.objects.for_org(org).filter(kind=FindingKind.OFI, status=FindingStatus.OPEN)
    open_states = (ImprovementStatus.PROPOSED, ImprovementStatus.PLANNED, ImprovementStatus.IN_PROGRESS)
    log = Improvement.objects.for_org(org).filter(archived_at__isnull=True)
    figures = log.aggregate(open=Count("id", filter=Q(status__in=open_states)),
                            done=Count("id", filter=Q(status=ImprovementStatus.DONE)))
    return {"open_opportunities": ofi.count(),
            "opportunities": list(ofi.order_by("-raised_on", "-id").values_list("title", flat=True)[:TOP]),
            "log_open": figures["open"], "log_done": figures["done"],
            "log_items": [{"title": t, "status": ImprovementStatus(s).label} for t, s in
                          log.filter(status__in=open_states).order_by("-created_at", "-id")
                          .values_list("title", "status")[:TOP]]}


def build(review: ManagementReview, *, now=None) -> dict:
    """The live pack of ``review``: one section per 9.3.2 input, in a fixed number of queries."""
    org = review.organization
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = period_start(review, today)
    since = _since(start)
    return {
        "format": PACK_FORMAT,
        "organization": org.name,
        "review": review.title,
        "as_of": today.isoformat(),
        "period": {"from": start.isoformat(), "to": today.isoformat()},
        "inputs": INPUTS,
        "previous_actions": previous_actions(org, review, today),
        "context_changes": context_changes(org, since),
        "performance": {"nonconformities": nonconformities(org, today), "monitoring": monitoring(org, now),
                        "objectives": objectives(org, today), "audits": audits(org, since)},
        "feedback": feedback(org, since),
        "risks": risks(org, today),
        "improvement": improvement(org),
    }


def canonical(pack: dict) -> bytes:
    """The pack as canonical JSON bytes (sorted keys), what its hash is taken of and what the API returns."""
    import json

    return json.dumps(pack, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def hash_of(pack: dict) -> str:
    return content_hash(pack)


def missing_inputs(pack: dict) -> list[str]:
    """The 9.3.2 inputs a pack lacks (an empty list for a complete pack)."""
    return [label for key, label in INPUTS.items() if not isinstance(pack.get(key), dict)]
