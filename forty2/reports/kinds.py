"""The registry of report kinds (ISO/IEC 42001 7.5 documented information, 9.1, 9.3): what each report is, the
clause or control it serves, and how its data is collected for one organisation.

A kind's ``collect(org, obj_id)`` returns a :class:`Report` — plain sections of paragraphs, tables and charts —
in a fixed number of queries, through the apps' own queries; the three renderers (``render.py``) only lay it
out. Other kinds are added with :func:`register` (a later app may register from its ``AppConfig.ready()``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from forty2.core.errors import InvalidInput, field_error


@dataclass
class Table:
    """One table: a sheet of the XLSX, a real table in DOCX and PDF. ``widths`` are in characters."""

    name: str
    columns: list[str]
    rows: list[list]
    widths: list[int] = field(default_factory=list)


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    #: "heatmap" ({"title", "cells": {(likelihood, consequence): n}, "size"}) or "bars" ([(label, percent)])
    chart: str = ""
    chart_data: object = None


@dataclass
class Approval:
    """Who approved the content a report shows, when, and the SHA-256 of what was approved (where kept)."""

    by: str
    at: dt.datetime | None
    content_hash: str = ""
    note: str = ""
    stale: bool = False


@dataclass
class Report:
    kind: str
    title: str
    serves: str
    org: object
    version: str = ""
    approval: Approval | None = None
    sections: list[Section] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def tables(self) -> list[Table]:
        return [s.table for s in self.sections if s.table is not None]


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str
    serves: str  # the clause or control numbers it serves
    collect: Callable[[object, int | None], Report]
    needs_id: bool = False  # one record (an audit, a review): ?id=N / --id N
    order: int = 100


KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> None:
    """Add a kind (or replace one of the same key, from the same module)."""
    KINDS[kind.key] = kind


def get(key: str) -> ReportKind:
    """The kind ``key``, or 422 naming it and the kinds there are."""
    found = KINDS.get(key)
    if found is None:
        raise InvalidInput([field_error("kind", f"Unknown report kind '{key}'; use one of: "
                                                f"{', '.join(k.key for k in listed())}.", "enum", "path")])
    return found


def listed() -> list[ReportKind]:
    return sorted(KINDS.values(), key=lambda k: (k.order, k.key))


def _who(user) -> str:
    return user.email if user is not None else "—"


def _date(value) -> str:
    return value.isoformat() if value else ""


def _yes_no(value) -> str:
    return {True: "Yes", False: "No"}.get(value, "Undecided")


# --- Statement of Applicability (6.1.3 f) ------------------------------------------------------------------------

def soa(org, _obj_id=None) -> Report:
    """The SoA: every control, applicable or not with its justification, status and owner; the last approval."""
    from forty2.controls import queries, services
    from forty2.controls.models import SoAVersion

    entries = queries.attach(org, list(queries.entries(org)))
    state = services.approval_state(org)
    last = SoAVersion.objects.for_org(org).select_related("approved_by").first()
    report = Report("soa", "Statement of Applicability", "6.1.3 f", org)
    if last is not None:
        report.version = f"Approved version {last.number}" + (" (changed since approval)" if state.stale else "")
        report.approval = Approval(_who(last.approved_by), last.approved_at, last.content_hash, last.note,
                                   state.stale)
    else:
        report.version = "Not yet approved (current working version)"
    applicable = sum(1 for e in entries if e.applicable)
    excluded = sum(1 for e in entries if e.applicable is False)
    rows = [[e.ref, e.title, _yes_no(e.applicable), e.justification, e.get_status_display(),
             e.owner.email if e.owner_id else "", e.implementation, _date(e.last_reviewed),
             "; ".join(link["name"] for link in e.links), e.evidence_count] for e in entries]
    report.sections.append(Section(
        "Controls",
        [f"{len(entries)} controls: {applicable} applicable, {excluded} excluded, "
         f"{len(entries) - applicable - excluded} undecided."],
        Table("Statement of Applicability",
              ["Control", "Title", "Applicable", "Justification", "Status", "Owner", "Implementation",
               "Last reviewed", "Justified by", "Evidence"],
              rows, [9, 24, 10, 34, 18, 30, 30, 14, 22, 8])))
    return report


# --- risk register and treatment plan (6.1.2, 6.1.3, 8.2, 8.3) ----------------------------------------------------

def risks(org, _obj_id=None) -> Report:
    """The register (inherent and residual levels, treatment, status) and the treatment plan (actions per risk),
    with the heat map of residual risk."""
    from forty2.risk import queries
    from forty2.risk.models import MethodologyStatus, RiskMethodology, TreatmentAction

    items = queries.attach_systems(list(queries.risks(org, strict=False).order_by("title", "id")))
    # read only: the methodology in force, never the default one a first risk would create
    method = (RiskMethodology.objects.for_org(org).filter(status=MethodologyStatus.APPROVED)
              .select_related("approved_by").only("number", "name", "approved_at", "approved_by__email").first())
    report = Report("risks", "Risk register and risk treatment plan", "6.1.2, 6.1.3, 8.2, 8.3", org)
    report.version = (f"Register as of {timezone.localdate().isoformat()} under risk methodology version "
                      f"{method.number} ({method.name}); the approval shown is the methodology's" if method
                      else "No approved risk methodology yet")
    if method and method.approved_at:
        report.approval = Approval(_who(method.approved_by), method.approved_at)  # the methodology's approval
    rows = []
    cells: dict = {}
    for r in items:
        rows.append([r.pk, r.title, ", ".join(s["name"] for s in r.links["ai_systems"]),
                     r.owner.email if r.owner_id else "",
                     f"{r.inherent_likelihood}×{r.inherent_consequence}" if r.inherent_likelihood else "",
                     r.get_inherent_level_display(), r.get_treatment_option_display(), ", ".join(r.controls or []),
                     f"{r.residual_likelihood}×{r.residual_consequence}" if r.residual_likelihood else "",
                     r.get_residual_level_display(), r.get_status_display(),
                     {"accepted": "Accepted", "stale": "Acceptance stale"}.get(r.acceptance, ""),
                     _date(r.next_review)])
        likelihood, consequence = (r.residual_likelihood or r.inherent_likelihood,
                                   r.residual_consequence or r.inherent_consequence)
        if likelihood and consequence:
            key = (int(likelihood), int(consequence))
            cells[key] = cells.get(key, 0) + 1
    levels: dict[str, int] = {}
    for r in items:
        level = r.get_residual_level_display() or r.get_inherent_level_display() or "Not scored"
        levels[level] = levels.get(level, 0) + 1
    report.sections.append(Section(
        "Risk register",
        [f"{len(items)} risks. By current level: " + (", ".join(f"{k} {v}" for k, v in levels.items()) or "none")
         + "."],
        Table("Risk register", ["ID", "Risk", "AI systems", "Owner", "Inherent L×C", "Inherent level", "Treatment",
                                "Annex A controls", "Residual L×C", "Residual level", "Status", "Acceptance",
                                "Next review"], rows, [5, 30, 24, 26, 10, 12, 20, 18, 10, 12, 14, 14, 16]),
        chart="heatmap", chart_data={"title": "Current risk (residual where assessed, otherwise inherent)",
                                     "cells": cells, "size": 5}))
    actions = (TreatmentAction.objects.for_org(org).select_related("risk", "owner")
               .order_by("risk__title", "due_date", "id"))
    plan = [[a.risk.title, a.risk.get_treatment_option_display(), a.title, a.owner.email if a.owner_id else "",
             _date(a.due_date), a.get_status_display()] for a in actions]
    plans = [[r.title, r.get_treatment_option_display(), r.treatment_plan] for r in items if r.treatment_plan]
    report.sections.append(Section(
        "Risk treatment plan", [f"{len(plan)} treatment actions; {len(plans)} risks with a written plan."],
        Table("Treatment actions", ["Risk", "Option", "Action", "Owner", "Due", "Status"], plan,
              [36, 22, 40, 24, 12, 12])))
    report.sections.append(Section("Treatment plans", [], Table("Treatment plans", ["Risk", "Option", "Plan"], plans,
                                                                [36, 22, 80])))
    return report


# --- readiness and the stage-1 list (gap assessment; 9.1, 9.2, certification) -------------------------------------

STAGE1_WORDS = {"done": "Done", "needs_review": "Needs review", "conflict": "Conflict", "missing": "Missing"}


def readiness(org, _obj_id=None) -> Report:
    """Readiness by clause and control group, the stage-1 list and the blockers (the gap assessment)."""
    from forty2.controls import readiness as ready

    r = ready.compute(org)
    report = Report("readiness", "Gap assessment: readiness and the stage 1 list", "4–10, 9.1", org)
    report.version = f"Readiness {r['score']}% on {timezone.localdate().isoformat()}"
    bars = [(g["ref"], g["score"]) for g in r["groups"]]
    report.sections.append(Section(
        "Readiness by clause and control group", [f"Overall readiness: {r['score']}%."],
        Table("Readiness", ["Clause or group", "Title", "Score %", "Items"],
              [[g["ref"], g["title"], g["score"], g["items"]] for g in r["groups"]], [14, 50, 10, 8]),
        chart="bars", chart_data=bars))
    report.sections.append(Section(
        "Stage 1 list", [],
        Table("Stage 1", ["Item", "Clauses", "State", "Detail"],
              [[i["title"], ", ".join(i["clauses"]), STAGE1_WORDS.get(i["state"], i["state"]), i["detail"]]
               for i in r["stage1"]], [40, 20, 10, 60])))
    report.sections.append(Section(
        "Blockers", [f"{len(r['blockers'])} blockers."],
        Table("Blockers", ["Ref", "Blocker"], [[b["ref"], b["message"]] for b in r["blockers"]], [14, 100])))
    return report


# --- AI system register with EU AI Act tiers (A.4, A.5, 4.1) ------------------------------------------------------

def ai_systems(org, _obj_id=None) -> Report:
    """Every AI system (archived ones left out) with its owners, stage, scope and EU AI Act tier and sign-off."""
    from forty2.aiact.models import AIActClassification
    from forty2.inventory.models import AISystem

    systems = list(AISystem.objects.for_org(org).filter(archived_at__isnull=True)
                   .select_related("business_owner", "technical_owner", "approved_by").order_by("name", "id"))
    current = {c.ai_system_id: c for c in AIActClassification.objects.filter(
        organization=org, is_current=True).select_related("signed_off_by")}
    report = Report("ai-systems", "AI system register with EU AI Act tiers", "4.1, A.4, A.5", org)
    report.version = f"Register on {timezone.localdate().isoformat()}"
    tiers: dict[str, int] = {}
    rows = []
    for s in systems:
        c = current.get(s.pk)
        tier = (s.ai_act_tier or "not classified").replace("_", " ")
        tiers[tier] = tiers.get(tier, 0) + 1
        rows.append([s.pk, s.name, s.get_status_display(), s.get_lifecycle_stage_display(),
                     "Yes" if s.in_scope else "No", s.business_owner.email if s.business_owner_id else "",
                     s.technical_owner.email if s.technical_owner_id else "", s.get_criticality_display(),
                     s.get_personal_data_display(), tier,
                     (f"{_who(c.signed_off_by)} {c.signed_off_at:%Y-%m-%d}" if c and c.signed_off_at else ""),
                     f"{_who(s.approved_by) if s.approved_by_id else ''}"])
    report.sections.append(Section(
        "AI systems",
        [f"{len(systems)} AI systems. EU AI Act tiers: " + (", ".join(f"{k} {v}" for k, v in sorted(tiers.items()))
                                                             or "none") + "."],
        Table("AI systems", ["ID", "Name", "Status", "Lifecycle stage", "In scope", "Business owner",
                             "Technical owner", "Criticality", "Personal data", "EU AI Act tier",
                             "Classification signed off", "Approved by"],
              rows, [6, 34, 14, 16, 8, 24, 24, 12, 18, 16, 26, 24])))
    return report



def _approval_of(state) -> Approval | None:
    """A records-kit approval state as the report's approval block."""
    a = state.approval
    if a is None:
        return None
    return Approval(_who(a.approved_by), a.approved_at, a.content_hash, a.note, state.stale)


