"""How the records kit's API routes and pages reach courses, sessions and training records (ISO/IEC 42001 7.2 d,
7.3): one :class:`~forty2.records.routes.Access` and one :class:`~forty2.records.pages.RecordPages` per type."""

from dataclasses import dataclass

from django.urls import reverse

from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access

from . import queries, services
from .definitions import COURSE, SESSION, TRAINING_RECORD
from .models import TrainingRecord


@dataclass
class RecordAccess(Access):
    """Training records import by their optional reference: a row without one always adds a record (two
    records without a reference are never "the same record")."""

    def import_spec(self, rt):
        spec = super().import_spec(rt)
        existing = spec.existing
        spec.existing = lambda org: {k: v for k, v in existing(org).items() if k}
        return spec


COURSE_ACCESS = Access(queryset=lambda org: COURSE.model.objects.for_org(org).select_related("owner"))
SESSION_ACCESS = Access(queryset=lambda org: SESSION.model.objects.for_org(org).select_related("course"))
RECORD_ACCESS = RecordAccess(
    queryset=lambda org: TrainingRecord.objects.for_org(org).select_related("person", "course", "session",
                                                                           "evidence"),
    rules=services.record_rules, resolvers={"person": services.resolve_person})


def _crumbs(org):
    return [("Training", reverse("training:training_record_list", args=[org.slug]))]


def _course_sections(membership, obj):
    org = membership.organization
    records = list(TrainingRecord.objects.for_org(org).filter(course=obj).select_related("person")
                   .order_by("-completed_on", "-id")[:50])
    for r in records:
        r.status = queries.status_of(r)
        r.status_label = queries.STATUS_LABELS[r.status]
    sessions = list(obj.sessions.filter(archived_at__isnull=True).order_by("-held_on")[:20])
    return [Section("training/_course_records.html", {"records": records, "sessions": sessions, "course": obj})]


def _record_sections(membership, obj):
    status = queries.status_of(obj)
    return [Section("training/_record_status.html", {"record": obj, "status": status,
                                                     "status_label": queries.STATUS_LABELS[status]})]


COURSE_PAGES = RecordPages(
    COURSE, COURSE_ACCESS, "training", title="Courses", noun="course", nav="training", tabs="training/_tabs.html",
    crumbs=_crumbs, columns=("literacy_level", "validity_months", "topic"), sections=_course_sections,
    intro="What the organisation teaches about AI, to whom, at which AI-literacy level and for how long a pass "
          "stays valid (ISO/IEC 42001 7.2, 7.3; EU AI Act Art. 4).")
SESSION_PAGES = RecordPages(
    SESSION, SESSION_ACCESS, "training", title="Sessions", noun="training session", nav="training",
    tabs="training/_tabs.html", crumbs=_crumbs, columns=("course", "held_on", "trainer"),
    intro="Each delivery of a course: when, where and by whom.")
RECORD_PAGES = RecordPages(
    TRAINING_RECORD, RECORD_ACCESS, "training", title="Training records", noun="training record", nav="training",
    tabs="training/_tabs.html", columns=("course", "completed_on", "result", "expires_on"),
    sections=_record_sections,
    intro="Who completed which course, when, with what result and until when it is valid (ISO/IEC 42001 7.2 d). "
          "Failed and in-progress records never count as trained.")

#: URL part -> pages (``/o/<org>/training/courses/`` …)
PAGES = {"courses": COURSE_PAGES, "sessions": SESSION_PAGES, "records": RECORD_PAGES}


def create(access, rt, membership, data: dict, related: dict):
    """Create through the kit's write path (the demo, tests): a related record the definition declares is sent by
    id in ``data``, any other is set on the record as the caller's own attribute."""
    data, initial = dict(data), {}
    for name, value in related.items():
        if name in rt.by_name:
            data[name] = value.pk if value is not None else None
        else:
            initial[name] = value
    return access.do_create(rt, membership, data, **initial)
