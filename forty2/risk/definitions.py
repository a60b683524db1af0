"""The risk app's record types, declared once (ISO/IEC 42001 6.1.2, 6.1.3, 6.1.4, 8.2–8.4, A.5).

Validation, audit snapshots, API schemas, forms, filters and CSV/XLSX columns come from these declarations
through :mod:`forty2.records`. Levels and scores the methodology decides are checked by the services' rules
(:mod:`forty2.risk.services`), since the allowed scale depends on the methodology version.
"""

from forty2.records.definition import Field, RecordType

from .annex import AnnexAControl, Objective, RiskSource
from .models import Impact, ImpactAssessment, Risk, RiskAssessmentRun, RiskMethodology, TreatmentAction

SCORE_HELP = "1 is the lowest; the methodology's scale says what each number means (6.1.2)."


def _risk_links(risk) -> dict:
    """The risk's AI systems in one query (the write path's snapshot of its links)."""
    return {"ai_system_ids": sorted(risk.ai_systems.values_list("pk", flat=True))}


RISK = RecordType(
    model=Risk, name="risk", label="risk", default_ordering="title", plural="risks", load_links=_risk_links,
    fields=[
        Field("title", "Title", "A short name for the risk, e.g. 'Model drift after a change in lab equipment'.",
              required=True, sort=True, search=True),
        Field("description", "Description", "What could happen, to whom, and why (6.1.2).", rows=4, search=True),
        Field("ai_system_ids", "AI systems", "The AI systems the risk concerns.", attr="ai_systems",
              column="ai_systems", out="ai_systems"),
        Field("sources", "Risk sources", "Where the risk comes from (Annex C.3).", choices=RiskSource,
              filter=True, filter_name="source"),
        Field("objectives", "Objectives affected", "The organisation's AI objectives it threatens (Annex C.2).",
              choices=Objective, filter=True, filter_name="objective"),
        Field("lifecycle_stage", "Life cycle stage", "Where in the AI system life cycle the risk arises (A.6.2).",
              filter=True),
        Field("owner", "Risk owner", "The person accountable for treating the risk and accepting what is left "
              "(6.1.3).", sort=False),
        Field("inherent_likelihood", "Inherent likelihood", SCORE_HELP, widget="inline", filter=True),
        Field("inherent_consequence", "Inherent consequence", SCORE_HELP + " Consider the organisation, "
              "individuals and groups, and society.", widget="inline", filter=True),
        Field("treatment_option", "Treatment option", "Modify, avoid, share or retain the risk (6.1.3).",
              filter=True, widget="radio"),
        Field("treatment_plan", "Treatment plan", "How the risk is treated; list the actions below (6.1.3).",
              rows=4),
        Field("controls", "Annex A controls", "The Annex A controls that treat the risk (6.1.3 b, c).",
              choices=AnnexAControl, column_help="Control numbers, e.g. A.6.2.6; A.7.4."),
        Field("own_controls", "Other controls", "Controls of your own or from other frameworks (6.1.3).", rows=2),
        Field("residual_likelihood", "Residual likelihood", SCORE_HELP + " After treatment.", widget="inline",
              filter=True),
        Field("residual_consequence", "Residual consequence", SCORE_HELP + " After treatment.", widget="inline",
              filter=True),
        Field("status", "Status", "Where the risk is in its treatment.", filter=True, sort=True,
              keep_when_blank=True),
        Field("next_review", "Next review", "When the risk is to be reviewed; blank takes the methodology's "
              "interval (8.2).", sort=True),
        Field("inherent_level", "Inherent level", "From the methodology's matrix.", read_only=True, filter=True,
              sort=True),
        Field("residual_level", "Residual level", "From the methodology's matrix.", read_only=True, filter=True,
              sort=True),
        Field("acceptance", "Acceptance", "accepted, stale (changed since) or blank.", read_only=True,
              filter=True),
        Field("reassessment_due", "Re-assessment due", read_only=True),
        Field("reassessment_reason", "Why re-assessment is due", read_only=True),
    ],
    fieldsets=[
        ("The risk", "What could go wrong and where it comes from (ISO/IEC 42001 6.1.2, Annex C).",
         ["title", "description", "ai_system_ids", "sources", "objectives", "lifecycle_stage", "owner"]),
        ("Inherent risk", "Before treatment, scored on the methodology's scales (6.1.2 d).",
         ["inherent_likelihood", "inherent_consequence"]),
        ("Treatment", "How the risk is treated and by which controls (6.1.3).",
         ["treatment_option", "treatment_plan", "controls", "own_controls"]),
        ("Residual risk and review", "What is left after treatment, and when to look again (6.1.3, 8.2).",
         ["residual_likelihood", "residual_consequence", "status", "next_review"]),
    ],
    example={
        "title": "Model drift after a change in laboratory analysers",
        "description": "New analysers shift lab values; the model's alerts become less accurate unnoticed.",
        "ai_systems": "", "sources": "machine_learning; life_cycle", "objectives": "robustness; safety",
        "lifecycle_stage": "operation_monitoring", "inherent_likelihood": "3", "inherent_consequence": "4",
        "treatment_option": "modify", "treatment_plan": "Monthly performance monitoring with alert thresholds.",
        "controls": "A.6.2.6", "residual_likelihood": "2", "residual_consequence": "4", "status": "in_treatment",
    },
)

