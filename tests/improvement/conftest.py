import pytest

from forty2.tenancy.models import Role


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")
