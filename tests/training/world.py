"""A small organisation for the training tests: people (some with a login), AIMS roles, AI systems (one high-risk)
and their role holders, courses; records made through the kit's write path."""

import datetime as dt

from django.utils import timezone

from forty2.inventory import services as inventory
from forty2.inventory.models import AISystem
from forty2.people.models import AimsRole, Department, Person, RoleAssignment, RoleKind
from forty2.tenancy.models import Role
from forty2.training import faces
from forty2.training.definitions import COURSE, SESSION, TRAINING_RECORD
from forty2.training.models import Course

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


class World:
    def __init__(self, member, org=None):
        self.manager = member(Role.AIMS_MANAGER, org=org)
        self.org = self.manager.organization
        org = self.org
        self.clinical = Department.objects.create(organization=org, name="Clinical")
        self.it = Department.objects.create(organization=org, name="IT")
        self.roles = {k: AimsRole.objects.create(organization=org, name=label, kind=k)
                      for k, label in ((RoleKind.AIMS_MANAGER, "AIMS manager"),
                                       (RoleKind.AI_OPERATOR, "AI operator"),
                                       (RoleKind.HUMAN_OVERSIGHT, "Human overseer"),
                                       (RoleKind.AI_SYSTEM_OWNER, "System owner"))}
        self.triage = inventory.create_ai_system(self.manager, {"name": "Triage", "purpose": "Orders the queue."})
        self.chatbot = inventory.create_ai_system(self.manager, {"name": "Chatbot", "purpose": "Answers."})
        AISystem.objects.filter(pk=self.triage.pk).update(ai_act_tier="high_risk")
        AISystem.objects.filter(pk=self.chatbot.pk).update(ai_act_tier="limited_risk")
        self.triage.refresh_from_db()
        self.chatbot.refresh_from_db()
        self.priya = Person.objects.create(organization=org, name="Priya Raman", email="priya@acme.example",
                                           user=self.manager.user, department=self.it)
        self.ann = Person.objects.create(organization=org, name="Ann Operator", department=self.clinical)
        self.olu = Person.objects.create(organization=org, name="Olu Overseer", department=self.clinical)
        self.assign(self.priya, RoleKind.AIMS_MANAGER)
        self.assign(self.ann, RoleKind.AI_OPERATOR, self.triage)
        self.assign(self.olu, RoleKind.HUMAN_OVERSIGHT, self.triage)
        self.assign(self.olu, RoleKind.AI_OPERATOR, self.chatbot)
        self.basics = self.course("AI literacy basics", level="awareness", months=24)
        self.oversight = self.course("Human oversight", level="practitioner", months=12)
        self.triage_course = self.course("Triage tool", level="practitioner", months=12, systems=[self.triage])
        self.privacy = self.course("Data protection", months=None)

    def assign(self, person, kind, system=None, **dates):
        return RoleAssignment.objects.create(organization=self.org, person=person, role=self.roles[kind],
                                             ai_system=system, **dates)

    def course(self, title, level="", months=None, systems=()) -> Course:
        data = {"title": title, "literacy_level": level, "validity_months": months,
                "ai_systems": [s.pk for s in systems]}
        return faces.COURSE_ACCESS.do_create(COURSE, self.manager, data)

    def session(self, name, course, held_on=None):
        return faces.create(faces.SESSION_ACCESS, SESSION, self.manager, {"name": name, "held_on": held_on},
                            {"course": course})

    def record(self, person, course, completed_on=None, result="passed", membership=None, **data):
        related = {"person": person, "course": course}
        if "session" in data:
            related["session"] = data.pop("session")
        values = {"completed_on": completed_on, "result": result, **data}
        return faces.create(faces.RECORD_ACCESS, TRAINING_RECORD, membership or self.manager, values, related)
