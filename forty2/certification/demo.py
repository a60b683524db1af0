"""The demo's certification cycle: Acme Health certified about a year ago (stage 1 and stage 2 held about 13 and 12
months ago, the decision soon after), its first surveillance audit due within weeks and planned, and one minor
nonconformity from stage 2 carried over with its action plan; Globex still in its documentation phase, with no
certification audit. Dates are computed from today, so a new demo is always current."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.improvement.models import CorrectiveAction, Finding, FindingKind, NCState, Nonconformity

from . import services
from .models import CertificationStatus

BODY = "Meridian Certification Services"
ACCREDITATION = "Irish National Accreditation Board (INAB)"
MINOR = "Supplier AI model changes not reviewed before release"


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _minor_nc(org, manager, stage2) -> None:
    """The stage 2 minor nonconformity with its accepted action plan (the improvement app's records, written here
    with their audit events until its services are at hand: improvement.services.raise_finding)."""
    user = manager.user
    with transaction.atomic():
        f = Finding.objects.create(
            organization=org, kind=FindingKind.MINOR_NC, title=MINOR, requirement_ref="A.10.3", audit=stage2,
            description="Two model updates from the radiology supplier went live without the change review the "
                        "supplier procedure asks for.", objective_evidence="Release notes of two updates; no "
                        "review record in the change log.", raised_on=stage2.planned_end, raised_by=user,
            owner=user, created_by=user)
        audit.record("finding.create", org=org, actor=user, obj=f, changes={"kind": f.kind, "title": f.title,
                                                                            "audit": stage2.title})
        nc = Nonconformity.objects.create(organization=org, finding=f, severity=FindingKind.MINOR_NC,
                                          state=NCState.ACTIONS, owner=user, created_by=user,
                                          correction="Both updates reviewed after the fact; no effect found.",
                                          cause_summary="The procedure did not name who reviews supplier "
                                                        "updates that arrive outside the release calendar.")
        audit.record("nonconformity.create", org=org, actor=user, obj=nc, changes={"severity": nc.severity,
                                                                                  "state": nc.state})
        action = CorrectiveAction.objects.create(
            organization=org, nonconformity=nc, owner=user, due_on=_ago(-30), created_by=user,
            description="Name the reviewer of out-of-cycle supplier updates in the supplier procedure and "
                        "route every update through the change log.")
        audit.record("corrective_action.create", org=org, actor=user, obj=action,
                     changes={"description": action.description, "due_on": action.due_on, "owner": user.email})


def build(acme, acme_people, globex, globex_people) -> None:
    """Idempotent: a certified Acme and a Globex with its certification record are left as they are."""
    cert = services.certification(acme)
    if cert.status == CertificationStatus.PLANNING:
        manager = acme_people["manager"]
        cert = services.update(manager, cert, {
            "certification_body": BODY, "accreditation_body": ACCREDITATION,
            "scope": "The development, procurement and clinical use of AI systems at Acme Health's hospitals, "
                     "under its AI management system."}, version=cert.version)
        services.plan_audit(manager, {"kind": "stage1", "planned_start": _ago(397), "completed_on": _ago(395),
                                      "conclusion": "Documentation ready for stage 2; the SoA justifications "
                                                    "to be made specific."})
        stage2 = services.plan_audit(manager, {"kind": "stage2", "planned_start": _ago(366),
                                               "planned_end": _ago(363), "completed_on": _ago(363),
                                               "conclusion": "Recommended for certification; one minor "
                                                             "nonconformity."})
        _minor_nc(acme, manager, stage2)
        services.record_event(manager, "decision", date=_ago(345), certificate_number="MCS-AIMS-2025-0142",
                              note="Certification granted on the stage 2 recommendation.")
        services.plan_audit(manager, {"kind": "surveillance", "planned_start": _ago(-11), "planned_end": _ago(-12),
                                      "objectives": "The first surveillance audit: the carried-over minor "
                                                    "nonconformity first, then clauses 9 and 10."})
    gcert = services.certification(globex)
    if not gcert.scope:
        services.update(globex_people["manager"], gcert, {"scope": "Demand forecasting and customer service AI "
                                                                   "(draft; to be agreed with a certification body)"},
                        version=gcert.version)
