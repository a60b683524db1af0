"""Latency of the risk register API against the AI system register in the same run, in milliseconds
(issue 9 "Speed"): a page of 50 risks out of 50 and out of 5,000, the AI-system page of the same sizes, and a
risk PATCH (an AI-system PATCH beside it for scale). Through the production server (gunicorn); SQLite unless
DATABASE_URL is set (then a throw-away PostgreSQL database on that server). Prints p50/p95/p99 and the
risk/AI-system ratio; never fails on timing.

Rows are seeded in bulk (the benchmark measures reads and one write, not 10,000 audited creations), then
ANALYZE gives the planner the statistics a running database has (without them PostgreSQL sorts every row).

    .venv/bin/python bench/risk_latency.py [--rows 5000] [--requests 200] [--workers 2]
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import bench_env, gunicorn, percentile, report, run, timed  # noqa: E402

SEED = """
import json
from forty2.accounts.services import create_token
from forty2.inventory.models import AISystem
from forty2.risk import methodology
from forty2.risk.models import Risk
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership
user = Membership.objects.get(user__email='bench@example.com').user
tokens = {}
for slug, n in (('small', 50), ('large', ROWS)):
    org = tenancy.create_organization(slug=slug, name=slug)
    m = tenancy.add_member(org, email='bench@example.com', role='owner')
    systems = AISystem.objects.bulk_create([AISystem(organization=org, name=f'System {i:05d}', purpose='Bench',
        lifecycle_stage='operation_monitoring', criticality='medium', ai_roles=['customer'], business_owner=user)
        for i in range(n)])
    mth = methodology.current(org)
    risks = Risk.objects.bulk_create([Risk(organization=org, title=f'Risk {i:05d}', methodology=mth, owner=user,
        inherent_likelihood='3', inherent_consequence='4', inherent_level='high', residual_likelihood='2',
        residual_consequence='3', residual_level='medium', status='in_treatment', sources=['machine_learning'],
        controls=['A.6.2.6']) for i in range(n)])
    Through = Risk.ai_systems.through
    Through.objects.bulk_create([Through(risk_id=r.pk, aisystem_id=systems[i % len(systems)].pk)
                                 for i, r in enumerate(risks)])
    tokens[slug] = create_token(user=user, organization=org)[1]
from django.db import connection
with connection.cursor() as cursor:  # planner statistics, as autovacuum keeps them in a running installation
    cursor.execute('ANALYZE')
print(json.dumps(tokens))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    opts = parser.parse_args()

    with bench_env() as (env, db):
        run(["migrate", "--verbosity", "0"], env)
        run(["createadmin", "--email", "bench@example.com", "--org", "bench", "--password", "bench-password-1"],
            env)
        tokens = json.loads(run(["shell", "-c", SEED.replace("ROWS", str(opts.rows))], env).splitlines()[-1])
        with gunicorn(env, opts.workers) as conn:
            results = {}
            for slug, n in (("small", 50), ("large", opts.rows)):
                headers = {"Authorization": f"Bearer {tokens[slug]}", "Content-Type": "application/json"}
                systems, risks = f"/api/v1/orgs/{slug}/ai-systems?limit=50", f"/api/v1/orgs/{slug}/risks?limit=50"
                for _ in range(10):  # warm-up
                    timed(conn, "GET", systems, headers)
                    timed(conn, "GET", risks, headers)
                sys_label, risk_label = f"AI systems 50 of {n}", f"risks 50 of {n}"
                results[sys_label], results[risk_label] = [], []
                for _ in range(opts.requests):
                    results[sys_label].append(timed(conn, "GET", systems, headers)[0])
                    results[risk_label].append(timed(conn, "GET", risks, headers)[0])
                if slug == "large":
                    items = timed(conn, "GET", risks, headers)[1]["items"]
                    patch = f"risk PATCH ({n} risks)"
                    results[patch] = []
                    for i in range(opts.requests):
                        item = items[i % len(items)]
                        ms, body = timed(conn, "PATCH", f"/api/v1/orgs/{slug}/risks/{item['id']}", headers,
                                         {"version": item["version"], "residual_likelihood": "1" if i % 2 else "2"})
                        item["version"] = body["version"]
                        results[patch].append(ms)
                    systems_page = timed(conn, "GET", systems, headers)[1]["items"]
                    system_patch = f"AI system PATCH ({n})"
                    results[system_patch] = []
                    for i in range(opts.requests):
                        item = systems_page[i % len(systems_page)]
                        ms, body = timed(conn, "PATCH", f"/api/v1/orgs/{slug}/ai-systems/{item['id']}", headers,
                                         {"version": item["version"], "geography": f"Region {i}"})
                        item["version"] = body["version"]
                        results[system_patch].append(ms)
    print(f"Forty2 risk register API via gunicorn ({opts.workers} workers, {db}, {opts.requests} requests "
          "each), ms")
    report(results, width=26)
    for n in (50, opts.rows):
        ratio = percentile(results[f"risks 50 of {n}"], 50) / percentile(results[f"AI systems 50 of {n}"], 50)
        print(f"risk list p50 / AI-system list p50 at {n} rows: {ratio:.2f} (target ≤ 1.5)")

if __name__ == "__main__":
    main()
