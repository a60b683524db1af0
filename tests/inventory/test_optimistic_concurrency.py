"""Two people editing the same record: the first save wins, the second is told the record changed (409 with
the current version) and nothing of theirs is applied silently (docs/architecture.md "API conventions": version)."""

import pytest

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role


@pytest.fixture
def two_editors(owner_api, api_as):
    return owner_api, api_as(Role.AIMS_MANAGER)


def test_the_first_save_wins_and_the_second_gets_409_with_the_current_version(two_editors, acme):
    alice, bob = two_editors
    sid = alice.post("/orgs/acme/ai-systems", {"name": "Readmission risk", "purpose": "p"}).json_body["id"]
    read_by_alice = alice.get(f"/orgs/acme/ai-systems/{sid}").json_body
    read_by_bob = bob.get(f"/orgs/acme/ai-systems/{sid}").json_body
    assert read_by_alice["version"] == read_by_bob["version"] == 1

    first = alice.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "criticality": "high"})
    assert first.status_code == 200 and first.json_body["version"] == 2
    events = AuditEvent.objects.filter(organization=acme).count()

    second = bob.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "criticality": "low", "description": "Bob"})
    assert second.status_code == 409
    assert second.json_body["current_version"] == 2
    assert "current is 2" in second.json_body["detail"]

    now = bob.get(f"/orgs/acme/ai-systems/{sid}").json_body
    assert (now["version"], now["criticality"], now["description"]) == (2, "high", "")
    assert AuditEvent.objects.filter(organization=acme).count() == events

    retry = bob.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 2, "description": "Bob"})
    assert retry.status_code == 200 and retry.json_body["version"] == 3
    assert retry.json_body["criticality"] == "high"


def test_a_version_from_the_future_is_409_too(owner_api):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "Chatbot", "purpose": "p"}).json_body["id"]
    r = owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 5, "name": "Renamed"})
    assert r.status_code == 409 and r.json_body["current_version"] == 1


@pytest.mark.parametrize("path", ["models", "datasets", "suppliers"])
def test_linked_records_use_the_same_rule(two_editors, path):
    alice, bob = two_editors
    rid = alice.post(f"/orgs/acme/{path}", {"name": "Original"}).json_body["id"]
    assert alice.patch(f"/orgs/acme/{path}/{rid}", {"version": 1, "name": "Alice's"}).json_body["version"] == 2
    r = bob.patch(f"/orgs/acme/{path}/{rid}", {"version": 1, "name": "Bob's"})
    assert r.status_code == 409 and r.json_body["current_version"] == 2
    assert alice.get(f"/orgs/acme/{path}/{rid}").json_body["name"] == "Alice's"


def test_an_archived_system_cannot_be_changed(owner_api):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "Prototype", "purpose": "p"}).json_body["id"]
    owner_api.delete(f"/orgs/acme/ai-systems/{sid}")
    r = owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 2, "name": "Back"})
    assert r.status_code == 409
    assert "archived" in r.json_body["detail"]
    archived = owner_api.get("/orgs/acme/ai-systems?archived=true").json_body["items"]
    assert [(s["name"], s["version"]) for s in archived] == [("Prototype", 2)]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_the_same_version_let_exactly_one_win(member, acme):
    """Both requests read version 1 and save at the same moment: the row lock makes the second one see
    version 2 and refuse. SQLite runs one write transaction at a time, so the race needs PostgreSQL."""
    import threading

    from django.db import connection, connections

    from forty2.core.errors import StaleVersion
    from forty2.inventory import services
    from forty2.inventory.models import AISystem

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    owner = member(Role.OWNER)
    system = services.create_ai_system(owner, {"name": "Speech to text", "purpose": "p"})
    start = threading.Barrier(2, timeout=10)
    outcomes = []

    def save(text):
        try:
            start.wait()
            services.update_ai_system(owner, system, {"description": text}, version=1)
            outcomes.append("saved")
        except StaleVersion as exc:
            outcomes.append(f"stale:{exc.current}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["saved", "stale:2"]
    stored = AISystem.objects.get(pk=system.pk)
    assert stored.version == 2 and stored.description in {"first", "second"}
    assert AuditEvent.objects.filter(organization=acme, action="ai_system.update").count() == 1
