"""Concurrent writers neither fork an audit chain nor lose events (docs/architecture.md, "Audit chain": appends
are serialised per chain — SQLite: WAL and BEGIN IMMEDIATE; PostgreSQL: a transaction-level advisory lock).

On SQLite the writers are separate processes on one database file, as `forty2 serve` workers would be. On
PostgreSQL they are threads with their own connections. Each variant runs only on its own database; CI runs
the suite on both.
"""

import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections

from forty2.core import audit
from forty2.core.models import AuditEvent
from forty2.inventory import services
from forty2.inventory.models import AISystem
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Role
from tests.embedded import forty2_env, run_forty2

WRITERS, PER_WRITER = 4, 15

WORKER = """
import pathlib, sys, time
import django
django.setup()
from forty2.inventory import services
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership

n, k, d = int(sys.argv[1]), int(sys.argv[2]), pathlib.Path(sys.argv[3])
m = Membership.objects.select_related("organization", "user").get(user__email="owner@acme.example")
(d / f"ready-{n}").touch()
while not (d / "go").exists():
    time.sleep(0.002)
for i in range(k):
    system = services.create_ai_system(m, {"name": f"w{n}-{i}", "purpose": "p"})
    services.update_ai_system(m, system, {"description": f"changed by {n}"}, version=1)
    tenancy.add_member(m.organization, email=f"w{n}-{i}@acme.example", role="viewer")  # both chains
"""


def _assert_gapless(rows):
    """rows: (chain, seq, prev_hash, hash) ordered by chain, seq."""
    by_chain = {}
    for chain, seq, prev_hash, digest in rows:
        by_chain.setdefault(chain, []).append((seq, prev_hash, digest))
    for chain, events in by_chain.items():
        assert [seq for seq, _p, _h in events] == list(range(1, len(events) + 1)), chain
        for (_s, _p, previous), (_s2, prev_hash, _h) in zip(events, events[1:], strict=False):
            assert prev_hash == previous, f"{chain} forked"
    return {chain: len(events) for chain, events in by_chain.items()}


@pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                    reason="the multi-process SQLite variant runs when the suite runs on SQLite")
def test_concurrent_processes_on_sqlite_keep_every_chain_whole(data_dir):
    db = data_dir / "forty2.sqlite3"
    with sqlite3.connect(db) as conn:
        before = _assert_gapless(conn.execute(
            "SELECT chain, seq, prev_hash, hash FROM core_auditevent ORDER BY chain, seq").fetchall())
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(n), str(PER_WRITER), str(data_dir)],
                              env=forty2_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(WRITERS)]
    deadline = time.monotonic() + 120
    while len(list(data_dir.glob("ready-*"))) < WRITERS:
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), \
            [p.communicate() for p in procs if p.poll() is not None]
        time.sleep(0.02)
    (data_dir / "go").touch()
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err

    with sqlite3.connect(db) as conn:
        after = _assert_gapless(conn.execute(
            "SELECT chain, seq, prev_hash, hash FROM core_auditevent ORDER BY chain, seq").fetchall())
        systems = conn.execute("SELECT COUNT(*) FROM inventory_aisystem WHERE version = 2").fetchone()[0]
        org_id = conn.execute("SELECT id FROM tenancy_organization WHERE slug = 'acme'").fetchone()[0]
    assert systems == WRITERS * PER_WRITER
    # per round: create + update + membership on the organisation's chain, the new user on the installation's
    assert after[f"org:{org_id}"] - before.get(f"org:{org_id}", 0) == WRITERS * PER_WRITER * 3
    assert after["installation"] - before["installation"] == WRITERS * PER_WRITER

    verified = run_forty2(data_dir, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"acme: {after[f'org:{org_id}']} events, intact" in verified.stdout


@pytest.mark.django_db(transaction=True)
def test_concurrent_connections_on_postgresql_keep_every_chain_whole(member, acme):
    if connection.vendor != "postgresql":
        pytest.skip("the threaded variant needs PostgreSQL (set DATABASE_URL)")
    owner = member(Role.OWNER)
    start = threading.Barrier(WRITERS, timeout=30)
    errors = []
    org_before = AuditEvent.objects.filter(organization=acme).count()
    inst_before = AuditEvent.objects.filter(chain="installation").count()

    def write(n):
        try:
            start.wait()
            for i in range(PER_WRITER):
                system = services.create_ai_system(owner, {"name": f"w{n}-{i}", "purpose": "p"})
                services.update_ai_system(owner, system, {"description": f"changed by {n}"}, version=1)
                tenancy.add_member(acme, email=f"w{n}-{i}@acme.example", role=Role.VIEWER)
        except Exception as exc:  # reported below; a thread's exception would otherwise be lost
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert AISystem.objects.filter(organization=acme, version=2).count() == WRITERS * PER_WRITER
    counts = _assert_gapless(AuditEvent.objects.order_by("chain", "seq")
                             .values_list("chain", "seq", "prev_hash", "hash"))
    assert counts[audit.chain_for(acme)] - org_before == WRITERS * PER_WRITER * 3
    assert counts["installation"] - inst_before == WRITERS * PER_WRITER
    assert all(report.ok for report in audit.verify()), [r.line() for r in audit.verify()]