def _one(model, org, obj_id, noun: str):
    found = model.objects.for_org(org).filter(pk=obj_id).first() if obj_id else None
    if found is None:
        raise InvalidInput([field_error("id", f"No {noun} {obj_id} in this organisation.", "not_found", "query")])
    return found


# --- nonconformity and corrective-action log (10.2) ----------------------------------------------------------------

def nonconformities(org, _obj_id=None) -> Report:
    """Every nonconformity with its correction, cause, actions, verification and closure, and the actions."""
    from forty2.improvement.models import CorrectiveAction, Nonconformity

    ncs = list(Nonconformity.objects.for_org(org).select_related("finding", "owner", "verified_by")
               .order_by("finding__raised_on", "id"))
    report = Report("nonconformities", "Nonconformity and corrective-action log", "10.2", org)
    report.version = f"Log on {timezone.localdate().isoformat()}"
    open_count = sum(1 for n in ncs if n.state != "closed")
    report.sections.append(Section(
        "Nonconformities", [f"{len(ncs)} nonconformities, {open_count} not closed."],
        Table("Nonconformities", ["ID", "Raised", "Title", "Requirement", "Source", "Severity", "State", "Owner",
                                  "Correction", "Root cause", "Effective", "Closed"],
              [[n.pk, _date(n.finding.raised_on), n.finding.title, n.finding.requirement_ref,
                n.finding.get_source_display(), n.get_severity_display(), n.get_state_display(),
                n.owner.email if n.owner_id else "", n.correction, n.cause_summary,
                {True: "Yes", False: "No"}.get(n.effective, ""), _date(n.closed_at.date() if n.closed_at else None)]
               for n in ncs], [6, 11, 36, 12, 14, 12, 18, 24, 36, 36, 9, 11])))
    actions = (CorrectiveAction.objects.for_org(org).select_related("nonconformity__finding", "owner")
               .order_by("nonconformity_id", "due_on", "id"))
    report.sections.append(Section(
        "Corrective actions", [],
        Table("Corrective actions", ["Nonconformity", "Action", "Owner", "Due", "Status"],
              [[f"{a.nonconformity_id} {a.nonconformity.finding.title}", a.description,
                a.owner.email if a.owner_id else "", _date(a.due_on), a.get_status_display()] for a in actions],
              [36, 50, 24, 11, 12])))
    return report


