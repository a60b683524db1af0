"""Forty2 against the bare floor (bench/floor/), side by side: p50 latency and SQL statements per request.

Issue #15, "Speed". For each database (SQLite in WAL mode, and PostgreSQL when one answers at --postgres), both
services get a scratch database with the same rows, are served by gunicorn with the flags `forty2 serve` uses
(2 workers of 4 threads, gthread), and are timed with a new connection per request, the two interleaved request
by request, for --rounds rounds: list-30, get, PATCH, create and /healthz on the main table, then a page of 50
at 30 rows and again at --rows rows (the page should stay flat). SQL statements per request are counted in
process with Django's test client (CaptureQueriesContext), after one warm-up call. Prints a table; writes JSON
to bench/results/. Figures only: nothing here fails on timing.

    make bench                                  # both databases
    .venv/bin/python bench/faces.py --db sqlite --requests 60 --rounds 3
"""

import argparse
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess  # nosec B404 - runs our own servers and this script
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TOKEN = "f2_floor-bench-token"  # nosec B105 - the floor's benchmark token, in a scratch database
#: `forty2 serve`'s gunicorn flags (forty2/jobs/management/commands/serve.py), given to the floor as well
GUNICORN = ["--workers", "2", "--threads", "4", "--worker-class", "gthread", "--access-logfile", "-",
            "--timeout", "60", "--graceful-timeout", "20", "--no-control-socket"]
FACES = ["list-30", "get", "PATCH", "create", "healthz"]


class Side:
    """One service under test: how to reach its five calls."""

    def __init__(self, name, env, base):
        self.name, self.env, self.base = name, env, base
        self.token, self.port, self.ids, self.version, self.created = "", 0, [], 1, 0
        self.headers = {}

    def request(self, face: str, *, limit=30):
        """(method, path, body) of one call of ``face``."""
        if face == "healthz":
            return "GET", "/healthz", None
        if face == "list":
            return "GET", f"{self.base}?limit={limit}", None
        if face == "list-30":
            return "GET", f"{self.base}?limit=30", None
        if face == "get":
            return "GET", f"{self.base}/{self.ids[self.created % len(self.ids)]}", None
        if face == "PATCH":
            value = "high" if self.version % 2 else "low"
            return "PATCH", f"{self.base}/{self.ids[0]}", {"version": self.version, "criticality": value}
        self.created += 1
        return "POST", self.base, {"name": f"Created {self.name} {os.getpid()} {self.created}",
                                   "purpose": "Benchmark create"}

    def answered(self, face, data):
        if face == "PATCH":
            self.version = data["version"]


