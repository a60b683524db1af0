"""The competence records, declared once for the records kit (ISO/IEC 42001 7.2, A.4.6); docs/architecture.md,
"Adding a record type"."""

from forty2.records.definition import Field, RecordType

from .models import CompetenceAction, CompetenceEvidence, CompetenceRequirement

COMPETENCE_REQUIREMENT = RecordType(
    model=CompetenceRequirement, name="competence_requirement", label="Competence requirement",
    archivable=True, unique=("title",), default_ordering="title",
    fields=[
        Field("title", "Title", "What a holder of the role must have, e.g. 'Interpreting the triage model's "
              "confidence scores'.", required=True, sort=True, search=True),
        Field("role", "Role", "The AIMS role that requires it (5.3, 7.2 a).", required=True, filter=True,
              sort=True),
        Field("kind", "Kind", "Knowledge, skill, experience or a qualification.", filter=True, sort=True,
              widget="inline"),
        Field("mandatory", "Mandatory?", "A mandatory requirement not met is a gap; an optional one is shown as "
              "a development need.", short="Mandatory", filter=True, widget="inline"),
        Field("description", "Description", "How you judge it is met.", rows=3, search=True),
        Field("satisfied_by", "Met by these courses", "A counting, unexpired training record for any of them "
              "meets the requirement (7.2 b, 7.3).", short="Courses"),
        Field("applies_from", "Applies from", "Leave empty if it applies now; before this date it is not a gap "
              "(a new requirement with a period to comply).", sort=True),
    ],
)

COMPETENCE_EVIDENCE = RecordType(
    model=CompetenceEvidence, name="competence_evidence", label="Competence evidence",
    plural="Competence evidence", archivable=True, default_ordering="-obtained_on",
    fields=[
        Field("title", "Title", "For example 'CIPP/E certificate' or 'Two years operating the sepsis score'.",
              required=True, sort=True, search=True),
        Field("person", "Person", "Whose competence it shows.", required=True, filter=True, sort=True),
        Field("requirement", "Requirement met", "The requirement it meets; leave empty for evidence of general "
              "competence.", filter=True),
        Field("kind", "Kind", filter=True, sort=True, widget="inline"),
        Field("obtained_on", "Obtained on", sort=True),
        Field("expires_on", "Expires on", "Expired evidence no longer meets the requirement.", sort=True),
        Field("evidence", "Evidence file", "The certificate, assessment record or reference (7.2 d)."),
        Field("verified_by", "Verified by", "Who checked the evidence."),
        Field("notes", "Notes", rows=3, search=True),
    ],
)

COMPETENCE_ACTION = RecordType(
    model=CompetenceAction, name="competence_action", label="Competence action", default_ordering="due_date",
    fields=[
        Field("person", "Person", "Who lacks the competence.", required=True, filter=True, sort=True),
        Field("requirement", "Requirement", "The gap the action closes.", required=True, filter=True),
        Field("kind", "Action", "Training, mentoring, hiring, reassignment (7.2 c).", short="Kind", filter=True,
              sort=True, widget="inline"),
        Field("description", "What will be done", rows=3, search=True),
        Field("owner", "Owner", "Who sees the action through."),
        Field("due_date", "Due", "Required while the action is open.", sort=True),
        Field("status", "Status", filter=True, sort=True, widget="inline"),
        Field("effective", "Effective?", "Evaluated once the action is done: did the person acquire the "
              "competence? Required to mark it done (7.2 c).", short="Effective", filter=True),
        Field("effectiveness_note", "How effectiveness was evaluated", "An assessment, an observation, a test "
              "result.", short="Effectiveness", rows=2),
        Field("evaluated_on", "Evaluated on"),
    ],
    fieldsets=[
        ("The gap", "", ["person", "requirement"]),
        ("The action", "", ["kind", "description", "owner", "due_date", "status"]),
        ("Effectiveness", "Required when the action is done (7.2 c).",
         ["effective", "effectiveness_note", "evaluated_on"]),
    ],
)
