"""The training demo reads the people and roles from the database, leaves deliberate gaps, and a second run adds
nothing (forty2/training/demo.py)."""

import pytest

from forty2.core.models import AuditEvent
from forty2.people.models import Person, RoleKind
from forty2.training import demo, queries
from forty2.training.models import Course, TrainingRecord, TrainingSession

from .world import World

pytestmark = pytest.mark.django_db


def test_demo_courses_records_and_gaps(member):
    w = World(member)
    for i in range(12):
        p = Person.objects.create(organization=w.org, name=f"Staff {i:02d}")
        w.assign(p, RoleKind.HUMAN_OVERSIGHT if i % 2 else RoleKind.AI_OPERATOR, w.triage)
    demo.build(w.org, w.manager)
    titles = set(Course.objects.for_org(w.org).values_list("title", flat=True))
    assert {spec[0] for spec in demo.ACME_COURSES.values()} <= titles
    assert TrainingSession.objects.for_org(w.org).count() == len(demo.ACME_COURSES)
    people = queries.active_people(w.org).count()
    with_records = TrainingRecord.objects.for_org(w.org).values("person").distinct().count()
    assert people - 3 <= with_records < people + 1 and with_records >= people * 0.7
    statuses = [queries.status_of(r) for r in TrainingRecord.objects.for_org(w.org)]
    assert "expired" in statuses and "valid" in statuses
    assert any(h.gap for h in queries.holders_by_system(w.org, [w.triage])[w.triage.pk])  # a gap to show
    events = AuditEvent.objects.count()
    demo.build(w.org, w.manager)
    assert AuditEvent.objects.count() == events  # a second run changes nothing