ACTION = RecordType(
    model=TreatmentAction, name="risk_action", label="treatment action", default_ordering="due_date",
    fields=[
        Field("title", "Action", "What will be done, e.g. 'Add a drift alert to the monitoring dashboard'.",
              required=True, sort=True),
        Field("owner", "Owner", "Who does it."),
        Field("due_date", "Due date", "When it is due.", sort=True),
        Field("status", "Status", "", sort=True, keep_when_blank=True, widget="inline"),
    ],
)

IMPACT_ASSESSMENT = RecordType(
    model=ImpactAssessment, name="impact_assessment", label="impact assessment", default_ordering="title",
    fields=[
        Field("title", "Title", "For example 'Sepsis early warning: impact assessment 2026'.", required=True,
              sort=True, search=True),
        Field("kind", "Kind", "A fundamental rights impact assessment (EU AI Act Art. 27) adds the deployer's "
              "questions.", filter=True, widget="radio", keep_when_blank=True),
        Field("system_description", "System description", "What the system is and how it works, in plain words "
              "(ISO/IEC 42005 system information).", rows=4),
        Field("intended_use", "Intended use", "Who uses it, for what, in which setting (A.9.4).", rows=3),
        Field("foreseeable_misuse", "Reasonably foreseeable misuse", "Uses outside the intended ones that can "
              "be expected, e.g. relying on it for decisions it was not built for.", rows=3),
        Field("stakeholders", "Stakeholders and affected groups", "Who is affected directly or indirectly, "
              "including vulnerable groups (A.5.4).", rows=3),
        Field("measures", "Measures taken", "What reduces the impacts: design choices, oversight, information to "
              "users, redress (A.5.2).", rows=4),
        Field("residual_impact", "Residual impact", "The overall impact left after the measures. High or "
              "critical opens or updates a linked risk in the register (6.1.4).", filter=True, widget="inline"),
        Field("residual_notes", "Why this residual impact", "", rows=3),
        Field("fria_process", "Deployer's process", "The process in which the system is used (Art. 27(1)(a)).",
              rows=3),
        Field("fria_period", "Period and frequency of use", "(Art. 27(1)(b))", rows=2),
        Field("fria_persons", "Categories of persons affected", "(Art. 27(1)(c))", rows=2),
        Field("fria_harms", "Specific risks of harm", "To those categories of persons (Art. 27(1)(d)).", rows=3),
        Field("fria_oversight", "Human oversight measures", "(Art. 27(1)(e))", rows=3),
        Field("fria_remedies", "If the risks materialise", "Governance and complaint arrangements "
              "(Art. 27(1)(f)).", rows=3),
        Field("next_review", "Next review", "When the assessment is to be reviewed (8.4).", sort=True),
        Field("reassessment_due", "Re-assessment due", read_only=True),
        Field("reassessment_reason", "Why re-assessment is due", read_only=True),
    ],
    fieldsets=[
        ("The system", "What it is and how it is meant to be used (ISO/IEC 42005; A.5.2).",
         ["title", "kind", "system_description", "intended_use", "foreseeable_misuse", "stakeholders"]),
        ("Measures and residual impact", "What reduces the impacts and what is left (6.1.4, A.5.3).",
         ["measures", "residual_impact", "residual_notes", "next_review"]),
        ("Fundamental rights (EU AI Act Art. 27)", "Only for a fundamental rights impact assessment.",
         ["fria_process", "fria_period", "fria_persons", "fria_harms", "fria_oversight", "fria_remedies"]),
    ],
)

IMPACT = RecordType(
    model=Impact, name="impact", label="impact", default_ordering="group",
    fields=[
        Field("group", "On whom", "Individuals and groups (A.5.4) or society (A.5.5).", required=True,
              widget="radio"),
        Field("area", "Area", "Fairness, privacy, safety, autonomy …; environment, economy, democratic "
              "processes …", required=True),
        Field("description", "Impact", "What could happen and to whom.", required=True, rows=3),
        Field("severity", "Severity", "1 (slight) to 5 (severe, irreversible).", widget="inline"),
        Field("likelihood", "Likelihood", "1 (rare) to 5 (almost certain).", widget="inline"),
        Field("measures", "Measures", "What reduces this impact.", rows=2),
        Field("residual_severity", "Residual severity", "After the measures.", widget="inline"),
        Field("residual_likelihood", "Residual likelihood", "After the measures.", widget="inline"),
    ],
)

RUN = RecordType(
    model=RiskAssessmentRun, name="risk_assessment", label="risk assessment", default_ordering="-performed_on",
    fields=[
        Field("title", "Title", "For example 'Quarterly AI risk assessment Q3'.", required=True, sort=True),
        Field("performed_on", "Date", "The date of the assessment (8.2); blank is today.", sort=True),
        Field("ai_system_ids", "Scope", "The AI systems assessed; none selected means all of them.",
              attr="ai_systems", out="ai_systems"),
        Field("notes", "Notes", "Participants, inputs, conclusions.", rows=3),
    ],
)

METHODOLOGY = RecordType(
    model=RiskMethodology, name="risk_methodology", label="risk methodology version", default_ordering="-number",
    plural="risk methodology versions",
    fields=[
        Field("name", "Name", "For example 'AI risk methodology 2026'.", required=True),
        Field("notes", "Notes", "Why this version; what changed.", rows=3),
    ],
)
