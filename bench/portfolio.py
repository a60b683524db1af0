"""Latency of the consultant's portfolio (issue #19 item 10, "Speed": 50 organisations under 200 ms p50): the page
(``/``) and ``GET /api/v1/portfolio`` for one person who belongs to every organisation, in ms, with the SQL
statements of one request (and per organisation), on SQLite unless DATABASE_URL is set (then a throw-away
PostgreSQL database on that server). Never fails on timing.

Each organisation gets AI systems (bulk), a decided SoA (half approved), risks through the service (some overdue
for review), and one of three situations: certified 400 days ago (its surveillance audit overdue), certified 200
days ago, or still planning with a saved project plan; then ANALYZE. Requests run in-process through Django's test
client (middleware, templates and the API included; no HTTP server), after one warm-up (the figures are then
cached by each organisation's audit chain head: forty2/portfolio/service.py); the cold row clears the cache first.

    .venv/bin/python bench/portfolio.py [--orgs 50] [--systems 20] [--requests 20]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import bench_env, migrated, run, shell_json  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

SEED = """
import datetime as dt, json, statistics, sys, time
sys.path.insert(0, ROOT)
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from forty2.audits.models import Audit, AuditStatus
from forty2.certification import services as certification
from forty2.controls import services as soa
from forty2.controls.models import SoAEntry
from forty2.inventory.models import AISystem
from forty2.planning import plan as plans
from forty2.risk import services as risks
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership

today = timezone.localdate()
def ago(n):
    return today - dt.timedelta(days=n)

def audit(org, kind, days):
    day = ago(days)
    Audit.objects.create(organization=org, kind=kind, title=f'{kind} audit', planned_start=day, planned_end=day,
                         status=AuditStatus.COMPLETED,
                         completed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))))

errors = set()
for n in range(ORGS):
    org = tenancy.create_organization(slug=f'client-{n:02d}', name=f'Client {n:02d}')
    m = tenancy.add_member(org, email='consultant@example.com', role='aims_manager')
    AISystem.objects.bulk_create([AISystem(organization=org, name=f'System {i:03d}', purpose='Benchmark')
                                  for i in range(SYSTEMS)])
    soa.ensure_soa(org, m.user)
    entries = list(SoAEntry.objects.for_org(org).filter(applicable__isnull=True))
    for i, e in enumerate(entries):
        e.applicable, e.status = i % 7 != 0, ('implemented' if i % 3 else 'partial')
        e.justification = f'Benchmark justification {i} for {org.slug}.'
    SoAEntry.objects.bulk_update(entries, ['applicable', 'status', 'justification'])
    if n % 2:
        try:
            soa.approve_soa(m)
        except Exception as exc:
            errors.add(f'approve_soa: {exc}')
    for i in range(5):
        try:
            risks.create_risk(m, {'title': f'Risk {i}', 'description': 'Benchmark risk',
                                  'next_review': (ago(10) if i % 2 else ago(-30)).isoformat()})
        except Exception as exc:
            errors.add(f'create_risk: {exc}')
    if n % 3 == 0:
        audit(org, 'stage1', 460), audit(org, 'stage2', 430)
        certification.record_event(m, 'decision', date=ago(400), certificate_number=f'AIMS-{n}')
    elif n % 3 == 1:
        audit(org, 'stage1', 260), audit(org, 'stage2', 230)
        certification.record_event(m, 'decision', date=ago(200), certificate_number=f'AIMS-{n}')
    else:
        plans.create(m, start_on=ago(60))
with connection.cursor() as cursor:
    cursor.execute('ANALYZE')

user = Membership.objects.filter(user__email='consultant@example.com').first().user
client = Client(HTTP_HOST='127.0.0.1')
client.force_login(user)
out = {'orgs': ORGS, 'errors': sorted(errors)}
for name, path in (('page /', '/'), ('API /api/v1/portfolio', '/api/v1/portfolio')):
    assert client.get(path).status_code == 200, path  # warm-up
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    times.sort()
    out[name] = {'p50': statistics.median(times), 'p95': times[min(len(times) - 1, int(0.95 * len(times)))],
                 'queries': len(ctx.captured_queries)}
# cold: every organisation's figures recomputed (as after a write in each of them, or on a new day)
from django.core.cache import cache
times = []
for _ in range(max(1, REQUESTS // 5)):
    cache.clear()
    start = time.perf_counter()
    client.get('/')
    times.append((time.perf_counter() - start) * 1000)
cache.clear()
with CaptureQueriesContext(connection) as ctx:
    client.get('/')
out['page / (cold cache)'] = {'p50': statistics.median(times), 'p95': max(times), 'queries': len(ctx.captured_queries)}
# what one organisation costs: the same request for a person in one and in two organisations
for k in (1, 2):
    tenancy.add_member(tenancy.create_organization(slug=f'probe-{k}', name=f'Probe {k}'),
                       email='probe@example.com', role='aims_manager')
    probe = Membership.objects.filter(user__email='probe@example.com').first().user
    c = Client(HTTP_HOST='127.0.0.1')
    c.force_login(probe)
    c.get('/api/v1/portfolio')
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        c.get('/api/v1/portfolio')
    out[f'probe{k}'] = len(ctx.captured_queries)
print(json.dumps(out))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50)
    parser.add_argument("--systems", type=int, default=20)
    parser.add_argument("--requests", type=int, default=20)
    opts = parser.parse_args()
    with bench_env() as (env, db):
        env = {**env, "PYTHONPATH": str(ROOT)}
        migrated(env, owner=False)
        run(["collectstatic", "--noinput", "--verbosity", "0"], env)  # the page's static tags need the manifest
        results = shell_json(SEED, env, ORGS=opts.orgs, SYSTEMS=opts.systems, REQUESTS=opts.requests)
    print(f"Consultant portfolio ({db}): {results['orgs']} organisations, {opts.requests} requests each")
    print(f"{'request':<28}{'p50 ms':>10}{'p95 ms':>10}{'statements':>12}")
    for name in ("page /", "API /api/v1/portfolio", "page / (cold cache)"):
        r = results[name]
        print(f"{name:<28}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['queries']:>12}")
    print(f"statements per organisation, cold (API, 2 organisations minus 1): {results['probe2'] - results['probe1']}")
    for error in results["errors"]:
        print(f"seed warning: {error}")


if __name__ == "__main__":
    main()
