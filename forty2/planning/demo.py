"""The demo's project plans and planned changes (issue #19 items 7, 8; ISO/IEC 42001 6.3), built through the
services after every other app's demo, so the plans read the demo's real profile and actual dates.

Acme Health (certified): a plan that started about eighteen months ago; its actual dates come from Acme's own
records (clause assessments, approved AI policy and SoA, internal audit, management review, the certification
body's audits where those demos exist). Two planned changes: one from a decision of Acme's held management review
(when that demo exists; otherwise a change proposed without a recorded cause) waiting for approval, and one from a
risk, approved by a second person and under way. Globex: a plan started six weeks ago, now in its documentation
phase, estimated honestly from its profile."""

import datetime as dt

from django.utils import timezone

from forty2.review.models import ManagementReview, ReviewAction, ReviewActionKind, ReviewStatus
from forty2.risk.models import Risk

from . import changes
from . import plan as plans
from .models import PlannedChange

RISK_TITLE = "Urgent chest CT findings pushed down the worklist"


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def build_plan(org, membership, *, started_days_ago: int, declared=()) -> None:
    if plans.get(org) is None:
        plans.create(membership, start_on=_ago(started_days_ago), declared_certificates=list(declared))


def _review_decision(org):
    held = ManagementReview.objects.for_org(org).filter(status=ReviewStatus.HELD).order_by("-held_on").first()
    if held is None:
        return None
    actions = ReviewAction.objects.for_org(org).filter(review=held)
    return actions.filter(kind=ReviewActionKind.CHANGE).order_by("id").first() or actions.order_by("id").first()


def build_acme_changes(org, people) -> None:
    if PlannedChange.objects.for_org(org).exists():
        return
    manager, owner = people["manager"], people["owner"]
    decision = _review_decision(org)
    changes.create_change(manager, {
        "title": "Extend the AIMS scope to the new dermatology screening pilot",
        "purpose": "The management review decided that the pilot enters the AIMS before it reaches patients.",
        "consequences": "One more AI system in scope: an impact assessment, risks, SoA review and training for "
                        "the dermatology team; the next surveillance audit will sample it.",
        "resources": "AI governance lead 5 days; dermatology lead 2 days.",
        "responsibilities": "AI governance lead updates the scope and SoA; the dermatology lead owns the system.",
        "owner": manager.user.email, "planned_on": (timezone.localdate() + dt.timedelta(days=45)).isoformat(),
        **({"review_action": decision.pk} if decision else {})})
    risk = Risk.objects.for_org(org).filter(title=RISK_TITLE).first()
    from_risk = changes.create_change(manager, {
        "title": "Move radiology triage to the vendor's model version 4",
        "purpose": "Treat the risk that urgent findings are ranked low: version 4 fixes the ranking fault.",
        "consequences": "The worklist order changes for all sites; radiologists are briefed; the discrepancy audit "
                        "runs weekly for the first two months.",
        "resources": "Vendor upgrade (in contract); IT 3 days; clinical safety 2 days.",
        "responsibilities": "IT deploys; clinical safety approves go-live; radiology leads brief their teams.",
        "owner": people["clinical_safety"].user.email,
        "planned_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        **({"risk": risk.pk} if risk else {})})
    from_risk = changes.change_step(owner, from_risk, "approve", version=from_risk.version,
                                    note="Approved at the clinical safety board.")
    changes.change_step(manager, from_risk, "start", version=from_risk.version)


def build(acme_org, acme_people, globex_org, globex_people) -> None:
    """Called last from forty2/demo/builder.py."""
    build_plan(acme_org, acme_people["manager"], started_days_ago=540)
    build_acme_changes(acme_org, acme_people)
    build_plan(globex_org, globex_people["manager"], started_days_ago=42)
