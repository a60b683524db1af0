"""Courses, sessions and training records, declared once for the records kit (ISO/IEC 42001 7.2 d, 7.3; EU AI Act
Art. 4); docs/architecture.md, "Adding a record type"."""

from forty2.records.definition import Field, RecordType

from .models import Course, TrainingRecord, TrainingSession

COURSE = RecordType(
    model=Course, name="course", label="Course", archivable=True, unique=("title",), default_ordering="title",
    fields=[
        Field("title", "Title", "For example ‘AI literacy basics’ or ‘Human oversight of the sepsis score’.",
              required=True, sort=True, search=True),
        Field("topic", "Topic", "What it is about, in a few words.", sort=True, search=True),
        Field("literacy_level", "AI-literacy level", "How deep the AI literacy it gives goes (EU AI Act Art. 4). "
              "Any level counts as awareness (7.3); operators and overseers need practitioner, or a course naming "
              "their AI system.", short="Literacy level", filter=True, sort=True, blank_label="Not an AI-literacy "
              "course"),
        Field("validity_months", "Valid for (months)", "How long a pass stays valid; a record's expiry defaults to "
              "its completion date plus this. Blank: valid for good.", minimum=1, maximum=600, sort=True),
        Field("audience", "Audience (AIMS roles)", "The roles it is meant for.", widget="checkboxes"),
        Field("ai_systems", "AI systems it trains for", "The AI systems whose operators and overseers it trains "
              "(Art. 26(2)); leave empty for a general course.", short="AI systems"),
        Field("provider", "Provider", "Who delivers it: an internal team, a supplier, an e-learning platform."),
        Field("description", "Description", rows=3, search=True),
        Field("owner", "Owner", "Who keeps the course current (7.2)."),
    ],
    example={"title": "AI literacy basics", "topic": "What AI is, its limits and risks", "literacy_level":
             "awareness", "validity_months": "24", "provider": "Learning and development"},
)

SESSION = RecordType(
    model=TrainingSession, name="training_session", label="Training session", archivable=True, unique=("name",),
    default_ordering="-held_on",
    fields=[
        Field("name", "Name", "For example ‘AI literacy basics – March cohort’.", required=True, sort=True,
              search=True),
        Field("course", "Course", "The course this session delivers.", required=True, filter=True, sort=True),
        Field("held_on", "Held on", sort=True),
        Field("trainer", "Trainer", search=True),
        Field("location", "Location", "A room, a site or ‘online’."),
        Field("notes", "Notes", rows=3),
    ],
    example={"name": "AI literacy basics – March cohort", "course": "AI literacy basics", "held_on": "2026-03-12",
             "trainer": "L&D team",
             "location": "Online"},
)

TRAINING_RECORD = RecordType(
    model=TrainingRecord, name="training_record", label="Training record", unique=("reference",),
    default_ordering="-completed_on",
    fields=[
        Field("person", "Person", "Who was trained (7.2 d). In an import: the person's name, or their e-mail "
              "address when two people share a name.", required=True, filter=True, sort=True),
        Field("course", "Course", "In an import: the course's title.", required=True, filter=True, sort=True),
        Field("session", "Session", "The session of that course they attended, if any.", filter=True),
        Field("completed_on", "Completed on", "The date of the pass or completion; the record counts from then.",
              sort=True),
        Field("result", "Result", "Failed and in-progress records never count as trained.", filter=True, sort=True,
              widget="inline"),
        Field("score", "Score", "A mark out of 100, where the course is assessed.", minimum=0, maximum=100),
        Field("expires_on", "Expires on", "Blank: the completion date plus the course's validity.", sort=True),
        Field("reference", "Reference", "A certificate number or the learning platform's record id; unique when "
              "given (an import updates the record with the same reference).", search=True),
        Field("evidence", "Evidence", "The certificate or attendance list, uploaded and checked under Evidence "
              "(optional)."),
        Field("notes", "Notes", rows=2, search=True),
    ],
    example={"person": "Ann Murphy", "course": "AI literacy basics", "completed_on": "2026-03-12",
             "result": "passed", "score": "86"},
)
