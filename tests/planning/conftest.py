import pytest

from forty2.inventory import services as inventory
from forty2.people.models import Person
from forty2.tenancy.models import Role


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")


@pytest.fixture
def approver(member):
    """A second AIMS manager: the other pair of eyes."""
    return member(Role.AIMS_MANAGER, email="approver@acme.example")


@pytest.fixture
def system(manager):
    """system(name, tier="", **fields) -> a new AI system of acme."""

    def make(name="Radiology triage", tier="", **fields):
        s = inventory.create_ai_system(manager, {"name": name, "purpose": "Orders the worklist.", **fields})
        if tier:
            type(s).objects.filter(pk=s.pk).update(ai_act_tier=tier)
            s.refresh_from_db()
        return s

    return make


@pytest.fixture
def people(acme):
    """people(n, org=acme): n people in scope."""

    def make(n, org=None):
        org = org or acme
        Person.objects.bulk_create([Person(organization=org, name=f"Person {i}") for i in range(n)])

    return make
