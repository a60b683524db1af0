"""Bulk data for the management review pack's query-count test and benchmark (bench/review_pack.py): every kind
of record the pack reads, ``n`` of the large ones, created with ``bulk_create`` (the pack's reads are measured, not
thousands of audited creations)."""

import datetime as dt

from django.utils import timezone

from forty2.audits.models import Audit, AuditItem, AuditStatus
from forty2.context.models import ContextIssue, InterestedParty, LegalRequirement
from forty2.improvement.models import (
    CorrectiveAction,
    Finding,
    FindingKind,
    Improvement,
    NCState,
    Nonconformity,
)
from forty2.incidents.models import Concern, Incident
from forty2.inventory.models import AISystem
from forty2.monitoring.models import Metric, Objective
from forty2.review.models import ManagementReview, ReviewAction
from forty2.risk import methodology
from forty2.risk.models import Risk, TreatmentAction


def populate(org, user, *, systems: int, risks: int, findings: int, tag: str = "") -> None:
    today = timezone.localdate()
    now = timezone.now()
    small = max(1, findings // 10)
    AISystem.objects.bulk_create([AISystem(organization=org, name=f"{tag}System {i:05d}", purpose="Bench",
                                           business_owner=user) for i in range(systems)], batch_size=1000)
    mth = methodology.current(org)
    levels = ["low", "medium", "high", "critical"]
    created = Risk.objects.bulk_create([
        Risk(organization=org, title=f"{tag}Risk {i:05d}", methodology=mth, owner=user,
             inherent_level=levels[i % 4], residual_level=levels[(i + 1) % 4] if i % 3 else "",
             status=["identified", "assessed", "in_treatment", "treated", "closed"][i % 5],
             treatment_option="modify" if i % 2 else "", next_review=today - dt.timedelta(days=i % 30 - 15),
             reassessment_due=i % 17 == 0) for i in range(risks)], batch_size=1000)
    TreatmentAction.objects.bulk_create([
        TreatmentAction(organization=org, risk=r, title=f"Action {i}", owner=user,
                        due_date=today + dt.timedelta(days=i % 60 - 30), status=["planned", "done"][i % 2])
        for i, r in enumerate(created[:small])], batch_size=1000)
    kinds = [FindingKind.MAJOR_NC, FindingKind.MINOR_NC, FindingKind.OBSERVATION, FindingKind.OFI]
    audit = Audit.objects.create(organization=org, title=f"{tag}Internal audit", status=AuditStatus.COMPLETED,
                                 completed_at=now - dt.timedelta(days=10))
    AuditItem.objects.bulk_create([
        AuditItem(organization=org, audit=audit, ref=f"{i}", title=f"Item {i}", position=i,
                  result=["conforming", "minor_nc", "ofi", ""][i % 4]) for i in range(small)], batch_size=1000)
    made = Finding.objects.bulk_create([
        Finding(organization=org, kind=kinds[i % 4], title=f"{tag}Finding {i:05d}", audit=audit if i % 2 else None,
                status="open" if i % 3 else "closed", raised_by=user) for i in range(findings)], batch_size=1000)
    ncs = Nonconformity.objects.bulk_create([
        Nonconformity(organization=org, finding=f, severity=f.kind, owner=user,
                      state=NCState.CLOSED if i % 3 == 0 else NCState.ACTIONS,
                      closed_at=now - dt.timedelta(days=i % 300) if i % 3 == 0 else None,
                      created_at=now - dt.timedelta(days=i % 360))
        for i, f in enumerate(made) if f.kind in (FindingKind.MAJOR_NC, FindingKind.MINOR_NC)], batch_size=1000)
    CorrectiveAction.objects.bulk_create([
        CorrectiveAction(organization=org, nonconformity=nc, description=f"Fix {i}", owner=user,
                         due_on=today + dt.timedelta(days=i % 40 - 20), status=["open", "done"][i % 2])
        for i, nc in enumerate(ncs)], batch_size=1000)
    Improvement.objects.bulk_create([Improvement(organization=org, title=f"{tag}Improvement {i}",
                                                 status=["proposed", "done"][i % 2]) for i in range(small)])
    ContextIssue.objects.bulk_create([ContextIssue(organization=org, name=f"{tag}Issue {i}", origin="internal")
                                      for i in range(small)])
    InterestedParty.objects.bulk_create([InterestedParty(organization=org, name=f"{tag}Party {i}")
                                         for i in range(small)])
    LegalRequirement.objects.bulk_create([LegalRequirement(organization=org, name=f"{tag}Law {i}")
                                          for i in range(small)])
    objective = Objective.objects.create(organization=org, title=f"{tag}Objective", due_date=today)
    Metric.objects.bulk_create([
        Metric(organization=org, objective=objective, name=f"{tag}Metric {i}", latest_value=i % 100,
               warning_threshold=60, breach_threshold=40, target_value=90, latest_at=now)
        for i in range(small)], batch_size=1000)
    Concern.objects.bulk_create([Concern(organization=org, subject=f"Concern {i}",
                                         kind=["concern", "complaint", "external_report"][i % 3])
                                 for i in range(small)], batch_size=1000)
    Incident.objects.bulk_create([Incident(organization=org, title=f"Incident {i}") for i in range(small)])
    previous = ManagementReview.objects.create(organization=org, title=f"{tag}Previous review", status="held",
                                               planned_on=today - dt.timedelta(days=200),
                                               held_on=today - dt.timedelta(days=200))
    ReviewAction.objects.bulk_create([
        ReviewAction(organization=org, review=previous, description=f"Decision {i}", owner=user,
                     due_on=today + dt.timedelta(days=i % 20 - 10), status=["open", "done"][i % 2])
        for i in range(small)], batch_size=1000)
