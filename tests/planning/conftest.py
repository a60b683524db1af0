import pytest

from forty2.people.models import Person
from forty2.tenancy.models import Role
from tests.ai_systems import manager, system  # noqa: F401 (fixtures)


@pytest.fixture
def approver(member):
    """A second AIMS manager: the other pair of eyes."""
    return member(Role.AIMS_MANAGER, email="approver@acme.example")


@pytest.fixture
def people(acme):
    """people(n, org=acme): n people in scope."""

    def make(n, org=None):
        org = org or acme
        Person.objects.bulk_create([Person(organization=org, name=f"Person {i}") for i in range(n)])

    return make