def forty2_env(tmp, db_url):
    env = {**os.environ, "FORTY2_DATA_DIR": str(tmp / "forty2"), "FORTY2_LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "forty2.settings"}
    env.pop("DATABASE_URL", None)
    if db_url:
        env["DATABASE_URL"] = db_url
    (tmp / "forty2").mkdir(exist_ok=True)
    return env


def floor_env(tmp, db_url):
    env = {**os.environ, "FLOOR_SQLITE": str(tmp / "floor.sqlite3"), "PYTHONPATH": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "bench.floor.settings"}
    env.pop("DATABASE_URL", None)
    if db_url:
        env["DATABASE_URL"] = db_url
    return env


def script(env, code: str, *args) -> str:
    """Run this file's ``code`` step (seed, fill, count) in a child process with ``env``'s settings."""
    return subprocess.run([sys.executable, __file__, "--step", code, *args], env=env, check=True,  # nosec B603
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]


# --- steps run inside each service's own process (its settings) ---------------------------------------------

def _django():
    import django

    django.setup()


def seed_forty2(rows: int):
    from forty2.inventory import services
    from forty2.tenancy.models import Membership

    m = Membership.objects.select_related("organization", "user").get(user__email="bench@example.com")
    for i in range(rows):
        services.create_ai_system(m, {"name": f"System {i:05d}", "purpose": "Benchmark system",
                                      "business_owner": "bench@example.com", "technical_owner": "bench@example.com",
                                      "lifecycle_stage": "operation_monitoring", "criticality": "medium",
                                      "ai_roles": ["customer"]})
    return str(rows)


def _analyze():
    """PostgreSQL: refresh the planner's statistics after a bulk load, as autovacuum would soon."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def fill_forty2(rows: int):
    """More rows without their audit events: only the page's flatness is measured on them."""
    from forty2.inventory.models import AISystem

    first = AISystem.objects.order_by("pk").first()
    have = AISystem.objects.count()
    now = first.created_at
    AISystem.objects.bulk_create([AISystem(
        organization_id=first.organization_id, name=f"Filler {i:05d}", purpose="Benchmark filler",
        business_owner_id=first.business_owner_id, technical_owner_id=first.technical_owner_id,
        lifecycle_stage=first.lifecycle_stage, criticality="medium", ai_roles=["customer"], created_at=now,
        updated_at=now) for i in range(have, rows)], batch_size=500)
    _analyze()
    return str(AISystem.objects.count())


def seed_floor(rows: int):
    from django.core.management import call_command
    from django.utils import timezone

    from bench.floor.models import Item, Org, Person, Token, digest

    call_command("migrate", run_syncdb=True, verbosity=0)
    org = Org.objects.create(slug="bench")
    person = Person.objects.create(email="bench@example.com")
    Token.objects.create(digest=digest(TOKEN), person=person, org=org,
                         expires_at=timezone.now() + dt.timedelta(days=30))
    Item.objects.bulk_create([Item(org=org, name=f"System {i:05d}", purpose="Benchmark system",
                                   business_owner=person, technical_owner=person, criticality="medium",
                                   lifecycle_stage="operation_monitoring", ai_roles=["customer"])
                              for i in range(rows)])
    return TOKEN


def fill_floor(rows: int):
    from bench.floor.models import Item

    first = Item.objects.order_by("pk").first()
    have = Item.objects.count()
    Item.objects.bulk_create([Item(org_id=first.org_id, name=f"Filler {i:05d}", purpose="Benchmark filler",
                                   business_owner_id=first.business_owner_id,
                                   technical_owner_id=first.technical_owner_id, criticality="medium",
                                   lifecycle_stage="operation_monitoring", ai_roles=["customer"])
                              for i in range(have, rows)], batch_size=500)
    _analyze()
    return str(Item.objects.count())


#: transaction control is not counted: SQLite's driver logs BEGIN and COMMIT, PostgreSQL's does not
_TRANSACTION = {"BEGIN", "COMMIT", "ROLLBACK"}


def count_statements(name: str, base: str, token: str):
    """SQL statements per call, through the test client (one warm-up call first)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    side = Side(name, None, base)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    side.ids = [item["id"] for item in client.get(f"{base}?limit=50").json()["items"]]
    side.version = client.get(f"{base}/{side.ids[0]}").json()["version"]
    out = {}
    for face in FACES + ["list"]:
        for _attempt in range(2):
            method, path, body = side.request(face, limit=50)
            with CaptureQueriesContext(connection) as captured:
                response = getattr(client, method.lower())(path, json.dumps(body) if body else None,
                                                           content_type="application/json")
            if response.status_code >= 400:
                raise RuntimeError(f"{name} {method} {path}: {response.status_code} {response.content[:300]!r}")
            side.answered(face, response.json())
        out[face] = len([q for q in captured.captured_queries if q["sql"].split(" ")[0] not in _TRANSACTION])
        if os.environ.get("BENCH_SHOW_SQL") == name:
            print(face, *[q["sql"][:160] for q in captured.captured_queries], sep="\n  ", file=sys.stderr)
    return json.dumps(out)


STEPS = {"seed_forty2": seed_forty2, "fill_forty2": fill_forty2, "seed_floor": seed_floor,
         "fill_floor": fill_floor, "count": count_statements}


# --- the driver -------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(side: Side, cmd: list[str]):
    side.port = free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([*cmd, "--port" if cmd[2] == "forty2.cli" else "--bind",  # nosec B603
                               str(side.port) if cmd[2] == "forty2.cli" else f"127.0.0.1:{side.port}"],
                              env=side.env, stdout=log, stderr=log, cwd=ROOT)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", side.port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"{side.name} did not start: {log.read()[-2000:]!r}") from None
                time.sleep(0.1)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def call(side: Side, face: str, *, limit=30) -> float:
    """Milliseconds for one call on a new connection (connect, request, whole answer)."""
    method, path, body = side.request(face, limit=limit)
    headers = {**side.headers, **({"Content-Type": "application/json"} if body else {})}
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", side.port, timeout=60)
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    conn.close()
    if response.status >= 400:
        raise RuntimeError(f"{side.name} {method} {path} -> {response.status}: {data[:300]!r}")
    if face == "PATCH":
        side.answered(face, json.loads(data))
    return elapsed


def interleaved(sides, face, requests, rounds, *, limit=30) -> dict:
    """{side: [ms, …]}: request i goes to each side in turn (the first side alternates), ``rounds`` times."""
    times = {s.name: [] for s in sides}
    for _ in range(rounds):
        for i in range(requests):
            for s in (sides if i % 2 == 0 else sides[::-1]):
                times[s.name].append(call(s, face, limit=limit))
    return times


@contextmanager
def databases(kind: str, postgres: str, tmp: Path):
    """(forty2 URL, floor URL): None for SQLite files in ``tmp``, or two scratch PostgreSQL databases."""
    if kind == "sqlite":
        yield None, None
        return
    import psycopg

    names = [f"bench_faces_{who}_{os.getpid()}" for who in ("forty2", "floor")]
    with psycopg.connect(f"{postgres}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(f"{postgres}/{name}" for name in names)
    finally:
        with psycopg.connect(f"{postgres}/postgres", autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def p50(values):
    return statistics.median(values)


def run_database(kind: str, opts) -> dict:
    with tempfile.TemporaryDirectory(prefix="forty2-faces-") as tmpdir, ExitStack() as stack:
        tmp = Path(tmpdir)
        forty2_url, floor_url = stack.enter_context(databases(kind, opts.postgres, tmp))
        forty2 = Side("forty2", forty2_env(tmp, forty2_url), "/api/v1/orgs/bench/ai-systems")
        floor = Side("floor", floor_env(tmp, floor_url), "/api/v1/orgs/bench/items")
        cli = [sys.executable, "-m", "forty2.cli"]
        subprocess.run([*cli, "migrate", "--verbosity", "0"], env=forty2.env, check=True)  # nosec B603
        subprocess.run([*cli, "createadmin", "--email", "bench@example.com", "--org", "bench", "--password",  # nosec B603
                        "bench-password-1"], env=forty2.env, check=True, capture_output=True)
        start = 30
        script(forty2.env, "seed_forty2", str(start))
        forty2.token = subprocess.run([*cli, "token", "create", "--email", "bench@example.com", "--org",  # nosec B603
                                       "bench"], env=forty2.env, check=True, capture_output=True,
                                      text=True).stdout.strip().splitlines()[-1]
        floor.token = script(floor.env, "seed_floor", str(start))
        sides = [forty2, floor]
        for s in sides:
            s.headers = {"Authorization": f"Bearer {s.token}"}
        stack.enter_context(serving(forty2, [*cli, "serve", "--workers", "2", "--no-worker"]))
        stack.enter_context(serving(floor, [sys.executable, "-m", "gunicorn", "bench.floor.wsgi:application",
                                            *GUNICORN]))
        for s in sides:
            s.ids = [json.loads(_get(s, f"{s.base}?limit=50"))["items"][i]["id"] for i in range(start)]
            s.version = json.loads(_get(s, f"{s.base}/{s.ids[0]}"))["version"]
            for _ in range(10):  # warm-up: every worker imports and connects
                call(s, "list-30")
        flat = {f"list-50 @{start}": interleaved(sides, "list", opts.requests, opts.rounds, limit=50)}
        for s, step in ((forty2, "fill_forty2"), (floor, "fill_floor")):
            script(s.env, step, str(opts.rows))
        flat[f"list-50 @{opts.rows}"] = interleaved(sides, "list", opts.requests, opts.rounds, limit=50)
        timings = {face: interleaved(sides, face, opts.requests, opts.rounds) for face in FACES}
        timings.update(flat)
        statements = {s.name: json.loads(script(s.env, "count", s.name, s.base, s.token)) for s in sides}
    statements = {face: {name: statements[name].get("list" if face.startswith("list-50") else face)
                         for name in statements} for face in timings}
    return {"database": kind, "rows": opts.rows, "requests": opts.requests, "rounds": opts.rounds,
            "p50_ms": {face: {name: round(p50(v), 2) for name, v in t.items()} for face, t in timings.items()},
            "statements": statements}


def _get(side, path):
    conn = http.client.HTTPConnection("127.0.0.1", side.port, timeout=60)
    conn.request("GET", path, headers=side.headers)
    data = conn.getresponse().read()
    conn.close()
    return data


def table(result: dict) -> str:
    lines = [f"{result['database']}: p50 ms over {result['rounds']} rounds x {result['requests']} requests, new "
             f"connection each, interleaved; {result['rows']} rows",
             f"{'call':16} {'Forty2':>8} {'floor':>8} {'ratio':>6}   {'SQL':>3} {'floor':>5}"]
    for face, t in result["p50_ms"].items():
        st = result["statements"][face]
        lines.append(f"{face:16} {t['forty2']:8.2f} {t['floor']:8.2f} {t['forty2'] / t['floor']:5.2f}x   "
                     f"{st['forty2']:>3} {st['floor']:>5}")
    return "\n".join(lines)


def postgres_answers(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(f"{url}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both (default)")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
                        help="a PostgreSQL server (no database name) where scratch databases may be created")
    parser.add_argument("--rows", type=int, default=5000, help="rows of the second page measurement and the calls")
    parser.add_argument("--requests", type=int, default=60, help="requests per call, side and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    opts, rest = parser.parse_known_args()
    if opts.step:
        _django()
        print(STEPS[opts.step](*[int(a) if a.isdigit() else a for a in rest]))
        return
    results = []
    for kind in opts.db.split(","):
        if kind == "postgres" and not postgres_answers(opts.postgres):
            print(f"PostgreSQL: no server answers at {opts.postgres} (--postgres, BENCH_POSTGRES); skipped\n")
            continue
        results.append(run_database(kind, opts))
        print(table(results[-1]) + "\n", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"faces-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
