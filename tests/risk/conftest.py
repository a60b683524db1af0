import pytest

from forty2.tenancy.models import Role


@pytest.fixture
def system(owner_api):
    """create(name="Sepsis early warning", **fields) -> id of a new AI system of acme."""

    def make(name="Sepsis early warning", **fields):
        r = owner_api.post("/orgs/acme/ai-systems", {"name": name, "purpose": "Flag sepsis risk early", **fields})
        assert r.status_code == 201, r.json_body
        return r.json_body["id"]

    return make


@pytest.fixture
def manager_api(api_as):
    return api_as(Role.AIMS_MANAGER)


@pytest.fixture
def contributor_api(api_as):
    return api_as(Role.CONTRIBUTOR)
