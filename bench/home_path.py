"""Time of the path to certification (issue #19 item 9: the home page's first panel and ``GET /orgs/{org}/path``),
in ms, on SQLite unless DATABASE_URL is set (then a throw-away PostgreSQL database on that server). Prints p50/max
and the SQL statements of one call at a small and at the full size (the same count shows it reads in a fixed
number of queries); never fails on timing. Rows come from tests/review/bulk.py (AI systems, risks in every level
and status, treatment actions, findings with nonconformities, audits, metrics, …).

    .venv/bin/python bench/home_path.py [--systems 2000] [--risks 2000] [--findings 400] [--calls 10]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import bench_env, migrated, shell_json  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

SEED = """
import json, statistics, sys, time
sys.path.insert(0, ROOT)
from django.db import connection
from django.test.utils import CaptureQueriesContext
from forty2.planning import path
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership
from tests.review.bulk import populate
user = Membership.objects.get(user__email='bench@example.com').user
out = {}
for slug, (systems, risks, findings) in (('small', (20, 20, 10)), ('large', (SYSTEMS, RISKS, FINDINGS))):
    org = tenancy.create_organization(slug=slug, name=slug)
    m = tenancy.add_member(org, email='bench@example.com', role='owner')
    populate(org, user, systems=systems, risks=risks, findings=findings)
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE')
    path.path(m)  # warm-up
    times = []
    for _ in range(CALLS):
        start = time.perf_counter()
        found = path.path(m)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        path.path(m)
    out[slug] = {'rows': [systems, risks, findings], 'p50': statistics.median(times), 'max': max(times),
                 'queries': len(ctx.captured_queries), 'readiness': found['readiness'],
                 'open': found['blockers']}
print(json.dumps(out))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=2000)
    parser.add_argument("--risks", type=int, default=2000)
    parser.add_argument("--findings", type=int, default=400)
    parser.add_argument("--calls", type=int, default=10)
    opts = parser.parse_args()
    with bench_env() as (env, db):
        env = {**env, "PYTHONPATH": str(ROOT)}
        migrated(env)
        results = shell_json(SEED, env, SYSTEMS=opts.systems, RISKS=opts.risks, FINDINGS=opts.findings,
                             CALLS=opts.calls)
    print(f"Path to certification ({db}), {opts.calls} calls each")
    print(f"{'AI systems / risks / findings':<32}{'p50 ms':>10}{'max ms':>10}{'queries':>10}{'readiness':>11}")
    for r in results.values():
        rows = " / ".join(f"{n:,}" for n in r["rows"])
        print(f"{rows:<32}{r['p50']:>10.1f}{r['max']:>10.1f}{r['queries']:>10}{r['readiness']:>10}%")


if __name__ == "__main__":
    main()
