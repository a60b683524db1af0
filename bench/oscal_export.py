"""Time to build each OSCAL document of an organisation (forty2/oscal; issue 20 item 3), in ms, on SQLite unless
DATABASE_URL is set (then a throw-away PostgreSQL database on that server). Prints p50/max, the SQL statements of
one build and the document's size for every model, at a small and a large size; never fails on timing.

Rows are seeded in bulk with tests/review/bulk.py (AI systems, risks, findings with their nonconformities and
corrective actions, a completed audit); every Annex A control of the SoA is then marked applicable.

    .venv/bin/python bench/oscal_export.py [--systems 2000] [--risks 2000] [--findings 500] [--builds 5]
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
from forty2.oscal import services
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership
from tests.review.bulk import populate
user = Membership.objects.get(user__email='bench@example.com').user
out = {}
for slug, (systems, risks, findings) in (('small', (50, 50, 10)), ('large', (SYSTEMS, RISKS, FINDINGS))):
    org = tenancy.create_organization(slug=slug, name=slug)
    member = tenancy.add_member(org, email='bench@example.com', role='owner')
    populate(org, user, systems=systems, risks=risks, findings=findings)
    ensure_soa(org)
    SoAEntry.objects.for_org(org).filter(requirement__isnull=False).update(
        applicable=True, justification='Bench', status='implemented')
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE')
    out[slug] = {'rows': [systems, risks, findings], 'models': {}}
    for model in services.MODELS:
        services.export(member, model)  # warm-up
        times = []
        for _ in range(BUILDS):
            start = time.perf_counter()
            _doc, data = services.export(member, model)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            services.export(member, model)
        out[slug]['models'][model] = {'p50': statistics.median(times), 'max': max(times),
                                      'queries': len(ctx.captured_queries), 'bytes': len(data)}
print(json.dumps(out))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=2000)
    parser.add_argument("--risks", type=int, default=2000)
    parser.add_argument("--findings", type=int, default=500)
    parser.add_argument("--builds", type=int, default=5)
    opts = parser.parse_args()
    with bench_env() as (env, db):
        env = {**env, "PYTHONPATH": str(ROOT)}
        migrated(env)
        results = shell_json(SEED, env, SYSTEMS=opts.systems, RISKS=opts.risks, FINDINGS=opts.findings,
                             BUILDS=opts.builds)
    print(f"OSCAL export build ({db}), {opts.builds} builds each")
    print(f"{'AI systems / risks / findings':<32}{'model':<20}{'p50 ms':>10}{'max ms':>10}{'queries':>10}"
          f"{'bytes':>12}")
    for r in results.values():
        rows = " / ".join(f"{n:,}" for n in r["rows"])
        for model, m in r["models"].items():
            print(f"{rows:<32}{model:<20}{m['p50']:>10.1f}{m['max']:>10.1f}{m['queries']:>10}{m['bytes']:>12,}")


if __name__ == "__main__":
    main()
