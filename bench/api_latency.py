"""Latency of the AI system register API through the production server (gunicorn), in milliseconds.

Creates a throw-away data directory (SQLite unless DATABASE_URL is set), loads N systems, starts
`forty2 serve`, and times list / read / create / patch over one keep-alive connection.
Prints p50/p95/p99; never fails on timing.

    .venv/bin/python bench/api_latency.py [--systems 200] [--requests 300] [--workers 2]
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env):
    done = subprocess.run([sys.executable, "-m", "forty2.cli", *args], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"forty2 {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def migrated(env, owner: bool = True) -> None:
    """Migrate the bench's database and (``owner``) create bench@example.com, owner of organisation ``bench``."""
    run(["migrate", "--verbosity", "0"], env)
    if owner:
        run(["createadmin", "--email", "bench@example.com", "--org", "bench", "--password", "bench-password-1"],
            env)


def shell_json(script: str, env, **values) -> dict:
    """Run ``script`` in ``forty2 shell``, ROOT replaced by this checkout and each NAME by its value (in the order
    given); the JSON object it prints last."""
    script = script.replace("ROOT", repr(str(ROOT)))
    for name, value in values.items():
        script = script.replace(name, str(value))
    return json.loads(run(["shell", "-c", script], env).splitlines()[-1])


def seed(env, systems: int) -> str:
    migrated(env)
    script = (
        "from forty2.tenancy.models import Membership;"
        "from forty2.inventory import services;"
        "m = Membership.objects.get(user__email='bench@example.com');"
        f"[services.create_ai_system(m, {{'name': f'System {{i:04d}}', 'purpose': 'Benchmark system', "
        "'lifecycle_stage': 'operation_monitoring', 'criticality': 'medium', 'ai_roles': ['customer']})"
        f" for i in range({systems})]"
    )
    run(["shell", "-c", script], env)
    return run(["token", "create", "--email", "bench@example.com", "--org", "bench"], env)


class postgres_scratch:
    def __init__(self, url: str):
        import psycopg

        self.psycopg = psycopg
        base, _, _name = url.rpartition("/")
        self.admin_url = f"{base}/postgres"
        self.name = f"forty2_bench_{os.getpid()}"
        self.url = f"{base}/{self.name}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        with self.psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@contextmanager
def bench_env():
    """(environment, database label) for a throw-away data dir, and a scratch database on the PostgreSQL server
    that DATABASE_URL names (dropped at the end)."""
    env = {**os.environ, "FORTY2_DATA_DIR": tempfile.mkdtemp(prefix="forty2-bench-"), "FORTY2_LOG_LEVEL": "WARNING"}
    scratch_db = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        scratch_db = postgres_scratch(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = scratch_db.url
    try:
        yield env, "PostgreSQL" if scratch_db else "SQLite"
    finally:
        if scratch_db:
            scratch_db.drop()


@contextmanager
def gunicorn(env, workers: int):
    """`forty2 serve` (no task worker) on a free port; yields one keep-alive connection to it."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "forty2.cli", "serve", "--port", str(port), "--workers",
                               str(workers), "--no-worker"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=20)


def report(results: dict, width: int = 22) -> None:
    print(f"{'call':{width}} {'p50':>7} {'p95':>7} {'p99':>7} {'mean':>7}")
    for name, values in results.items():
        print(f"{name:{width}} {percentile(values, 50):7.2f} {percentile(values, 95):7.2f} "
              f"{percentile(values, 99):7.2f} {statistics.fmean(values):7.2f}")


def percentile(values, pct):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(pct / 100 * (len(values) - 1))))
    return values[k]


def timed(conn, method, path, headers, body=None):
    start = time.perf_counter()
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status >= 400:
        raise RuntimeError(f"{method} {path} -> {response.status}: {data[:200]!r}")
    return elapsed, (json.loads(data) if data else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=200)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    opts = parser.parse_args()

    with bench_env() as (env, db):
        token = seed(env, opts.systems)
        with gunicorn(env, opts.workers) as conn:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            base = "/api/v1/orgs/bench/ai-systems"
            for _ in range(20):  # warm-up
                timed(conn, "GET", base + "?limit=50", headers)
            list_label = f"list (50 of {opts.systems})"
            results = {"list (30)": [], list_label: [], "read": [], "create": [], "patch": []}
            ids = [item["id"] for item in timed(conn, "GET", base + "?limit=500", headers)[1]["items"]]
            for i in range(opts.requests):
                results["list (30)"].append(timed(conn, "GET", base + "?limit=30", headers)[0])
                results[list_label].append(timed(conn, "GET", base + "?limit=50", headers)[0])
                results["read"].append(timed(conn, "GET", f"{base}/{ids[i % len(ids)]}", headers)[0])
                ms, created = timed(conn, "POST", base, headers, {"name": f"Bench new {i}", "purpose": "timing"})
                results["create"].append(ms)
                ms, _ = timed(conn, "PATCH", f"{base}/{created['id']}", headers,
                              {"version": created["version"], "lifecycle_stage": "deployment"})
                results["patch"].append(ms)
    print(f"Forty2 API latency via gunicorn ({opts.workers} workers, {db}, {opts.requests} requests each), ms")
    report(results)

if __name__ == "__main__":
    main()
