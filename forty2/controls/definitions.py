"""The SoA entry and the clause assessment, declared once for the records kit (ISO/IEC 42001 6.1.3 f, 9.1).

Validation, audit snapshots, API input schemas, forms and export columns derive from these declarations
(docs/architecture.md, "Adding a record type").
"""

from forty2.records.definition import Field, RecordType

from .models import ClauseAssessment, SoAEntry

SOA_ENTRY = RecordType(
    model=SoAEntry, name="soa_entry", label="SoA entry", plural="SoA entries", unique=("ref",),
    default_ordering="position",
    fields=[
        Field("ref", "Number", "Annex A controls keep their published number; number your own controls as you "
              "like, e.g. 'OC-1'.", required=True, sort=True, search=True, column="control"),
        Field("title", "Title", "A short name of the control.", required=True, search=True),
        Field("applicable", "Applicable?", "Is the control needed to treat your AI risks (6.1.3 f)? A version "
              "cannot be approved while any control is undecided.", filter=True, column="applicable"),
        Field("justification", "Justification", "Why the control is included, or — required when it is "
              "excluded — why it is not needed (6.1.3 f).", rows=3, search=True),
        Field("status", "Implementation status", "How far the control is implemented (6.1.3 f).", filter=True,
              sort=True, widget="radio"),
        Field("owner", "Owner", "The person accountable for operating the control (A.3.2)."),
        Field("implementation", "How it is implemented", "The process, tool or record that puts the control "
              "into practice; where an auditor finds it.", rows=4, search=True),
        Field("last_reviewed", "Last review", "When the entry was last checked against practice (9.1)."),
    ],
    fieldsets=[
        ("Control", "", ["ref", "title"]),
        ("Applicability", "Whether the control is needed, and why (ISO/IEC 42001 6.1.3 f, e).",
         ["applicable", "justification"]),
        ("Implementation", "Whether and how it is in place (6.1.3 f).",
         ["status", "owner", "implementation", "last_reviewed"]),
    ],
)

CLAUSE_ASSESSMENT = RecordType(
    model=ClauseAssessment, name="clause_assessment", label="Clause assessment",
    default_ordering="requirement__position",
    fields=[
        Field("owner", "Owner", "Who answers for this clause in the gap assessment and the audit (5.3)."),
    ],
)