# --- internal audit report, one audit (9.2.2) ----------------------------------------------------------------------

def audit_report(org, obj_id=None) -> Report:
    """One audit: scope, criteria, auditors, the checklist with results and objective evidence, the findings, the
    conclusion and the report's approval."""
    from forty2.audits import services as audit_services
    from forty2.audits.models import Audit, AuditItem, Auditor
    from forty2.improvement.models import Finding

    audit = _one(Audit, org, obj_id, "audit")
    report = Report("audit", f"Internal audit report: {audit.title}", "9.2.2", org)
    report.version = f"{audit.get_status_display()}; record version {audit.version}"
    report.approval = _approval_of(audit_services.report_approval(audit))
    auditors = Auditor.objects.for_org(org).filter(audit=audit).select_related("person").order_by("role", "id")
    report.sections.append(Section("Audit", [
        f"Kind: {audit.get_kind_display()}. Planned {_date(audit.planned_start)} to {_date(audit.planned_end)}.",
        f"Objectives: {audit.objectives or '—'}", f"Criteria: {audit.criteria or '—'}",
        f"Scope: clauses {', '.join(audit.scope_clauses) or '—'}; controls {', '.join(audit.scope_controls) or '—'}.",
        "Auditors: " + (", ".join(f"{a.person} ({a.get_role_display()})" for a in auditors) or "—") + "."]))
    items = AuditItem.objects.for_org(org).filter(audit=audit).select_related("checked_by").order_by("position",
                                                                                                  "ref")
    report.sections.append(Section("Checklist", [], Table(
        "Checklist", ["Ref", "Title", "Result", "Objective evidence seen", "Checked by", "Checked"],
        [[i.ref, i.title, i.get_result_display(), i.notes, i.checked_by.email if i.checked_by_id else "",
          _date(i.checked_at.date() if i.checked_at else None)] for i in items], [10, 36, 14, 60, 24, 11])))
    findings = Finding.objects.for_org(org).filter(audit=audit).select_related("owner").order_by("raised_on", "id")
    report.sections.append(Section("Findings", [], Table(
        "Findings", ["ID", "Kind", "Title", "Requirement", "Objective evidence", "Status", "Owner"],
        [[f.pk, f.get_kind_display(), f.title, f.requirement_ref, f.objective_evidence, f.get_status_display(),
          f.owner.email if f.owner_id else ""] for f in findings], [6, 14, 36, 12, 50, 10, 24])))
    report.sections.append(Section("Conclusion and report", [audit.conclusion or "No conclusion recorded.",
                                                             *([audit.report] if audit.report else [])]))
    return report


