"""The clause checks of 7.2 and A.4.6 read content, not existence, and My work lists what waits (7.2 c)."""

import pytest
from django.utils import timezone

from forty2.competence import checks
from forty2.competence.models import CompetenceAction, CompetenceRequirement
from forty2.competence.work import work
from forty2.controls.checks import CHECKS
from forty2.inventory.models import AISystem
from forty2.people.models import AimsRole, RoleAssignment, RoleKind
from forty2.tenancy.models import Role

from .conftest import days

pytestmark = pytest.mark.django_db


def test_checks_are_registered_and_fail_for_an_empty_organisation(acme):
    ours = {"competence_requirements", "competence", "competence_actions_evaluated", "ai_system_people_competent"}
    found = [c for ref in ("7.2", "A.4.6") for c in CHECKS[ref] if c.code in ours]
    assert {c.code for c in found} == ours
    for check in found:
        assert check.test(acme, {}) is False, check.code
        assert check.fix(acme).startswith("/o/acme/competence/")


def test_every_role_held_needs_requirements(world):
    ann = world.person("Ann", world.operator)
    assert checks.roles_have_requirements(world.org)
    world.train(ann)
    bare = AimsRole.objects.create(organization=world.org, name="Data steward", kind=RoleKind.DATA_STEWARD)
    RoleAssignment.objects.create(organization=world.org, role=bare, person=ann)
    assert not checks.roles_have_requirements(world.org)


def test_holders_meet_requirements_or_a_timely_action_closes_the_gap(world):
    ann = world.person("Ann", world.operator)
    assert not checks.holders_competent(world.org)
    action = CompetenceAction.objects.create(organization=world.org, person=ann, requirement=world.literacy,
                                             due_date=days(10))
    assert checks.holders_competent(world.org)  # planned, on time
    action.due_date = days(-1)
    action.save()
    assert not checks.holders_competent(world.org)  # overdue
    world.train(ann)
    assert checks.holders_competent(world.org)  # met


def test_done_actions_need_their_effectiveness_evaluated(world):
    ann = world.person("Ann", world.operator)
    assert checks.actions_evaluated(world.org)  # requirements defined, nothing done yet
    action = CompetenceAction.objects.create(organization=world.org, person=ann, requirement=world.literacy,
                                             due_date=days(-3), status="done")
    assert not checks.actions_evaluated(world.org)
    action.effective, action.effectiveness_note, action.evaluated_on = False, "Failed the observed shift.", days(0)
    action.save()
    assert checks.actions_evaluated(world.org)
    CompetenceRequirement.objects.update(archived_at=timezone.now())
    assert not checks.actions_evaluated(world.org)  # no requirement in force: nothing to evaluate against


def test_people_of_in_scope_ai_systems_must_be_competent(world):
    system = AISystem.objects.create(organization=world.org, name="Sepsis score", purpose="x", in_scope=True)
    ann = world.person("Ann")
    RoleAssignment.objects.create(organization=world.org, role=world.operator, person=ann, ai_system=system)
    world.person("Bob", world.auditor)  # not a per-system role: not A.4.6's concern
    assert not checks.ai_system_people_competent(world.org)
    world.train(ann)
    assert checks.ai_system_people_competent(world.org)
    system.in_scope = False
    system.save()
    assert not checks.ai_system_people_competent(world.org)  # nobody in an in-scope system's roles


def test_my_work_lists_due_actions_and_unplanned_gaps(world, member):
    contributor = member(Role.CONTRIBUTOR)
    ann, bob = world.person("Ann", world.operator), world.person("Bob", world.operator)
    world.person("Cyd", world.operator)
    CompetenceAction.objects.create(organization=world.org, person=ann, requirement=world.literacy,
                                    owner=contributor.user, due_date=days(-1))
    CompetenceAction.objects.create(organization=world.org, person=bob, requirement=world.literacy,
                                    owner=contributor.user, due_date=days(13))
    CompetenceAction.objects.create(organization=world.org, person=bob, requirement=world.literacy,
                                    owner=contributor.user, due_date=days(40))
    CompetenceAction.objects.create(organization=world.org, person=bob, requirement=world.literacy,
                                    owner=contributor.user, due_date=days(1), status="cancelled")
    items = work(contributor)
    assert [i.kind for i in items] == ["competence_action", "competence_action"]
    assert items[0].overdue and "Ann" in items[0].title
    manager_items = work(world.manager)
    assert [i.title for i in manager_items] == ["1 person lacks a required competence with no action planned"]
    assert "only_gaps=1&unplanned=1" in manager_items[0].url
