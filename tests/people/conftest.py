"""Fixtures of the people tests: an AIMS manager of Acme, and helpers that write through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.inventory import services as inventory
from forty2.people import services
from forty2.people.definitions import AIMS_ROLE, DEPARTMENT, PERSON, ROLE_ASSIGNMENT
from forty2.tenancy.models import Role


def days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")


class Make:
    def __init__(self, by):
        self.by = by

    def department(self, name="Clinical services", **data):
        return services.create(DEPARTMENT, self.by, {"name": name, **data})

    def person(self, name="Ana Silva", **data):
        return services.create(PERSON, self.by, {"name": name, **data})

    def role(self, name="AIMS manager", kind="aims_manager", written=True, **data):
        text = {"responsibilities": "Runs the AIMS.", "authorities": "Approves AIMS documents."} if written else {}
        return services.create(AIMS_ROLE, self.by, {"name": name, "kind": kind, **text, **data})

    def assign(self, role, person, system=None, **data):
        return services.create(ROLE_ASSIGNMENT, self.by, {"role": role.pk, "person": person.pk,
                                                          "ai_system": system.pk if system else None, **data})

    def system(self, name="Triage", **data):
        return inventory.create_ai_system(self.by, {"name": name, "purpose": "Orders the queue.", **data})


@pytest.fixture
def make(manager):
    return Make(manager)
