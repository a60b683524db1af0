"""Done when (#17): the competence gap view shows, for the demo organisation, people missing required training,
and drops them when a training record is added. Also: the demo is idempotent and, for a certified Acme, leaves no
gap (issue #19)."""

import pytest
from django.test import Client
from django.utils import timezone

from forty2 import demo
from forty2.competence import demo as competence_demo
from forty2.competence import gaps
from forty2.competence.models import CompetenceAction, CompetenceEvidence, CompetenceRequirement
from forty2.people.models import AimsRole, Person, RoleAssignment, RoleKind
from forty2.tenancy.models import Membership, Organization, Role
from forty2.training.models import Course, TrainingRecord

pytestmark = pytest.mark.django_db


def _people_and_courses(org, manager):
    """Only until the people and training demos are merged: a few people in roles and two courses, so that the
    competence demo has something to build on (a no-op once the demos make their own)."""
    if Person.objects.for_org(org).exists() and Course.objects.for_org(org).exists():
        return
    operator = AimsRole.objects.create(organization=org, name="Radiology AI operator", kind=RoleKind.AI_OPERATOR)
    overseer = AimsRole.objects.create(organization=org, name="Clinical overseer", kind=RoleKind.HUMAN_OVERSIGHT)
    literacy = Course.objects.create(organization=org, title="AI literacy essentials", validity_months=24)
    Course.objects.create(organization=org, title="Human oversight in practice", validity_months=12)
    for i in range(8):
        p = Person.objects.create(organization=org, name=f"Staff member {i}")
        RoleAssignment.objects.create(organization=org, role=operator if i % 2 else overseer, person=p)
        if i % 3 == 0:
            TrainingRecord.objects.create(organization=org, person=p, course=literacy, result="passed",
                                          completed_on=timezone.localdate())
    competence_demo.build(org, manager)


@pytest.fixture
def acme_health():
    demo.build(password="demo-pass-123")
    org = Organization.objects.get(slug="acme-health")
    manager = Membership.objects.select_related("user").get(organization=org, role=Role.AIMS_MANAGER,
                                                            user__email="aims.manager@acme.example")
    _people_and_courses(org, manager)
    return org, manager


def _training_gap(org):
    """A person of the gap view and a gap of theirs a course would close. Acme keeps its competence up (issue #19),
    so the gap is made the way it arises: the new starter is named operator of the radiology triage."""
    from forty2.inventory.models import AISystem

    starter = Person.objects.for_org(org).get(name="Jordan Lee")
    role = AimsRole.objects.for_org(org).get(kind=RoleKind.AI_OPERATOR)
    RoleAssignment.objects.create(organization=org, role=role, person=starter, ai_system=AISystem.objects.for_org(
        org).get(name="Radiology triage for chest CT"), start_date=timezone.localdate())
    with_courses = set(CompetenceRequirement.satisfied_by.through.objects.values_list(
        "competencerequirement_id", flat=True))
    for row in gaps.person_page(org, only_gaps=True, limit=500).rows:
        for line in row.gaps:
            if line.requirement_id in with_courses:
                return row.person, CompetenceRequirement.objects.get(pk=line.requirement_id)
    raise AssertionError("the demo has nobody missing required training")


def test_gap_view_shows_missing_training_and_drops_it_when_trained(acme_health):
    org, manager = acme_health
    person, requirement = _training_gap(org)
    c = Client()
    c.force_login(manager.user)
    url = f"/o/{org.slug}/competence/?only_gaps=1&person={person.pk}"
    html = c.get(url).content.decode()
    assert person.name in html and requirement.title in html and "1 person." in html

    course = requirement.satisfied_by.order_by("pk").first()
    TrainingRecord.objects.create(organization=org, person=person, course=course, result="passed",
                                  completed_on=timezone.localdate())

    rows = [r for r in gaps.person_page(org, only_gaps=True, limit=500).rows if r.person == person]
    assert all(line.requirement_id != requirement.pk for r in rows for line in r.gaps)
    html = c.get(f"/o/{org.slug}/competence/?person={person.pk}").content.decode()
    assert "Plan an action<span class=\"visually-hidden\"> for " + person.name + ": " + requirement.title \
        not in html


def test_demo_has_requirements_evidence_actions_and_gaps(acme_health):
    org, _manager = acme_health
    roles_held = set(RoleAssignment.objects.for_org(org).values_list("role_id", flat=True))
    for role in roles_held:
        n = CompetenceRequirement.objects.for_org(org).filter(role_id=role).count()
        assert 1 <= n <= 4
    assert CompetenceEvidence.objects.for_org(org).exists()
    actions = CompetenceAction.objects.for_org(org)
    today = timezone.localdate()
    # a certified organisation keeps competence up (issue #19): no gap left, no action overdue
    assert not actions.filter(status__in=("planned", "in_progress"), due_date__lt=today).exists()
    assert gaps.person_page(org, only_gaps=True).count == 0
    assert competence_demo.build(org, _manager) == {"requirements": 0, "evidence": 0, "actions": 0}
