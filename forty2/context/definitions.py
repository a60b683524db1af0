"""The context records, declared once for the records kit (ISO/IEC 42001 4.1-4.4, 6.1.1); docs/architecture.md,
"Adding a record type"."""

from forty2.records.definition import Field, RecordType

from .models import AimsContext, AimsRisk, ContextIssue, InterestedParty, LegalRequirement, OrgAIRole, ScopeExclusion

_OWNER = "Who keeps it current and brings it to management review (5.3)."
_REVIEW = "When it is next looked at again; an overdue review is shown in My work and readiness."

CONTEXT_ISSUE = RecordType(
    model=ContextIssue, name="context_issue", label="Context issue", archivable=True,
    fields=[
        Field("name", "Issue", "A short statement, e.g. 'EU AI Act obligations for high-risk systems from 2027'.",
              required=True, sort=True, search=True),
        Field("origin", "Internal or external?", short="Origin", required=True, filter=True, sort=True,
              widget="inline"),
        Field("category", "Category", "PESTLE for external issues; governance, skills or resources for internal "
              "ones.", filter=True, sort=True),
        Field("description", "Description", rows=3, search=True),
        Field("effect", "Effect on the AIMS", "How it affects what the AIMS must achieve (4.1).", rows=3,
              search=True),
        Field("source", "Source", "Where it was identified: a workshop, a regulator's guidance, a survey …"),
        Field("owner", "Owner", _OWNER),
        Field("review_date", "Next review", _REVIEW, sort=True),
    ],
)

INTERESTED_PARTY = RecordType(
    model=InterestedParty, name="interested_party", label="Interested party", plural="Interested parties",
    archivable=True, unique=("name",),
    fields=[
        Field("name", "Name", "A party or group, e.g. 'Patients' or 'National competent authority'.",
              required=True, sort=True, search=True),
        Field("category", "Category", filter=True, sort=True),
        Field("requirements", "Relevant requirements", "What they need or expect from your use of AI (4.2 b).",
              rows=3, search=True),
        Field("addressed", "Addressed by the AIMS?", "Which requirements the AIMS takes on (4.2 c).",
              filter=True, widget="radio", blank_label="Not yet decided"),
        Field("how_addressed", "How, or why not", "The process, control or commitment that answers them; "
              "required when they are only partly or not addressed.", rows=3),
        Field("climate_requirements", "Climate-related requirements", "Their requirements about climate change, "
              "if any (4.2 note).", rows=2),
        Field("owner", "Owner", _OWNER),
        Field("review_date", "Next review", _REVIEW, sort=True),
    ],
)

LEGAL_REQUIREMENT = RecordType(
    model=LegalRequirement, name="legal_requirement", label="Legal requirement", archivable=True, unique=("name",),
    fields=[
        Field("name", "Title", "For example 'EU AI Act' or 'GDPR'.", required=True, sort=True, search=True),
        Field("citation", "Citation", "The official reference, e.g. 'Regulation (EU) 2024/1689'.", search=True),
        Field("jurisdiction", "Jurisdiction", "EU, a country or a sector.", filter=True, sort=True),
        Field("applicability", "Does it apply?", short="Applicability", filter=True, sort=True, widget="radio"),
        Field("rationale", "Why, or why not", "The reasoning an auditor will ask for.", rows=3),
        Field("obligations", "Our obligations", "What it requires of you, in your words, and where it is met.",
              rows=4, search=True),
        Field("url", "Link", "Where the current text is published."),
        Field("owner", "Owner", "Who follows changes to it (A.2.2)."),
        Field("review_date", "Next review", _REVIEW, sort=True),
    ],
)

SCOPE_EXCLUSION = RecordType(
    model=ScopeExclusion, name="scope_exclusion", label="Scope exclusion", unique=("name",),
    fields=[
        Field("name", "What is excluded", "A unit, site, process or activity outside the AIMS.", required=True,
              sort=True, search=True),
        Field("justification", "Justification", "Why leaving it out does not affect the AIMS's ability to "
              "achieve its intended outcomes (4.3).", required=True, rows=3),
    ],
)

AIMS_RISK = RecordType(
    model=AimsRisk, name="aims_risk", label="AIMS risk or opportunity", plural="AIMS risks and opportunities",
    fields=[
        Field("kind", "Risk or opportunity?", short="Kind", required=True, filter=True, sort=True, widget="inline"),
        Field("name", "Title", "For example 'AI skills concentrated in two people'.", required=True, sort=True,
              search=True),
        Field("description", "Description", rows=3, search=True),
        Field("source", "Arises from", "The context issue or interested party requirement behind it (6.1.1)."),
        Field("action", "Action", "What you will do about it (6.1.1 e 1).", rows=3),
        Field("integration", "Integrated into", "The AIMS process that carries the action: management review, "
              "training plan, supplier procedure … (6.1.1 e 2).", rows=2),
        Field("owner", "Owner", "Who sees the action through."),
        Field("due_date", "Due", sort=True),
        Field("status", "Status", filter=True, sort=True, widget="inline"),
        Field("effectiveness", "Effectiveness", "How you know the action worked (6.1.1 e 2).", rows=2),
    ],
)

AIMS_CONTEXT = RecordType(
    model=AimsContext, name="aims_context", label="AIMS context", default_ordering="id",
    fields=[
        Field("ai_roles", "Our roles for AI", "Every role the organisation plays; the register suggests them from "
              "your AI systems (4.1; EU AI Act Art. 3).", choices=OrgAIRole),
        Field("roles_note", "About our roles", rows=2),
        Field("climate", "Is climate change a relevant issue?", short="Climate change",
              help="ISO/IEC 42001 4.1 asks you to determine it; record your reasoning either way.", widget="inline",
              blank_label="Not yet determined"),
        Field("climate_reasoning", "Reasoning", "Why climate change is, or is not, relevant to your AIMS.", rows=3),
        Field("units", "Units", "The departments or business units in scope (4.3).", rows=2),
        Field("sites", "Sites", "Locations in scope.", rows=2),
        Field("processes", "Processes", "The activities and processes in scope.", rows=3),
        Field("interfaces", "Interfaces and dependencies", "Between what is in scope and what is not, and on "
              "other organisations (4.3 c).", rows=3),
    ],
    fieldsets=[
        ("Roles", "The organisation's roles for AI (4.1).", ["ai_roles", "roles_note"]),
        ("Climate change", "Whether climate change is relevant to the AIMS (4.1).", ["climate", "climate_reasoning"]),
        ("Scope boundaries", "What the AIMS covers (4.3).", ["units", "sites", "processes", "interfaces"]),
    ],
)
