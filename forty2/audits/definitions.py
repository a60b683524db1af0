"""The audit programme and audits, declared once for the records kit (ISO/IEC 42001 9.2.1, 9.2.2);
docs/architecture.md, "Adding a record type". States change only through the workflows of
:mod:`forty2.audits.services`."""

from forty2.records.definition import Choices, Field, RecordType

from . import scope
from .models import Audit, AuditProgramme

CLAUSE_CHOICES = Choices([(ref, f"{ref} {title}") for ref, title in scope.clauses()])
CONTROL_CHOICES = Choices([(ref, f"{ref} {title}") for ref, title in scope.controls()])

AUDIT_PROGRAMME = RecordType(
    model=AuditProgramme, name="audit_programme", label="Audit programme", default_ordering="-period_start",
    unique=("title",), archivable=True,
    fields=[
        Field("title", "Title", "The programme in a line, e.g. “Internal audit programme 2026–2028”.",
              required=True, sort=True, search=True),
        Field("period_start", "Period starts", "The first day the programme covers (9.2.2).", required=True,
              sort=True),
        Field("period_end", "Period ends", "The last day it covers; usually the three-year certification cycle.",
              required=True, sort=True),
        Field("status", "Status", "Draft, active or closed; changed by the steps on the programme's page.",
              read_only=True, filter=True, sort=True),
        Field("objectives", "Objectives", "What the programme is for (9.2.2).", rows=3, search=True),
        Field("frequency", "Frequency", "How often each part of the AIMS is audited.", rows=2),
        Field("methods", "Methods", "Interviews, sampling of records, observation, remote or on site.", rows=2),
        Field("responsibilities", "Responsibilities", "Who plans, leads and reports the audits.", rows=2),
        Field("criteria", "Audit criteria", "What audits are judged against: the standard, policies, the SoA.",
              rows=2),
        Field("risk_basis", "Importance and previous results", "How the importance of the processes and earlier "
              "audit results shaped the programme (9.2.2).", short="Risk basis", rows=3),
        Field("owner", "Owner", "Who manages the programme."),
    ],
    fieldsets=[
        ("The programme", "Period and purpose (9.2.2).", ["title", "period_start", "period_end", "objectives",
                                                          "owner"]),
        ("How audits are run", "Frequency, methods, responsibilities and criteria, chosen in view of importance "
         "and previous results (9.2.2).", ["frequency", "methods", "responsibilities", "criteria", "risk_basis"]),
    ],
    example={"title": "Internal audit programme 2026–2028", "period_start": "2026-01-01",
             "period_end": "2028-12-31"},
)

AUDIT = RecordType(
    model=Audit, name="audit", label="Audit", default_ordering="-planned_start", unique=("title",),
    archivable=True,
    fields=[
        Field("title", "Title", "The audit in a line.", required=True, sort=True, search=True),
        Field("kind", "Kind", "Internal, supplier, or one of the certification body's audits (certification "
              "audits do not count as internal audits for 9.2).", filter=True, sort=True),
        Field("programme", "Audit programme", "The programme it belongs to (9.2.2).", filter=True),
        Field("status", "Status", "Planned, in progress, reporting, completed or cancelled; changed by the steps on "
              "the audit's page.", read_only=True, filter=True, sort=True),
        Field("scope_clauses", "Clauses in scope", "The clauses this audit checks.", choices=CLAUSE_CHOICES,
              widget="checkboxes", short="Clauses"),
        Field("scope_controls", "Annex A controls in scope", "The Annex A controls this audit checks.",
              choices=CONTROL_CHOICES, widget="checkboxes", short="Controls"),
        Field("ai_system_ids", "AI systems in scope", attr="ai_systems", column="ai_systems", out="ai_systems"),
        Field("unit_ids", "Units in scope", "The departments audited.", attr="units", column="units", out="units"),
        Field("supplier", "Supplier", "For a supplier audit."),
        Field("certification_body", "Certification body", "For a certification audit."),
        Field("objectives", "Objectives", rows=3, search=True),
        Field("criteria", "Audit criteria", rows=2),
        Field("plan", "Audit plan", "Who is interviewed when, which sites, which records are sampled.", rows=5),
        Field("planned_start", "Starts on", sort=True),
        Field("planned_end", "Ends on", sort=True),
        Field("opening_meeting_at", "Opening meeting", "Recorded when the audit starts.", read_only=True),
        Field("closing_meeting_at", "Closing meeting", "Recorded when the audit moves to reporting.",
              read_only=True),
        Field("conclusion", "Audit conclusion", "The auditors' conclusion; needed to complete the audit (9.2.1).",
              rows=4),
        Field("report", "Audit report", "What management reads; approved through the report's approval (9.2.2).",
              rows=8),
        Field("owner", "Owner", "Who is responsible for the audit (usually the lead auditor or the programme "
              "owner)."),
        Field("completed_at", "Completed", read_only=True),
    ],
    fieldsets=[
        ("The audit", "What kind of audit, within which programme (9.2.1).",
         ["title", "kind", "programme", "owner", "supplier", "certification_body"]),
        ("Scope", "Clauses, Annex A controls, AI systems and units the audit covers.",
         ["scope_clauses", "scope_controls", "ai_system_ids", "unit_ids"]),
        ("Plan", "Objectives, criteria, plan and dates.",
         ["objectives", "criteria", "plan", "planned_start", "planned_end"]),
        ("Results", "The conclusion and the report (approved on the audit's page).", ["conclusion", "report"]),
    ],
    example={"title": "Internal audit 2026 — operations", "kind": "internal", "scope_clauses": ["8.1", "9.1"],
             "planned_start": "2026-03-02", "planned_end": "2026-03-04"},
)
