"""Planned changes to the AIMS (ISO/IEC 42001 6.3), declared once for the records kit (docs/architecture.md,
"Adding a record type"). The cause is a ``ref`` to a management review decision, a nonconformity or a risk of the
same organisation (the kit checks it)."""

from forty2.records.definition import Field, RecordType

from .models import PlannedChange

PLANNED_CHANGE = RecordType(
    model=PlannedChange, name="planned_change", label="Planned change", default_ordering="planned_on",
    extra_orderings=("created_at", "updated_at", "id"),
    fields=[
        Field("title", "Title", "The change to the AIMS, in a line.", required=True, sort=True, search=True),
        Field("status", "Status", "Proposed, approved, in progress, done or rejected; changed by the steps on the "
              "change's page. It is approved by someone other than whoever wrote it before it starts (6.3).",
              read_only=True, filter=True, sort=True),
        Field("purpose", "Purpose", "Why the change is made and what it should achieve (6.3 a).", rows=3,
              search=True),
        Field("consequences", "Potential consequences", "What the change may bring about, for the AIMS, the AI "
              "systems and the people concerned, and how that is handled (6.3 a).", rows=3),
        Field("resources", "Resources", "People, time, money and tools the change needs (6.3 c).", rows=2),
        Field("responsibilities", "Responsibilities", "Who does what, besides the owner (6.3 d).", rows=2),
        Field("owner", "Owner", "Who sees the change through."),
        Field("planned_on", "Planned date", "When the change is to be made.", sort=True),
        Field("review_action", "Management review decision", "The decision of a management review that called "
              "for it (9.3.3).", filter=True),
        Field("nonconformity", "Nonconformity", "The nonconformity whose corrective action needs it (10.2).",
              filter=True),
        Field("risk", "Risk", "The risk whose treatment needs it (6.1.3).", filter=True),
        Field("outcome", "Outcome", "What was done and whether it worked.", rows=3),
        Field("started_at", "Started", read_only=True, sort=True),
        Field("done_at", "Done", read_only=True, sort=True),
    ],
    fieldsets=[
        ("The change", "What changes and why (6.3).", ["title", "purpose", "consequences"]),
        ("Planning", "What it needs, who does it and when.", ["resources", "responsibilities", "owner",
                                                               "planned_on"]),
        ("Cause", "The decision, nonconformity or risk it comes from.", ["review_action", "nonconformity", "risk"]),
        ("Result", "Once done.", ["outcome"]),
    ],
    example={"title": "Move the triage model to vendor version 4", "purpose": "Fix the ranking fault",
             "consequences": "Worklist order changes; radiologists retrained", "planned_on": "2026-03-01"},
)
