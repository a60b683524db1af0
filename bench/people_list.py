"""Latency of the people list API (ISO/IEC 42001 5.3): a page of 50 of 5,000 people through the production server
(gunicorn), in ms — the first page, a page in the middle, sorted by department, filtered by department and searched.

SQLite unless DATABASE_URL is set (then a scratch PostgreSQL database). Prints p50/p95/p99 and the SQL statements
of one call; never fails on timing (issue #17: under 30 ms p50 on both databases).

    .venv/bin/python bench/people_list.py [--people 5000] [--requests 200] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/people_list.py
"""

import argparse
import http.client
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

from api_latency import bench_env, free_port, percentile, report, run, timed

SEED = """
from django.utils import timezone
from forty2.people.models import Department, Person
from forty2.tenancy.models import Membership

m = Membership.objects.select_related('organization').get(user__email='bench@example.com')
org = m.organization
departments = Department.objects.bulk_create([Department(organization=org, name=f'Department {i}') for i in range(6)])
now = timezone.now()
Person.objects.bulk_create([Person(organization=org, name=f'Person {i:05d}', email=f'person{i}@bench.example',
                                   job_title='Nurse' if i % 3 else 'Analyst', department=departments[i % 6],
                                   start_date=now.date(), created_at=now, updated_at=now)
                            for i in range({people})], batch_size=1000)
from forty2.inventory.models import AISystem
AISystem.objects.bulk_create([AISystem(organization=org, name=f'System {i:03d}', purpose='Reference')
                              for i in range(50)])
print(departments[2].pk)
"""

STATEMENTS = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(SERVER_NAME='localhost', headers={'Authorization': 'Bearer {token}'})
client.get('/api/v1/orgs/bench/people?limit=50')
with CaptureQueriesContext(connection) as captured:
    answer = client.get('/api/v1/orgs/bench/people?limit=50&offset=2500')
    assert answer.status_code == 200, answer.content
print(len(captured.captured_queries))
"""


@contextmanager
def gunicorn(env, workers: int, wait_seconds: int = 120):
    """`forty2 serve` (no task worker) on a free port, waiting up to ``wait_seconds`` for it (a busy machine takes
    longer than the shared helper's ten seconds to collect the static files); one keep-alive connection."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "forty2.cli", "serve", "--port", str(port), "--workers",
                               str(workers), "--no-worker"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(wait_seconds * 10):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    opts = parser.parse_args()

    with bench_env() as (env, db):
        run(["migrate", "--verbosity", "0"], env)
        run(["createadmin", "--email", "bench@example.com", "--org", "bench", "--password", "bench-password-1"], env)
        department = run(["shell", "-c", SEED.replace("{people}", str(opts.people))], env).strip().splitlines()[-1]
        token = run(["token", "create", "--email", "bench@example.com", "--org", "bench"], env)
        statements = run(["shell", "-c", STATEMENTS.replace("{token}", token)], env).strip().splitlines()[-1]
        base = "/api/v1/orgs/bench/people?limit=50"
        calls = {
            "first page": base,
            "middle page": f"{base}&offset={opts.people // 2}",
            "by department": f"{base}&ordering=department&offset={opts.people // 2}",
            "one department": f"{base}&department={department}",
            "search": f"{base}&q=person%2001",
            "AI systems (50)": "/api/v1/orgs/bench/ai-systems?limit=50",  # the reference, same machine and run
        }
        with gunicorn(env, opts.workers) as conn:
            auth = {"Authorization": f"Bearer {token}"}
            for path in calls.values():
                for _ in range(10):
                    _ms, body = timed(conn, "GET", path, auth)
                assert len(body["items"]) == 50 or "q=" in path, path
            results = {name: [] for name in calls}
            for _ in range(opts.requests):
                for name, path in calls.items():
                    results[name].append(timed(conn, "GET", path, auth)[0])
    print(f"People list API, a page of 50 of {opts.people} people, via gunicorn ({opts.workers} workers, {db}, "
          f"{opts.requests} requests each), ms")
    report(results, width=16)
    print(f"SQL statements for one page: {statements}")
    middle, reference = percentile(results["middle page"], 50), percentile(results["AI systems (50)"], 50)
    print(f"p50 of the middle page: {middle:.2f} ms (target < 30 ms), {middle / reference:.2f}x the AI system list")


if __name__ == "__main__":
    main()
