"""Backup, verify and restore of a large installation (issue 20 "Speed and memory": 5,000 AI systems and 2 GB of
evidence backed up in under 2 minutes on SQLite), on SQLite unless DATABASE_URL is set (then a throw-away
PostgreSQL database on that server). Prints wall time and the peak RSS of each ``forty2`` process; never fails on
timing.

Rows are seeded in bulk (tests/review/bulk.py: AI systems, risks, findings and what they link to), plus ``--files``
evidence files of ``--file-mb`` MB of random bytes each (stored through forty2/files, content-addressed) and
``--events`` audit events appended to the organisation's chain.

    .venv/bin/python bench/backup.py [--systems 5000] [--files 200] [--file-mb 10] [--events 20000]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import bench_env, migrated, run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

SEED = """
import io, os, sys
sys.path.insert(0, ROOT)
from django.db import connection, transaction
from forty2.core import audit
from forty2.files import services as files
from forty2.tenancy.models import Membership
from tests.review.bulk import populate
owner = Membership.objects.select_related('organization', 'user').get(user__email='bench@example.com')
org = owner.organization
populate(org, owner.user, systems=SYSTEMS, risks=SYSTEMS, findings=SYSTEMS // 5)
for i in range(FILES):
    files.store(org, io.BytesIO(os.urandom(FILE_BYTES)), f'evidence-{i:04d}.bin', content_type='application/pdf',
                max_bytes=FILE_BYTES + 1)
for start in range(0, EVENTS, 1000):
    with transaction.atomic():
        for i in range(start, min(EVENTS, start + 1000)):
            audit.record('bench.event', org=org, actor=owner.user, object_type='bench', object_id=str(i),
                         changes={'n': i})
if connection.vendor == 'postgresql':
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE')
"""


def measured(args, env) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one ``forty2`` process."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "forty2.cli", *args], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status:
        sys.exit(f"forty2 {' '.join(args)} failed:\n{process.stderr.read().decode()[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=5000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--file-mb", type=float, default=10)
    parser.add_argument("--events", type=int, default=20000)
    opts = parser.parse_args()
    file_bytes = int(opts.file_mb * 1024 * 1024)
    out = Path(tempfile.mkdtemp(prefix="forty2-backup-bench-"))
    with bench_env() as (env, db):
        env = {**env, "PYTHONPATH": str(ROOT)}
        migrated(env)
        script = (SEED.replace("ROOT", repr(str(ROOT))).replace("SYSTEMS", str(opts.systems))
                  .replace("FILES", str(opts.files)).replace("FILE_BYTES", str(file_bytes))
                  .replace("EVENTS", str(opts.events)))
        run(["shell", "-c", script], env)
        archive = out / "bench.backup"
        rows = [("backup", *measured(["backup", "-o", str(archive)], env)),
                ("backup verify", *measured(["backup", "verify", str(archive)], env))]
        size = archive.stat().st_size
    with bench_env() as (target, _db):  # restore into an empty installation of the same database kind
        target = {**target, "PYTHONPATH": str(ROOT)}
        if db == "PostgreSQL" and "DATABASE_URL" not in target:
            target = None
        if target:
            run(["migrate", "--verbosity", "0"], target)
            rows.append(("restore", *measured(["restore", str(archive)], target)))
    archive.unlink()
    out.rmdir()
    print(f"Backup of {opts.systems:,} AI systems, {opts.systems:,} risks, {opts.files} files of {opts.file_mb:g} MB "
          f"and {opts.events:,} audit events ({db}); archive {size / 2**20:,.0f} MB")
    print(f"{'step':<16}{'seconds':>10}{'peak RSS MB':>14}")
    for step, seconds, rss in rows:
        print(f"{step:<16}{seconds:>10.1f}{rss:>14.0f}")


if __name__ == "__main__":
    main()
