"""The demo's internal audit (ISO/IEC 42001 9.2.1, 9.2.2). Acme Health has a three-year audit programme written
by its AIMS manager and approved by its owner, and one completed internal audit of the whole AIMS
(:data:`ACME_AUDIT`, which other apps' demos look up by title) with results on every clause and control — mostly
conforming, a major nonconformity on 6.1.4, minor ones on 7.5.3 and A.6.2.6, one opportunity for improvement —
a conclusion and an approved report. Globex has an internal audit in progress with partial results. Dates are
computed from today, so a new demo is always current."""

import datetime as dt

from django.utils import timezone

from forty2.people.models import Person

from . import scope, services
from .models import Audit

ACME_AUDIT = "Internal audit 2026 — full AIMS"
GLOBEX_AUDIT = "Internal audit — operations and monitoring"

ACME_RESULTS = {
    "6.1.4": ("major_nc", "Impact assessments exist for two of the five AI systems in use; the sepsis score and the "
                          "dictation system were put into use without one."),
    "7.5.3": ("minor_nc", "Two superseded procedures were still reachable from the intranet without a mark."),
    "A.6.2.6": ("minor_nc", "The chatbot's monthly monitoring report for September was not reviewed."),
    "9.1": ("ofi", "Metrics are measured; trend charts could be discussed at the governance meeting."),
}


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _person(org, membership, name: str) -> Person:
    found = Person.objects.for_org(org).filter(user=membership.user).first()
    if found is not None:
        return found
    now = timezone.now()
    return Person.objects.create(organization=org, name=name, user=membership.user, created_at=now, updated_at=now)


def _team(manager, audit, person, justification: str) -> None:
    auditor = services.add_auditor(manager, audit, person_id=person.pk, role="lead")
    if auditor.flags:
        services.update_auditor(manager, auditor, {"justification": justification}, version=auditor.version)


def build(org, people) -> None:
    """``people``: the demo members by key (manager, owner, internal_auditor …)."""
    if Audit.objects.for_org(org).exists():
        return  # built on an earlier run
    manager, owner, auditor = people["manager"], people["owner"], people["internal_auditor"]
    year = timezone.localdate().year
    programme = services.create_programme(manager, {
        "title": f"Internal audit programme {year}–{year + 2}", "period_start": f"{year}-01-01",
        "period_end": f"{year + 2}-12-31", "owner": manager.user.email,
        "objectives": "Check every year that the AIMS conforms to ISO/IEC 42001 and to our own policies, and that "
                      "it is effectively implemented, before each certification audit.",
        "frequency": "Every clause and Annex A group at least once a year; clinical AI systems twice a year.",
        "methods": "Interviews, sampling of records and evidence, observation of the AI systems in use.",
        "responsibilities": "The internal auditor plans and leads; the AIMS manager follows up the findings; the "
                            "Chief Digital Officer approves the programme and the reports.",
        "criteria": "ISO/IEC 42001, the AI policy, the Statement of Applicability and the EU AI Act duties.",
        "risk_basis": "High-risk clinical systems (radiology triage, sepsis score) and last year's findings on "
                      "impact assessments come first."})
    programme = services.programme_step(manager, programme, "activate", version=programme.version)
    services.approve_programme(owner, programme, version=programme.version, note="Approved at the AI governance "
                               "group.")
    audit = services.create_audit(manager, {
        "title": ACME_AUDIT, "kind": "internal", "programme": programme.pk, "owner": manager.user.email,
        "scope_clauses": [r for r, _t in scope.clauses()], "scope_controls": [r for r, _t in scope.controls()],
        "objectives": "Whole AIMS before the stage 2 audit.", "criteria": "ISO/IEC 42001; the AI policy; the SoA.",
        "plan": "Day 1: leadership and planning. Day 2: operation and the clinical AI systems. Day 3: evaluation, "
                "improvement and the closing meeting.", "planned_start": _day(-35), "planned_end": _day(-31)})
    _team(manager, audit, _person(org, auditor, "Samuel Osei"),
          "The internal auditor owns no AIMS record; the records he last edited are reviewed by the AIMS manager.")
    audit.refresh_from_db()
    audit = services.audit_step(auditor, audit, "start", version=audit.version)
    for item in audit.items.all():
        result, notes = ACME_RESULTS.get(item.ref, ("conforming", "Records sampled; as required."))
        services.record_result(auditor, item, {"result": result, "notes": notes}, version=item.version)
    audit.refresh_from_db()
    audit = services.audit_step(auditor, audit, "report", version=audit.version)
    audit = services.update_audit(manager, audit, {
        "conclusion": "The AIMS largely conforms and is effectively implemented. One major nonconformity (impact "
                      "assessments missing for two systems in use) must be corrected before certification.",
        "report": "Scope: all clauses 4 to 10 and every Annex A control. 70 items checked: 66 conforming, one "
                  "major nonconformity (6.1.4), two minor (7.5.3, A.6.2.6) and one opportunity for improvement "
                  "(9.1). Findings are followed up as nonconformities with corrective actions (10.2)."},
        version=audit.version)
    services.approve_report(owner, audit, version=audit.version, note="Read at the AI governance group.")
    services.audit_step(auditor, audit, "complete", version=audit.version)


def build_globex(org, people) -> None:
    """Globex: an internal audit in progress, with partial results."""
    if Audit.objects.for_org(org).exists():
        return
    manager = people["manager"]
    audit = services.create_audit(manager, {
        "title": GLOBEX_AUDIT, "kind": "internal", "owner": manager.user.email,
        "scope_clauses": ["8.1", "8.2", "8.3", "9.1"], "scope_controls": ["A.6.2.6", "A.7.4"],
        "planned_start": _day(-2), "planned_end": _day(5),
        "plan": "Interviews with operations; sampling of monitoring records."})
    lead = _person(org, manager, "Lena Schmidt")
    _team(manager, audit, lead, "A small team: the compliance lead audits operations, which she does not run.")
    audit.refresh_from_db()
    audit = services.audit_step(manager, audit, "start", version=audit.version)
    for item in audit.items.filter(ref__in=("8.1", "8.2")):
        services.record_result(manager, item, {"result": "conforming", "notes": "Procedures and records seen."},
                               version=item.version)
