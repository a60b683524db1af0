"""Management reviews, their attendees and their actions, declared once for the records kit (ISO/IEC 42001 9.3.1,
9.3.2, 9.3.3); docs/architecture.md, "Adding a record type".

The state (planned, held, cancelled), the frozen input pack and its hash are read-only here: they change only
through :mod:`forty2.review.services` (the workflow step "hold" freezes the pack)."""

from forty2.records.definition import INT, Field, RecordType

from .models import ManagementReview, ReviewAction, ReviewAttendee

REVIEW = RecordType(
    model=ManagementReview, name="management_review", label="Management review", default_ordering="-planned_on",
    archivable=True, extra_orderings=("held_on", "created_at", "updated_at", "id"),
    fields=[
        Field("title", "Title", "E.g. 'Management review 2026 H1'.", required=True, sort=True, search=True),
        Field("planned_on", "Planned on", "When top management meets to review the AIMS (9.3.1).", required=True,
              sort=True),
        Field("status", "Status", "Planned, held or cancelled; changed by the steps on the review's page.",
              read_only=True, filter=True, sort=True),
        Field("held_on", "Held on", "The day the meeting took place; needed to mark the review held.", sort=True),
        Field("chair", "Chair", "Who chairs the review for top management."),
        Field("agenda", "Agenda", "What the meeting covers: at least the inputs of 9.3.2.", rows=5),
        Field("previous", "Previous review", "The review before this one: the input pack reports what changed "
              "since and the status of its actions (9.3.2 a, b)."),
        Field("minutes", "Minutes", "What was discussed and concluded (9.3.3).", rows=8, search=True),
        Field("improvement_decisions", "Decisions on continual improvement",
              "Decisions on opportunities for continual improvement (9.3.3).", short="Improvement decisions",
              rows=4),
        Field("change_decisions", "Decisions on changes to the AIMS",
              "Decisions on any need for changes to the AIMS (9.3.3).", short="Change decisions", rows=4),
        Field("pack_hash", "Input pack SHA-256", "Set when the review is held: the fingerprint of the frozen "
              "input pack (9.3.2).", read_only=True),
        Field("pack_frozen_at", "Input pack frozen", read_only=True),
    ],
    fieldsets=[
        ("The review", "When top management reviews the AIMS and who chairs it (9.3.1).",
         ["title", "planned_on", "held_on", "chair", "agenda", "previous"]),
        ("Outputs", "The minutes and decisions of the meeting (9.3.3); its actions are listed below.",
         ["minutes", "improvement_decisions", "change_decisions"]),
    ],
    example={"title": "Management review 2026 H1", "planned_on": "2026-06-30"},
)

ATTENDEE = RecordType(
    model=ReviewAttendee, name="review_attendee", label="Review attendee", default_ordering="review",
    fields=[
        Field("review", "Management review", "The review invited to.", required=True, filter=True),
        Field("person", "Person", "Someone of the people register.", required=True, filter=True),
        Field("role", "Role at the review", "E.g. 'Chief executive, chair'.", sort=True),
        Field("top_management", "Top management", "Speaks for top management: at least one such person must "
              "attend (9.3.1).", filter=True, widget="inline"),
        Field("attended", "Attended", "Yes once the meeting is held and they were there.", filter=True,
              widget="inline"),
    ],
)

ACTION = RecordType(
    model=ReviewAction, name="review_action", label="Review action", default_ordering="due_on",
    extra_orderings=("created_at", "id"),
    fields=[
        Field("description", "Action or decision", "What was decided and is to be done (9.3.3).", required=True,
              rows=3, search=True),
        Field("review", "Management review", "The held review whose output it is.", required=True, filter=True),
        Field("kind", "Kind", "Continual improvement (also entered in the improvement log), a change to the AIMS, "
              "resources or other.", filter=True, sort=True, widget="radio"),
        Field("owner", "Owner", "Who sees it through (9.3.3)."),
        Field("due_on", "Due", sort=True),
        Field("status", "Status", filter=True, sort=True, widget="inline"),
        Field("done_on", "Done on", "Set to today when marked done, unless given."),
        # the id, not a ``ref``: the improvement log's entries name themselves by title (no LINK_LABEL yet)
        Field("improvement", "Improvement log entry", "The id of the entry an improvement decision created in the "
              "improvement log (10.1).", attr="improvement_id", kind=INT, read_only=True),
    ],
    example={"description": "Extend the discrepancy audit to every site", "kind": "improvement",
             "due_on": "2026-09-30"},
)
