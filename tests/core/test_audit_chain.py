"""`forty2 audit verify` recomputes the hash chains and names the first broken link (ISO/IEC 42001 7.5.3;
docs/architecture.md, "Audit chain"). Tampering is done the way an attacker with database access would: raw SQL."""

import hashlib
import json

import pytest
from django.db import connection

from forty2.core import audit
from forty2.core.models import AuditEvent, ChainHead
from forty2.inventory import services
from forty2.tenancy.models import Role

from .chain_tools import sql, verify


@pytest.fixture
def history(member, acme, globex):
    """Five AI systems in Acme (events 1..n of its chain, after its creation and its owner) and one in Globex."""
    owner = member(Role.OWNER)
    for i in range(5):
        services.create_ai_system(owner, {"name": f"System {i}", "purpose": "p"})
    services.create_ai_system(member(Role.OWNER, globex), {"name": "Globex system", "purpose": "p"})
    return list(AuditEvent.objects.filter(organization=acme).order_by("seq"))


def test_an_untouched_log_verifies_and_prints_a_summary(history):
    code, out, err = verify()
    assert code == 0, err
    assert "acme: 7 events, intact" in out
    assert "globex: " in out and "installation: " in out
    total = AuditEvent.objects.count()
    assert out.strip().splitlines()[-1] == f"OK: 3 chain(s), {total} events verified"


def test_each_event_hashes_the_previous_hash_and_its_canonical_text(history):
    prev = audit.GENESIS
    for seq, event in enumerate(history, start=1):
        assert event.seq == seq
        assert event.prev_hash == prev
        assert event.hash == hashlib.sha256((prev + event.canonical).encode()).hexdigest()
        assert event.canonical == json.dumps(json.loads(event.canonical), sort_keys=True, separators=(",", ":"),
                                             ensure_ascii=False)
        prev = event.hash
    assert ChainHead.objects.get(chain=history[0].chain).hash == prev


@pytest.mark.parametrize("column,value,reason", [
    ("changes", '{"name": "Innocent"}', "column 'changes' differs from the hashed content"),
    ("action", "ai_system.view", "column 'action' differs from the hashed content"),
    ("object_repr", "Something else", "column 'object_repr' differs from the hashed content"),
    ("canonical", '{"action":"nothing"}', "hash does not match the recorded content"),
    ("hash", "f" * 64, "hash does not match the recorded content"),
])
def test_altering_a_column_of_an_event_breaks_the_chain_there(history, column, value, reason):
    target = history[2]
    sql(f"UPDATE core_auditevent SET {column} = %s WHERE id = %s", [value, target.pk])
    code, out, err = verify()
    assert code == 1
    assert f"broken at event {target.pk} (acme, seq 3): {reason}" in err
    assert "globex" not in err  # the other organisations' chains are intact


def test_altering_the_time_of_an_event_breaks_the_chain(history):
    target = history[1]
    AuditEvent.objects.filter(pk=target.pk).update(created_at=target.created_at.replace(year=2020))
    code, _out, err = verify("--org", "acme")
    assert code == 1
    assert f"broken at event {target.pk} (acme, seq 2): column 'created_at' differs" in err


def test_deleting_a_middle_event_is_named(history):
    sql("DELETE FROM core_auditevent WHERE id = %s", [history[2].pk])
    code, _out, err = verify()
    assert code == 1
    assert f"broken at event {history[3].pk} (acme, seq 4): seq 3 is missing (event removed)" in err


def test_deleting_a_middle_event_and_renumbering_the_rest_is_named(history):
    sql("DELETE FROM core_auditevent WHERE id = %s", [history[2].pk])
    for event in history[3:]:
        sql("UPDATE core_auditevent SET seq = seq - 1 WHERE id = %s", [event.pk])
    code, _out, err = verify()
    assert code == 1
    assert f"broken at event {history[3].pk} (acme, seq 3): prev_hash does not match" in err


def test_deleting_the_newest_event_is_named(history):
    sql("DELETE FROM core_auditevent WHERE id = %s", [history[-1].pk])
    code, _out, err = verify()
    assert code == 1
    assert (f"broken at event {history[-2].pk} (acme, seq {len(history) - 1}): chain head records seq "
            f"{len(history)}") in err


def test_org_option_checks_only_that_organisation(history, globex):
    foreign = AuditEvent.objects.filter(organization=globex).first()
    sql("UPDATE core_auditevent SET action = %s WHERE id = %s", ["tampered", foreign.pk])
    code, out, _err = verify("--org", "acme")
    assert code == 0
    assert "acme: 7 events, intact" in out and "globex" not in out
    code, _out, err = verify("--org", "globex")
    assert code == 1 and f"broken at event {foreign.pk} (globex, seq 1)" in err


def test_unknown_org_exits_2(history):
    code, _out, err = verify("--org", "no-such-org")
    assert code == 2
    assert "no-such-org" in err


def test_keys_reordered_by_the_database_do_not_break_the_chain(member, acme):
    """PostgreSQL's jsonb stores keys shortest-first ({"b":…, "aa":…}); the hash covers the canonical text
    (sorted keys), never a re-serialised column, so the chain stays intact on every database."""
    from forty2.core.audit import record

    event = record("test.keys", org=acme, changes={"aa": 1, "b": {"zz": 2, "y": 3}})
    assert '"changes":{"aa":1,"b":{"y":3,"zz":2}}' in event.canonical
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes FROM core_auditevent WHERE id = %s", [event.pk])
        stored = cursor.fetchone()[0]
    stored_text = stored if isinstance(stored, str) else json.dumps(stored)
    if connection.vendor == "postgresql":
        assert stored_text.index('"b"') < stored_text.index('"aa"')  # jsonb did re-order
    code, out, err = verify("--org", "acme")
    assert code == 0, err