# --- management review minutes with the frozen input pack (9.3) -----------------------------------------------------

def _flatten(value, path: str, rows: list) -> None:
    """The pack's nested inputs as (input, value) rows: one row per scalar or list item."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{path}.{key}" if path else str(key), rows)
    elif isinstance(value, list):
        if not value:
            rows.append([path, "none"])
        for i, item in enumerate(value, start=1):
            if isinstance(item, dict):
                rows.append([f"{path} [{i}]", "; ".join(f"{k}: {v}" for k, v in item.items()
                                                        if not isinstance(v, dict | list))])
            else:
                rows.append([f"{path} [{i}]", str(item)])
    else:
        rows.append([path, "" if value is None else str(value)])


def review_minutes(org, obj_id=None) -> Report:
    """One management review: attendance, minutes, decisions, actions, the approval of its outputs, and the input
    pack as frozen when it was held (with its SHA-256), or a preview of the live pack before then."""
    from forty2.review import services as review_services
    from forty2.review.models import ManagementReview, ReviewAction, ReviewAttendee

    review = _one(ManagementReview, org, obj_id, "management review")
    attendees = list(ReviewAttendee.objects.for_org(org).filter(review=review).select_related("person")
                     .order_by("id"))
    actions = list(ReviewAction.objects.for_org(org).filter(review=review).select_related("owner").order_by("id"))
    report = Report("review", f"Management review minutes: {review.title}", "9.3", org)
    report.version = f"{review.get_status_display()}; held {_date(review.held_on) or 'not yet'}"
    state = review_services.approvals.state(review_services.REVIEW.name, review,
                                            review_services.outputs_of(review, attendees, actions),
                                            kind=review_services.OUTPUTS)
    report.approval = _approval_of(state)
    report.sections.append(Section("Attendance", [f"Chair: {_who(review.chair)}."], Table(
        "Attendance", ["Person", "Role", "Top management", "Attended"],
        [[str(a.person), a.role, "Yes" if a.top_management else "No", _yes_no(a.attended)] for a in attendees],
        [30, 30, 14, 12])))
    report.sections.append(Section("Minutes and decisions", [
        review.minutes or "No minutes recorded.", f"Decisions on improvement: {review.improvement_decisions or '—'}",
        f"Decisions on changes to the AIMS: {review.change_decisions or '—'}"]))
    report.sections.append(Section("Actions", [], Table(
        "Actions", ["Kind", "Action", "Owner", "Due", "Status"],
        [[a.get_kind_display(), a.description, a.owner.email if a.owner_id else "", _date(a.due_on),
          a.get_status_display()] for a in actions], [14, 60, 24, 11, 12])))
    pack, frozen = review_services.shown_pack(review)
    rows: list = []
    _flatten({k: v for k, v in pack.items() if k not in {"format", "inputs"}}, "", rows)
    words = (f"Frozen on {review.pack_frozen_at:%Y-%m-%d %H:%M} UTC; SHA-256 {review.pack_hash}." if frozen
             else "Not frozen yet: a preview of the live pack as of today.")
    report.sections.append(Section("Input pack (9.3.2)", [words], Table("Input pack", ["Input", "Value"], rows,
                                                                        [50, 90])))
    return report


# --- certification status ------------------------------------------------------------------------------------------

def certification(org, _obj_id=None) -> Report:
    """The certification: phase, certificate, the audit cycle with due dates, carried-over findings, blockers."""
    from forty2.certification import status
    from forty2.certification.models import Certification

    cert = Certification.objects.for_org(org).first()
    report = Report("certification", "Certification status", "9.2, 9.3, 10.2", org)
    report.version = f"Status on {timezone.localdate().isoformat()}"
    if cert is None:
        report.sections.append(Section("Certification", ["No certification recorded yet: planning."]))
        return report
    d = status.detail(org, cert)
    report.sections.append(Section("Certification", [
        f"Phase: {str(d['phase']).replace('_', ' ')}.",
        f"Certification body: {cert.certification_body or '—'}. Certificate: {cert.certificate_number or '—'}, "
        f"issued {_date(cert.issued_on) or '—'}, expires {_date(cert.expires_on) or '—'}.",
        *([f"Blocking a decision: {b}" for b in d["decision_blockers"]] if d["decision_blockers"] else [])]))
    report.sections.append(Section("Audit cycle", [], Table(
        "Audit cycle", ["Audit", "Kind", "Due", "Done on", "Days left"],
        [[i["label"], i["kind"], _date(i["due"]), _date(i["done_on"]), i["days_left"]] for i in d["schedule"]],
        [40, 16, 11, 11, 10])))
    report.sections.append(Section("Findings carried over", [], Table(
        "Carried over", ["ID", "Finding", "Kind", "Audit", "State", "Action plan"],
        [[f["id"], f["title"], f["kind"], f["audit"], f["state"], "Yes" if f["action_plan"] else "No"]
         for f in d["carried_over"]], [6, 40, 12, 30, 14, 10])))
    return report

register(ReportKind("soa", "Statement of Applicability", "6.1.3 f", soa, order=10))
register(ReportKind("risks", "Risk register and risk treatment plan", "6.1.2, 6.1.3, 8.2, 8.3", risks, order=20))
register(ReportKind("readiness", "Gap assessment: readiness and the stage 1 list", "4–10, 9.1", readiness,
                    order=30))
register(ReportKind("ai-systems", "AI system register with EU AI Act tiers", "4.1, A.4, A.5", ai_systems,
                    order=40))
register(ReportKind("nonconformities", "Nonconformity and corrective-action log", "10.2", nonconformities,
                    order=50))
register(ReportKind("audit", "Internal audit report (one audit)", "9.2.2", audit_report, needs_id=True, order=60))
register(ReportKind("review", "Management review minutes with the frozen input pack (one review)", "9.3",
                    review_minutes, needs_id=True, order=70))
register(ReportKind("certification", "Certification status", "9.2, 9.3, 10.2", certification, order=80))
