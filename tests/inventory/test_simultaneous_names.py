"""Two people registering the same name at the same moment: one record is created, the others are told the
name is taken (422 naming the field), never a server error. The check-then-insert race only exists where
write transactions run side by side, i.e. on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from forty2.core.errors import InvalidInput
from forty2.inventory import linked, services
from forty2.inventory.models import AISystem, Dataset
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)
WRITERS = 4


def _at_once(write):
    start = threading.Barrier(WRITERS, timeout=10)
    outcomes = []

    def run():
        try:
            start.wait()
            write()
            outcomes.append("created")
        except InvalidInput as exc:
            outcomes.append(tuple(exc.errors[0]["loc"]) + (exc.errors[0]["type"],))
        except Exception as exc:  # anything else would be a 500 for the user
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return sorted(outcomes, key=str)


@pytest.fixture
def owner(member):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    return member(Role.OWNER)


def test_same_system_name_at_once(owner, acme):
    outcomes = _at_once(lambda: services.create_ai_system(owner, {"name": "Triage", "purpose": "p"}))
    assert outcomes.count("created") == 1, outcomes
    assert outcomes.count(("body", "name", "duplicate")) == WRITERS - 1, outcomes
    assert AISystem.objects.filter(organization=acme, name="Triage").count() == 1


def test_renaming_to_the_same_name_at_once(owner, acme):
    systems = [services.create_ai_system(owner, {"name": f"S{i}", "purpose": "p"}) for i in range(WRITERS)]
    pending = list(systems)
    lock = threading.Lock()

    def rename():
        with lock:
            system = pending.pop()
        services.update_ai_system(owner, system, {"name": "Wanted"}, version=1)

    outcomes = _at_once(rename)
    assert outcomes.count("created") == 1, outcomes
    assert outcomes.count(("body", "name", "duplicate")) == WRITERS - 1, outcomes


def test_same_dataset_name_at_once(owner, acme):
    outcomes = _at_once(lambda: linked.create(Dataset, owner, {"name": "Admissions"}))
    assert outcomes.count("created") == 1, outcomes
    assert outcomes.count(("body", "name", "duplicate")) == WRITERS - 1, outcomes
    assert Dataset.objects.filter(organization=acme).count() == 1
