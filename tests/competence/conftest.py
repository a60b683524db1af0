"""A small world for the competence tests: people, roles, assignments, courses and training records, made
directly through the models of the apps below (people, training), and a factory for more people."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.competence.models import CompetenceEvidence, CompetenceRequirement
from forty2.people.models import AimsRole, Department, Person, RoleAssignment, RoleKind
from forty2.tenancy.models import Role
from forty2.training.models import Course, TrainingRecord

TODAY = timezone.localdate()


class World:
    def __init__(self, org, manager):
        self.org, self.manager = org, manager
        self.dept = Department.objects.create(organization=org, name="Clinical AI")
        self.operator = AimsRole.objects.create(organization=org, name="AI operator", kind=RoleKind.AI_OPERATOR)
        self.auditor = AimsRole.objects.create(organization=org, name="Internal auditor",
                                               kind=RoleKind.INTERNAL_AUDITOR)
        self.course = Course.objects.create(organization=org, title="Operating AI safely", validity_months=12)
        self.literacy = CompetenceRequirement.objects.create(
            organization=org, role=self.operator, title="AI literacy for operators", kind="knowledge")
        self.literacy.satisfied_by.add(self.course)
        self.experience = CompetenceRequirement.objects.create(
            organization=org, role=self.operator, title="Six months on the ward system", kind="experience",
            mandatory=False)
        self.audit_skill = CompetenceRequirement.objects.create(
            organization=org, role=self.auditor, title="Auditing to ISO/IEC 42001", kind="qualification")

    def person(self, name, *roles, department=None, **extra):
        p = Person.objects.create(organization=self.org, name=name, department=department or self.dept, **extra)
        for role in roles:
            RoleAssignment.objects.create(organization=self.org, role=role, person=p)
        return p

    def train(self, person, course=None, result="passed", expires_on=None, completed_on=None):
        return TrainingRecord.objects.create(organization=self.org, person=person, course=course or self.course,
                                             result=result, completed_on=completed_on or TODAY,
                                             expires_on=expires_on)

    def evidence(self, person, requirement, expires_on=None, **extra):
        return CompetenceEvidence.objects.create(organization=self.org, person=person, requirement=requirement,
                                                 title=f"Evidence of {requirement}", obtained_on=TODAY,
                                                 expires_on=expires_on, **extra)


@pytest.fixture
def world(acme, member):
    return World(acme, member(Role.AIMS_MANAGER))


def days(n):
    return TODAY + dt.timedelta(days=n)
