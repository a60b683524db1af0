"""The demo's certification cycle: Acme Health certified about a year ago (stage 1 and stage 2 held about 13 and 12
months ago, the decision soon after), its first surveillance audit due within weeks and planned, and one minor
nonconformity from stage 2 carried over with its action plan; Globex still in its documentation phase, with no
certification audit. Dates are computed from today, so a new demo is always current."""

import datetime as dt

from django.utils import timezone

from forty2.improvement.models import Finding, FindingKind, Nonconformity

from . import services
from .models import CertificationStatus

BODY = "Meridian Certification Services"
ACCREDITATION = "Irish National Accreditation Board (INAB)"
MINOR = "Supplier AI model changes not reviewed before release"


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _minor_nc(org, manager, stage2) -> None:
    """The stage 2 minor nonconformity with its accepted action plan, raised, corrected, analysed and put under
    action through the improvement services (ISO/IEC 42001 10.2), so every step is audited as a person's."""
    from forty2.improvement import services as improvement

    email = manager.user.email
    f = improvement.raise_finding(manager, {
        "title": MINOR, "kind": FindingKind.MINOR_NC, "requirement_ref": "A.10.3", "source": "audit",
        "audit": stage2.pk, "owner": email,
        "description": "Two model updates from the radiology supplier went live without the change review the "
                       "supplier procedure asks for.",
        "objective_evidence": "Release notes of two updates; no review record in the change log."})
    Finding.objects.filter(pk=f.pk).update(raised_on=stage2.planned_end)  # raised at the closing meeting
    nc = Nonconformity.objects.get(finding=f)
    nc = improvement.correct(manager, nc, version=nc.version,
                             correction="Both updates reviewed after the fact; no effect found.")
    nc = improvement.analyse(manager, nc, version=nc.version, cause_method="categories", categories=["process"],
                             cause_summary="The procedure did not name who reviews supplier updates that arrive "
                                           "outside the release calendar.", similar_elsewhere=False,
                             similar_note="The other AI suppliers release on the agreed calendar only.")
    improvement.create_action(manager, {
        "nonconformity": nc.pk, "owner": email, "due_on": _ago(-30).isoformat(),
        "description": "Name the reviewer of out-of-cycle supplier updates in the supplier procedure and route "
                       "every update through the change log."})
    improvement.start_actions(manager, nc, version=nc.version)
    Nonconformity.objects.filter(pk=nc.pk).update(corrected_at=_at(stage2.planned_end, 2),
                                                  analysed_at=_at(stage2.planned_end, 10))


def _at(day: dt.date, plus: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=plus), dt.time(10)))


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
