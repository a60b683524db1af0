"""The ref_app's two record types, their API routes and pages (the ``ref`` kind, tests/records/test_ref_kind.py)."""

from ninja import Router

from forty2.records.definition import Field, RecordType
from forty2.records.pages import RecordPages
from forty2.records.routes import Access, record_routes

from .models import RefSession, RefTopic

TOPIC = RecordType(model=RefTopic, name="ref_topic", label="Topic", unique=("name",), archivable=True,
                   fields=[Field("name", "Name", required=True, sort=True, search=True), Field("summary", "Summary")])
SESSION = RecordType(
    model=RefSession, name="ref_session", label="Session", unique=("title",), default_ordering="title",
    fields=[
        Field("title", "Title", required=True, sort=True, search=True),
        Field("topic", "Topic", "What the session covers.", required=True, filter=True, sort=True),
        Field("backup", "Backup topic"),
        Field("notes", "Notes", rows=3),
    ],
)
TOPIC_ACCESS = Access(queryset=lambda org: RefTopic.objects.for_org(org))
SESSION_ACCESS = Access(queryset=lambda org: RefSession.objects.for_org(org).select_related("topic", "backup"))
TOPIC_PAGES = RecordPages(TOPIC, TOPIC_ACCESS, "reftest", name="topic", title="Topics", noun="topic")
SESSION_PAGES = RecordPages(SESSION, SESSION_ACCESS, "reftest", name="session", title="Sessions", noun="session",
                            columns=("topic", "backup"))
router = Router(tags=["Ref test"])
record_routes(router, TOPIC, TOPIC_ACCESS, path="ref-topics", schema_prefix="RefTopic")
record_routes(router, SESSION, SESSION_ACCESS, path="ref-sessions", schema_prefix="RefSession")
