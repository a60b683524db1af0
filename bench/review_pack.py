"""Build time of a management review's input pack (issue 18 "Speed": 5,000 AI systems, 5,000 risks and 1,000
findings, target < 1 s with a constant number of queries), in ms, on SQLite unless DATABASE_URL is set (then a
throw-away PostgreSQL database on that server). Prints p50/max and the SQL statements of one build, at a small and
at the full size (the same count shows the pack reads in a constant number of queries); never fails on timing.

Rows are seeded in bulk (tests/review/bulk.py: risks in every level and status, treatment actions, findings of
every kind with their nonconformities and corrective actions, a completed audit, context records, metrics,
concerns, incidents, an earlier review with its actions), then ANALYZE gives the planner its statistics.

    .venv/bin/python bench/review_pack.py [--systems 5000] [--risks 5000] [--findings 1000] [--builds 20]
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
from django.utils import timezone
from forty2.review import pack
from forty2.review.models import ManagementReview
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership
from tests.review.bulk import populate
user = Membership.objects.get(user__email='bench@example.com').user
out = {}
for slug, (systems, risks, findings) in (('small', (50, 50, 10)), ('large', (SYSTEMS, RISKS, FINDINGS))):
    org = tenancy.create_organization(slug=slug, name=slug)
    tenancy.add_member(org, email='bench@example.com', role='owner')
    populate(org, user, systems=systems, risks=risks, findings=findings)
    review = ManagementReview.objects.create(organization=org, title='Bench review', planned_on=timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE')
    review = ManagementReview.objects.select_related('organization', 'previous').get(pk=review.pk)
    pack.build(review)  # warm-up
    times = []
    for _ in range(BUILDS):
        start = time.perf_counter()
        built = pack.build(review)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        pack.build(review)
    out[slug] = {'rows': [systems, risks, findings], 'p50': statistics.median(times), 'max': max(times),
                 'queries': len(ctx.captured_queries), 'bytes': len(pack.canonical(built))}
print(json.dumps(out))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=5000)
    parser.add_argument("--risks", type=int, default=5000)
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--builds", type=int, default=20)
    opts = parser.parse_args()
    with bench_env() as (env, db):
        env = {**env, "PYTHONPATH": str(ROOT)}
        migrated(env)
        results = shell_json(SEED, env, SYSTEMS=opts.systems, RISKS=opts.risks, FINDINGS=opts.findings,
                             BUILDS=opts.builds)
    print(f"Management review input pack build ({db}), {opts.builds} builds each")
    print(f"{'AI systems / risks / findings':<32}{'p50 ms':>10}{'max ms':>10}{'queries':>10}{'pack bytes':>12}")
    for r in results.values():
        rows = " / ".join(f"{n:,}" for n in r["rows"])
        print(f"{rows:<32}{r['p50']:>10.1f}{r['max']:>10.1f}{r['queries']:>10}{r['bytes']:>12,}")


if __name__ == "__main__":
    main()
