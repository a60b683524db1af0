"""Report rendering times (issue 20 "Speed and memory": the SoA as PDF under 2 s, a risk register of 5,000 risks
as XLSX under 10 s), on SQLite unless DATABASE_URL is set (then a throw-away PostgreSQL database on that server).
Prints p50/max in ms, the SQL statements of one report at a small and at the full size (the same count shows the
data is read in a fixed number of queries) and the file size; never fails on timing.

The SoA has its 38 Annex A controls, each applicable with a justification; the risks are seeded in bulk
(tests/review/bulk.py), then ANALYZE gives the planner its statistics.

    .venv/bin/python bench/reports.py [--risks 5000] [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/reports.py
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
from forty2.controls.models import SoAEntry
from forty2.controls.services import ensure_soa
from forty2.reports import kinds, render
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership
from tests.review.bulk import populate
user = Membership.objects.get(user__email='bench@example.com').user
out = []
for slug, risks in (('small', 50), ('large', RISKS)):
    org = tenancy.create_organization(slug=slug, name=slug)
    tenancy.add_member(org, email='bench@example.com', role='owner')
    populate(org, user, systems=10, risks=risks, findings=10)
    ensure_soa(org, user)
    for e in SoAEntry.objects.for_org(org):
        SoAEntry.objects.filter(pk=e.pk).update(applicable=True, status='implemented',
                                                justification=f'Needed for {e.ref}: our AI systems rely on it.')
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE')
    for kind, fmt in (('soa', 'pdf'), ('soa', 'docx'), ('soa', 'xlsx'), ('risks', 'xlsx'), ('risks', 'pdf')):
        if slug == 'large' and (kind, fmt) == ('risks', 'pdf') and not PDF_LARGE:
            continue
        collect = kinds.get(kind).collect
        data = render.RENDERERS[fmt](collect(org, None))  # warm-up
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            data = render.RENDERERS[fmt](collect(org, None))
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            collect(org, None)
        out.append({'kind': kind, 'format': fmt, 'risks': risks, 'p50': statistics.median(times),
                    'max': max(times), 'queries': len(ctx.captured_queries), 'bytes': len(data)})
print(json.dumps(out))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf-large", action="store_true", help="also the 5,000-risk register as PDF (slow)")
    opts = parser.parse_args()
    with bench_env() as (env, db):
        env = {**env, "PYTHONPATH": str(ROOT)}
        migrated(env)
        results = shell_json(SEED, env, RISKS=opts.risks, RUNS=opts.runs, PDF_LARGE=opts.pdf_large)
    print(f"Reports ({db}), {opts.runs} runs each (collect + render)")
    print(f"{'report':<16}{'format':<8}{'risks':>8}{'p50 ms':>10}{'max ms':>10}{'queries':>10}{'bytes':>12}")
    for r in results:
        print(f"{r['kind']:<16}{r['format']:<8}{r['risks']:>8,}{r['p50']:>10.1f}{r['max']:>10.1f}{r['queries']:>10}"
              f"{r['bytes']:>12,}")


if __name__ == "__main__":
    main()
