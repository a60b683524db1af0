"""Fixtures shared by the test directories that need an AIMS manager of ``acme`` and AI systems of theirs
(tests/incidents, tests/planning); each conftest imports them, as with tests/embedded.py."""

import pytest

from forty2.inventory import services as inventory
from forty2.tenancy.models import Role


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")


@pytest.fixture
def system(manager):
    """system(name, tier="", **fields) -> a new AI system of acme (high-risk with tier="high_risk")."""

    def make(name="Radiology triage", tier="", **fields):
        s = inventory.create_ai_system(manager, {"name": name, "purpose": "Orders the worklist.", **fields})
        if tier:
            type(s).objects.filter(pk=s.pk).update(ai_act_tier=tier)
            s.refresh_from_db()
        return s

    return make
