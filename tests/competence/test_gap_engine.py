"""The gap engine (ISO/IEC 42001 7.2): a requirement is met by unexpired evidence for it or by a counting,
unexpired training record for one of its courses; the page's statements do not grow with the people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forty2.competence import gaps
from forty2.competence.models import CompetenceAction
from forty2.people.models import RoleAssignment

from .conftest import TODAY, days


def _lines(world, person):
    page = gaps.person_page(world.org, person=person.pk)
    assert page.count == 1
    return {line.title: line for line in page.rows[0].lines}


def test_unmet_mandatory_requirement_is_a_gap(world):
    ann = world.person("Ann", world.operator)
    lines = _lines(world, ann)
    assert lines["AI literacy for operators"].gap
    assert not lines["Six months on the ward system"].gap  # optional: shown, not a gap
    assert not lines["Six months on the ward system"].met


@pytest.mark.parametrize("result, expires, met", [
    ("passed", None, True), ("completed", days(30), True), ("passed", days(0), True),
    ("passed", days(-1), False), ("failed", None, False), ("in_progress", None, False)])
def test_training_record_meets_requirement(world, result, expires, met):
    ann = world.person("Ann", world.operator)
    world.train(ann, result=result, expires_on=expires)
    line = _lines(world, ann)["AI literacy for operators"]
    assert line.met is met
    assert line.met_by == ("training" if met else "")


def test_evidence_meets_requirement_until_it_expires(world):
    ann, bob = world.person("Ann", world.auditor), world.person("Bob", world.auditor)
    world.evidence(ann, world.audit_skill, expires_on=days(10))
    world.evidence(bob, world.audit_skill, expires_on=days(-10))
    assert _lines(world, ann)["Auditing to ISO/IEC 42001"].met_by == "evidence"
    assert _lines(world, bob)["Auditing to ISO/IEC 42001"].gap


def test_archived_evidence_and_other_courses_do_not_count(world):

    from forty2.training.models import Course

    ann = world.person("Ann", world.operator)
    world.evidence(ann, world.literacy, archived_at=timezone.now())
    world.train(ann, course=Course.objects.create(organization=world.org, title="Something else"))
    assert _lines(world, ann)["AI literacy for operators"].gap


def test_people_who_left_and_ended_assignments_are_not_listed(world):
    world.person("Gone", world.operator, end_date=days(-1))
    world.person("Archived", world.operator, archived_at=timezone.now())
    ended = world.person("Ended")
    RoleAssignment.objects.create(organization=world.org, role=world.operator, person=ended, end_date=days(-1))
    future = world.person("Future")
    RoleAssignment.objects.create(organization=world.org, role=world.operator, person=future, start_date=days(5))
    world.person("No role")
    stays = world.person("Stays", world.operator, end_date=TODAY)
    page = gaps.person_page(world.org)
    assert [r.person for r in page.rows] == [stays]


def test_requirement_not_yet_applicable_is_not_a_gap(world):
    world.literacy.applies_from = days(30)
    world.literacy.save()
    ann = world.person("Ann", world.operator)
    assert "AI literacy for operators" not in _lines(world, ann)


def test_open_action_is_shown_with_overdue_marked(world):
    ann, bob = world.person("Ann", world.operator), world.person("Bob", world.operator)
    CompetenceAction.objects.create(organization=world.org, person=ann, requirement=world.literacy,
                                    owner=world.manager.user, due_date=days(-2))
    CompetenceAction.objects.create(organization=world.org, person=bob, requirement=world.literacy,
                                    due_date=days(5), status="done", effective=True)
    action = _lines(world, ann)["AI literacy for operators"].action
    assert action.overdue and action.owner == world.manager.user
    assert _lines(world, bob)["AI literacy for operators"].action is None  # done is not open


def test_filters_and_only_gaps(world):
    ann = world.person("Ann", world.operator)
    bob = world.person("Bob", world.operator, world.auditor)
    world.train(bob)
    cyd = world.person("Cyd", world.auditor, department=None)
    world.evidence(cyd, world.audit_skill)

    def names(**kw):
        return [r.person.name for r in gaps.person_page(world.org, **kw).rows]

    assert names() == ["Ann", "Bob", "Cyd"]
    assert names(only_gaps=True) == ["Ann", "Bob"]  # Bob lacks the auditing qualification
    assert names(only_gaps=True, role=world.operator.pk) == ["Ann"]
    assert names(role=world.auditor.pk) == ["Bob", "Cyd"]
    assert names(department=world.dept.pk) == ["Ann", "Bob", "Cyd"]
    assert names(person=ann.pk) == ["Ann"]
    bob_lines = gaps.person_page(world.org, role=world.auditor.pk, person=bob.pk).rows[0].lines
    assert [line.title for line in bob_lines] == ["Auditing to ISO/IEC 42001"]  # only the filtered role


def test_adding_a_training_record_closes_the_gap(world):
    ann = world.person("Ann", world.operator)
    assert [r.person for r in gaps.person_page(world.org, only_gaps=True).rows] == [ann]
    world.train(ann)
    assert gaps.person_page(world.org, only_gaps=True).rows == []


def test_role_summary(world):
    ann = world.person("Ann", world.operator)
    bob = world.person("Bob", world.operator, world.auditor)
    world.train(bob)
    CompetenceAction.objects.create(organization=world.org, person=ann, requirement=world.literacy,
                                    due_date=days(5))
    summary = {r.name: r for r in gaps.role_summary(world.org)}
    op = summary["AI operator"]
    assert (op.holders, op.competent) == (2, 1)
    reqs = {r.title: r for r in op.requirements}
    assert (reqs["AI literacy for operators"].lacking, reqs["AI literacy for operators"].planned) == (1, 1)
    assert reqs["Six months on the ward system"].lacking == 2
    aud = summary["Internal auditor"]
    assert (aud.holders, aud.competent) == (1, 0)
    assert gaps.people_with_unplanned_gaps(world.org) == 1  # Bob; Ann's gap has an action


def _statements(world, call):
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def _grow(world, n, start=0):
    for i in range(start, n):
        p = world.person(f"Person {i:03}", world.operator, world.auditor)
        if i % 2:
            world.train(p)
        if i % 3:
            world.evidence(p, world.audit_skill)
        if i % 4 == 0:
            CompetenceAction.objects.create(organization=world.org, person=p, requirement=world.literacy,
                                            owner=world.manager.user, due_date=days(i - 2))


@pytest.mark.parametrize("kwargs", [{}, {"only_gaps": True}, {"role": "operator"}])
def test_statements_do_not_grow_with_people(world, kwargs):
    if "role" in kwargs:
        kwargs = {"role": world.operator.pk}
    _grow(world, 5)
    small = _statements(world, lambda: gaps.person_page(world.org, **kwargs))
    summary_small = _statements(world, lambda: gaps.role_summary(world.org))
    _grow(world, 50, start=5)
    big = _statements(world, lambda: gaps.person_page(world.org, **kwargs))
    assert gaps.person_page(world.org, **kwargs).count >= 25
    assert big == small
    assert _statements(world, lambda: gaps.role_summary(world.org)) == summary_small
