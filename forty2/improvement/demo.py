"""The demo's findings and nonconformities (ISO/IEC 42001 10.2). From Acme Health's completed internal audit
(looked up by its title; without it the findings' source is "other") the internal auditor raised a major
nonconformity on 6.1.4 (no impact assessment for the high-risk radiology triage system), corrected, analysed and
closed after an independent verification of its action; a minor one on 7.5.3, closed after an independent
verification (by the owner, neither the action owner nor the auditor, after the minimum interval, all in the
past); a minor one on A.6.2.6 with its actions under way; an opportunity for improvement and an observation.
Dates are computed from today."""

import datetime as dt

from django.utils import timezone

from . import services
from .models import CorrectiveAction, Finding, Nonconformity

ACME_AUDIT = "Internal audit 2026 — full AIMS"


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _at(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _source(org, ref: str) -> dict:
    from forty2.audits.models import Audit, AuditItem

    audit = Audit.objects.for_org(org).filter(title=ACME_AUDIT).first()
    if audit is None:
        return {"source": "other", "source_note": "Internal audit walkthrough"}
    item = AuditItem.objects.for_org(org).filter(audit=audit, ref=ref).first()
    return {"source": "audit", "audit": audit.pk, **({"audit_item": item.pk} if item else {})}


def _raise(auditor, org, ref, kind, title, evidence, days_ago, **extra) -> Finding:
    finding = services.raise_finding(auditor, {"title": title, "kind": kind, "requirement_ref": ref,
                                               "objective_evidence": evidence, **_source(org, ref), **extra})
    Finding.objects.filter(pk=finding.pk).update(raised_on=_day(-days_ago))
    return finding


def _analyse(manager, nc, **data):
    return services.analyse(manager, nc, version=nc.version, **data)


def build(org, people) -> None:
    """``people``: the demo members by key (manager, owner, internal_auditor, clinical_safety, data_scientist)."""
    if Finding.objects.for_org(org).exists():
        return  # built on an earlier run
    manager, owner, auditor = people["manager"], people["owner"], people["internal_auditor"]
    safety, scientist = people["clinical_safety"], people["data_scientist"]

    # 1. major, 6.1.4: corrected, analysed, its action done and verified effective: closed before the surveillance
    #    audit (a certificate cannot stand with an open major nonconformity)
    major = _raise(auditor, org, "6.1.4", "major_nc", "No impact assessment for the high-risk radiology triage "
                   "system", "The register shows the radiology triage system in use since March with no AI system "
                   "impact assessment; the approval record has no impact step.", 60,
                   owner=manager.user.email)
    nc = Nonconformity.objects.get(finding=major)
    nc = services.correct(manager, nc, version=nc.version, correction="Use of the triage ranking for outpatient "
                          "scans paused; an impact assessment was started with the clinical safety officer.")
    nc = _analyse(manager, nc, cause_method="five_whys", whys=[
        "The system was approved without an impact assessment.",
        "The approval checklist has no impact assessment step.",
        "The checklist was written before the AIMS and never reviewed against 6.1.4."],
        cause_summary="The AI system approval checklist predates the AIMS and does not ask for an impact "
                      "assessment.", similar_elsewhere=True,
        similar_note="The sepsis score was approved with the same checklist; it is added to the action.")
    action = services.create_action(manager, {
        "description": "Add the impact assessment step to the AI system approval checklist and complete the "
                       "assessments of the radiology triage and sepsis systems.", "nonconformity": nc.pk,
        "owner": safety.user.email, "due_on": _day(-40).isoformat()})
    nc = services.start_actions(manager, nc, version=nc.version)
    services.action_step(safety, action, "done", version=action.version, outcome="Checklist step added; the "
                         "radiology triage and sepsis impact assessments completed and approved.")
    CorrectiveAction.objects.filter(pk=action.pk).update(done_at=_at(-45))
    nc.refresh_from_db()
    nc = services.submit_for_verification(manager, nc, version=nc.version)
    Nonconformity.objects.filter(pk=nc.pk).update(verify_after=_day(-8), verification_due=_day(20))
    nc.refresh_from_db()
    services.verify(owner, nc, version=nc.version, effective=True, note="Two systems approved since went through "
                    "the new checklist step with an approved impact assessment; both triage and sepsis assessments "
                    "are approved and current.")
    Nonconformity.objects.filter(pk=nc.pk).update(corrected_at=_at(-58), analysed_at=_at(-55), verified_at=_at(-7),
                                                  closed_at=_at(-7))
    Finding.objects.filter(pk=major.pk).update(closed_at=_at(-7))

    # 2. minor, 7.5.3: closed after an independent verification, every date in the past
    minor = _raise(auditor, org, "7.5.3", "minor_nc", "Superseded procedures still reachable without a mark",
                   "Two superseded procedures were linked from the intranet without a 'superseded' mark.", 45,
                   owner=manager.user.email)
    nc2 = Nonconformity.objects.get(finding=minor)
    nc2 = services.correct(manager, nc2, version=nc2.version, correction="Both links removed the same day.")
    nc2 = _analyse(manager, nc2, cause_method="categories", categories=["process", "technology_model"],
                   cause_summary="Publishing a new version did not retire the old link.", similar_elsewhere=False,
                   similar_note="All 38 controlled documents checked: no other superseded link.")
    fix = services.create_action(manager, {
        "description": "Publish documents only through the document register, which retires old links.",
        "nonconformity": nc2.pk, "owner": safety.user.email, "due_on": _day(-38).isoformat()})
    nc2 = services.start_actions(manager, nc2, version=nc2.version)
    services.action_step(safety, fix, "done", version=fix.version, outcome="Intranet links now point at the "
                         "register's current version; the two old pages were deleted.")
    CorrectiveAction.objects.filter(pk=fix.pk).update(done_at=_at(-40))
    nc2.refresh_from_db()
    nc2 = services.submit_for_verification(manager, nc2, version=nc2.version)
    Nonconformity.objects.filter(pk=nc2.pk).update(verify_after=_day(-10), verification_due=_day(20))
    nc2.refresh_from_db()
    services.verify(owner, nc2, version=nc2.version, effective=True, note="Sampled five documents revised since: "
                    "every old link was retired and the intranet shows only current versions.")
    Nonconformity.objects.filter(pk=nc2.pk).update(corrected_at=_at(-44), analysed_at=_at(-43), verified_at=_at(-5),
                                                   closed_at=_at(-5))
    Finding.objects.filter(pk=minor.pk).update(closed_at=_at(-5))

    # 3. minor, A.6.2.6: corrective actions under way
    third = _raise(auditor, org, "A.6.2.6", "minor_nc", "Chatbot monitoring report not reviewed",
                   "The appointment chatbot's monthly monitoring report for September has no reviewer.", 30,
                   owner=manager.user.email)
    nc3 = Nonconformity.objects.get(finding=third)
    nc3 = services.correct(manager, nc3, version=nc3.version, correction="The September report was reviewed.")
    nc3 = _analyse(manager, nc3, cause_method="categories", categories=["people", "governance"],
                   cause_summary="The reviewer left and nobody was named in their place.", similar_elsewhere=True,
                   similar_note="The sepsis score's report has the same single reviewer.")
    for text, who, due in (("Name a deputy reviewer for every monitoring report.", scientist, 10),
                           ("Add an overdue-review alert to the monitoring dashboard.", scientist, 25)):
        services.create_action(manager, {"description": text, "nonconformity": nc3.pk, "owner": who.user.email,
                                         "due_on": _day(due).isoformat()})
    nc3 = services.start_actions(manager, nc3, version=nc3.version)

    # 4. an opportunity for improvement and an observation
    _raise(auditor, org, "9.1", "ofi", "Discuss metric trends at the governance meeting",
           "Metrics are measured monthly; their trends are not yet discussed.", 30)
    _raise(auditor, org, "7.4", "observation", "Patient communication relies on one leaflet",
           "The AI leaflet is the only patient-facing communication; it is current.", 30)
