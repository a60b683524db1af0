import pytest
from django.utils import timezone

from forty2.audits import scope, services
from forty2.inventory import services as inventory
from forty2.people.models import Department, Person
from forty2.tenancy.models import Role


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")


@pytest.fixture
def owner(member):
    return member(Role.OWNER, email="owner@acme.example")


@pytest.fixture
def person():
    """person(name, org, user=None, department=None) -> a Person of the register."""

    def make(name, org, user=None, department=None):
        now = timezone.now()
        return Person.objects.create(organization=org, name=name, user=user, department=department,
                                     created_at=now, updated_at=now)

    return make


@pytest.fixture
def department():
    def make(name, org):
        now = timezone.now()
        return Department.objects.create(organization=org, name=name, created_at=now, updated_at=now)

    return make


@pytest.fixture
def system(manager):
    def make(name="Radiology triage", **fields):
        return inventory.create_ai_system(manager, {"name": name, "purpose": "Orders the worklist.", **fields})

    return make


FULL = {"scope_clauses": [r for r, _t in scope.clauses()], "scope_controls": [r for r, _t in scope.controls()]}


@pytest.fixture
def audit(manager):
    """audit(**data) -> a planned internal audit of acme (full scope unless told)."""

    def make(title="Internal audit 2026", **data):
        return services.create_audit(manager, {"title": title, "kind": "internal", **FULL,
                                               "planned_start": "2026-03-02", "planned_end": "2026-03-04",
                                               **data})

    return make
