import pytest

from forty2.incidents import services
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")


@pytest.fixture
def system(manager):
    """system(name, **fields) -> a new AI system of acme (high-risk with ai_act_tier="high_risk")."""

    def make(name="Radiology triage", tier="", **fields):
        s = inventory.create_ai_system(manager, {"name": name, "purpose": "Orders the worklist.", **fields})
        if tier:
            type(s).objects.filter(pk=s.pk).update(ai_act_tier=tier)
            s.refresh_from_db()
        return s

    return make


@pytest.fixture
def channel_on(manager):
    return services.set_channel(manager, enabled=True)
