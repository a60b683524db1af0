import pytest

from forty2.tenancy.models import Role


@pytest.fixture
def owner(member):
    return member(Role.OWNER)


def decide_all(api, applicable=True, status="implemented"):
    """Mark every undecided entry applicable and implemented through the API."""
    for e in api.get("/orgs/acme/soa").json_body["items"]:
        if e["applicable"] is None:
            r = api.patch(f"/orgs/acme/soa/{e['ref']}", {"applicable": applicable, "status": status,
                                                          "justification": "Needed for our AI risks.",
                                                          "version": e["version"]})
            assert r.status_code == 200, r.json_body
