"""Findings, nonconformities and corrective actions, declared once for the records kit (ISO/IEC 42001 9.2.1,
10.2); docs/architecture.md, "Adding a record type".

The steps of a nonconformity (correction, cause analysis, 10.2 b answer, verification, closure) are read-only
here: they are written only by the steps of :data:`forty2.improvement.services.NC_FLOW`, each audited."""

from forty2.records.definition import Field, RecordType

from .models import CorrectiveAction, Finding, Nonconformity

FINDING = RecordType(
    model=Finding, name="finding", label="Finding", default_ordering="-raised_on",
    extra_orderings=("raised_on", "created_at", "updated_at", "id"),
    fields=[
        Field("title", "Title", "What was found, in a line.", required=True, sort=True, search=True),
        Field("kind", "Kind", "A major or minor nonconformity (a requirement not met), an observation or an "
              "opportunity for improvement. A nonconformity opens the 10.2 cycle.", required=True, filter=True,
              sort=True, widget="radio"),
        Field("requirement_ref", "Requirement concerned", "The clause (\"6.1.4\") or Annex A control "
              "(\"A.6.2.6\") not met, as numbered in the catalog.", filter=True, sort=True, search=True),
        Field("description", "Description", "What was found, in the auditor's words.", rows=4, search=True),
        Field("objective_evidence", "Objective evidence", "What was seen that shows it: records, interviews, "
              "observations (9.2.1).", rows=4),
        Field("evidence_ids", "Linked evidence", "Evidence of the organisation that supports the finding.",
              attr="evidence", column="evidence", out="evidence"),
        Field("source", "Source", "Where it came from: an audit, an AI incident, a metric breach, a concern, a "
              "management review, a complaint or something else. The matching link is required.", filter=True,
              sort=True, widget="select"),
        Field("audit", "Audit", "The audit that found it (required when the source is an audit).", filter=True),
        Field("audit_item", "Checklist item", "The audit's checklist item it was found on."),
        Field("incident", "AI incident", "The AI incident it came from (required for that source)."),
        Field("concern", "Concern", "The concern or complaint it came from (required for a concern)."),
        Field("metric", "Metric", "The metric whose breach it came from (required for a metric breach)."),
        Field("source_note", "Source in words", "The management review, complaint or other source (required "
              "for those sources)."),
        Field("ai_system_ids", "AI systems", "The AI systems concerned.", attr="ai_systems", column="ai_systems",
              out="ai_systems"),
        Field("owner", "Owner", "Who sees the finding (and its nonconformity) through."),
        Field("raised_on", "Raised on", sort=True),
        Field("status", "Status", "Open until its nonconformity is closed (or, for an observation or an "
              "opportunity, until it is closed).", read_only=True, filter=True, sort=True),
        Field("raised_by", "Raised by", "Who recorded the finding; they may not verify the effectiveness of its "
              "corrective actions.", read_only=True),
        Field("soa_entry", "SoA entry", "The Statement of Applicability entry of the control concerned.",
              read_only=True),
        Field("closed_at", "Closed", read_only=True),
    ],
    fieldsets=[
        ("The finding", "What was found against which requirement, with the objective evidence (9.2.1, 10.2).",
         ["title", "kind", "requirement_ref", "description", "objective_evidence", "evidence_ids", "ai_system_ids",
          "owner", "raised_on"]),
        ("Source", "Where it came from; the matching link is required.",
         ["source", "audit", "audit_item", "incident", "concern", "metric", "source_note"]),
    ],
    example={"title": "No impact assessment for the radiology triage system", "kind": "major_nc",
             "requirement_ref": "6.1.4", "source": "other", "source_note": "Pre-audit walkthrough"},
)

NONCONFORMITY = RecordType(
    model=Nonconformity, name="nonconformity", label="Nonconformity", plural="Nonconformities",
    default_ordering="-created_at",
    fields=[
        Field("finding", "Finding", "The finding this nonconformity was raised from.", read_only=True),
        Field("severity", "Severity", read_only=True, filter=True, sort=True),
        Field("state", "Step", "Open, corrected, cause analysed, corrective actions under way, awaiting "
              "verification or closed; changed by the steps on its page.", read_only=True, filter=True, sort=True),
        Field("owner", "Owner", "Who takes it through correction, cause analysis and corrective action (10.2)."),
        Field("correction_due", "Correction due", "When the correction (10.2 a) should be made.", sort=True),
        Field("analysis_due", "Cause analysis due", "When the root cause should be analysed (10.2 b).", sort=True),
        Field("verify_interval_days", "Minimum days before verification", "Effectiveness is verified no sooner "
              "than this many days after the last corrective action is done (30 by default).", minimum=0,
              maximum=730),
        Field("verification_due", "Verification due", "When the effectiveness should be verified (set when the "
              "last action is done).", sort=True),
        Field("correction", "Correction", "What was done at once to control and correct it (10.2 a).",
              read_only=True),
        Field("corrected_at", "Corrected", read_only=True),
        Field("cause_method", "Cause analysis method", read_only=True),
        Field("cause_summary", "Root cause", read_only=True),
        Field("analysed_at", "Cause analysed", read_only=True),
        Field("similar_elsewhere", "Similar nonconformities elsewhere?", short="Similar elsewhere",
              help="10.2 b: whether similar nonconformities exist, or could occur, elsewhere.", read_only=True),
        Field("similar_note", "Similar nonconformities: note", read_only=True),
        Field("verify_after", "Verification not before", read_only=True, sort=True),
        Field("verified_by", "Verified by", read_only=True),
        Field("verified_at", "Verified", read_only=True),
        Field("effective", "Effective?", short="Effective", read_only=True),
        Field("verification_note", "Verification of effectiveness", read_only=True),
        Field("closed_at", "Closed", read_only=True),
        Field("reopened_count", "Times reopened", read_only=True),
    ],
    fieldsets=[
        ("Responsibility and due dates", "Who takes it through the cycle, and by when (10.2).",
         ["owner", "correction_due", "analysis_due", "verify_interval_days", "verification_due"]),
    ],
)

CORRECTIVE_ACTION = RecordType(
    model=CorrectiveAction, name="corrective_action", label="Corrective action", default_ordering="due_on",
    extra_orderings=("created_at", "updated_at", "id"),
    fields=[
        Field("description", "Action", "What will be done to remove the cause (10.2 c).", required=True, rows=3,
              search=True),
        Field("nonconformity", "Nonconformity", "The nonconformity whose cause it removes.", required=True,
              filter=True),
        Field("owner", "Owner", "Who does it. They may not verify the nonconformity's effectiveness."),
        Field("due_on", "Due on", sort=True),
        Field("status", "Status", "Open, in progress, done or cancelled; changed by the steps on its page.",
              read_only=True, filter=True, sort=True),
        Field("outcome", "Outcome", "What was done and what it changed (needed to mark it done).", rows=3),
        Field("done_at", "Done", read_only=True),
    ],
    fieldsets=[
        ("The action", "What removes the cause, who does it and by when (10.2 c).",
         ["description", "nonconformity", "owner", "due_on", "outcome"]),
    ],
    example={"description": "Add the impact assessment step to the AI system approval checklist",
             "nonconformity": 1, "due_on": "2026-03-31"},
)
