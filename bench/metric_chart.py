"""Latency of a metric's page with its chart of 1,000 measurements, through the production server (gunicorn), in ms
(issue #17 "Speed": under 30 ms p50 on SQLite and PostgreSQL).

Seeds one metric with 1,000 measurements (three years of daily values crossing the warning and breach thresholds),
then times, over one keep-alive connection: the metric's page (status, chart, data table, batch form, history),
the chart's page for a metric with 30 measurements for comparison, and the API's list of measurements (page of 50).
SQLite unless DATABASE_URL is set (then a scratch PostgreSQL database). Prints p50/p95/p99; never fails on timing.

    .venv/bin/python bench/metric_chart.py [--requests 200] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/metric_chart.py
"""

import argparse
import http.client
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

from api_latency import bench_env, free_port, percentile, report, run

SEED = """
import datetime as dt
import random
from django.conf import settings
from django.test import Client
from django.utils import timezone
from forty2.monitoring import faces, services
from forty2.monitoring.definitions import METRIC
from forty2.tenancy.models import Membership

m = Membership.objects.select_related('organization', 'user').get(user__email='bench@example.com')
def metric(name, n):
    made = faces.METRIC_ACCESS.do_create(METRIC, m, {
        'name': name, 'unit': '%', 'frequency': 'daily', 'direction': 'higher_is_better', 'target_value': '95',
        'warning_threshold': '90', 'breach_threshold': '85', 'method': 'Share of alerts reviewed in an hour',
        'data_source': 'Alert log', 'owner': 'bench@example.com'})
    rng, now = random.Random(name), timezone.now()
    rows = [{'measured_at': now - dt.timedelta(days=n - i, hours=2), 'value': f'{rng.uniform(82, 99):.2f}'}
            for i in range(n)]
    services.add_measurements(m, made, rows, source='csv')
    return made.pk
big, small = metric('Alerts reviewed within an hour', 1000), metric('Small metric', 30)
client = Client()
client.force_login(m.user)
print(big, small, settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
"""


@contextmanager
def gunicorn(env, workers: int, wait: float = 180):
    """`forty2 serve` (no task worker) on a free port, waited for up to ``wait`` seconds (its migrate and
    collectstatic take a while on a busy machine); yields one keep-alive connection to it."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "forty2.cli", "serve", "--port", str(port), "--workers",
                               str(workers), "--no-worker"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=20)


def fetch(conn, path, headers) -> float:
    """ms for one GET answered 200 (a page or JSON, read whole)."""
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise RuntimeError(f"GET {path} -> {response.status}: {data[:200]!r}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    opts = parser.parse_args()

    with bench_env() as (env, db):
        run(["migrate", "--verbosity", "0"], env)
        run(["createadmin", "--email", "bench@example.com", "--org", "bench", "--password", "bench-password-1"], env)
        big, small, cookie, session = run(["shell", "-c", SEED], env).strip().splitlines()[-1].split()
        token = run(["token", "create", "--email", "bench@example.com", "--org", "bench"], env)
        with gunicorn(env, opts.workers) as conn:
            page = {"Cookie": f"{cookie}={session}"}
            api = {"Authorization": f"Bearer {token}"}
            calls = {
                "metric page, 1,000 points": (f"/o/bench/objectives/metrics/{big}/", page),
                "metric page, 30 points": (f"/o/bench/objectives/metrics/{small}/", page),
                "measurements API, 50": (f"/api/v1/orgs/bench/metrics/{big}/measurements?limit=50", api),
                "metric API": (f"/api/v1/orgs/bench/metrics/{big}", api),
            }
            for path, headers in calls.values():
                for _ in range(10):
                    fetch(conn, path, headers)
            results = {name: [] for name in calls}
            for _ in range(opts.requests):
                for name, (path, headers) in calls.items():
                    results[name].append(fetch(conn, path, headers))
    print(f"Forty2 metric chart latency via gunicorn ({opts.workers} workers, {db}, {opts.requests} requests each), ms")
    report(results, width=28)
    print(f"target: the metric page with 1,000 measurements under 30 ms p50 "
          f"(now {percentile(results['metric page, 1,000 points'], 50):.1f} ms)")


if __name__ == "__main__":
    main()
