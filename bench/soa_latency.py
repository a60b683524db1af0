"""Latency of the SoA list, the clause list and readiness through the production server (gunicorn), in ms.

Compares, in the same run, the SoA (38 Annex A controls + 2 own) and the 32-clause list with the list of 30 AI
systems (issue 10: each p50 within 1.5x of it), and times readiness for an organisation with 5,000 AI systems and
1,000 evidence items (target < 100 ms). SQLite unless DATABASE_URL is set (then a scratch PostgreSQL database).
Prints p50/p95/p99; never fails on timing.

    .venv/bin/python bench/soa_latency.py [--requests 200] [--workers 2]
"""

import argparse
import statistics
import time

from api_latency import bench_env, gunicorn, percentile, run, timed

SEED = """
import datetime as dt
from django.utils import timezone
from forty2.tenancy.models import Membership
from forty2.inventory import services as inventory
from forty2.inventory.models import AISystem
from forty2.controls import services, clauses
from forty2.controls.models import SoAEntry, ClauseAssessment
from forty2.evidence.models import Evidence, EvidenceLink

def prepare(email, systems, evidence):
    m = Membership.objects.select_related('organization', 'user').get(user__email=email)
    org = m.organization
    for i in range(min(systems, 30)):
        inventory.create_ai_system(m, {'name': f'System {i:04d}', 'purpose': 'Benchmark system',
                                       'lifecycle_stage': 'operation_monitoring', 'criticality': 'medium'})
    AISystem.objects.bulk_create([AISystem(organization=org, name=f'Bulk system {i:05d}', purpose='Benchmark')
                                  for i in range(max(0, systems - 30))], batch_size=1000)
    services.ensure_soa(org, m.user)
    for n in (1, 2):
        services.create_own_control(m, {'ref': f'OC-{n}', 'title': f'Own control {n}', 'applicable': True})
    for i, e in enumerate(SoAEntry.objects.for_org(org).filter(applicable__isnull=True)):
        data = {'applicable': i % 9 != 0, 'status': 'implemented' if i % 3 else 'partial',
                'justification': 'Benchmark justification.'}
        services.update_entry(m, e, data, version=e.version)
    services.approve_soa(m)
    ids = list(clauses.ensure_assessments(org).values())
    entries = list(SoAEntry.objects.for_org(org).values_list('pk', flat=True))
    today = timezone.localdate()
    made = Evidence.objects.bulk_create([Evidence(organization=org, title=f'Evidence {i:04d}', kind='link',
        url='https://example.com/e', valid_until=today + dt.timedelta(days=(i % 400) - 20)) for i in range(evidence)],
        batch_size=500)
    made = list(Evidence.objects.for_org(org))
    links = [EvidenceLink(organization=org, evidence=e, record_type='soa_entry', object_id=entries[i % len(entries)])
             for i, e in enumerate(made)]
    links += [EvidenceLink(organization=org, evidence=e, record_type='clause_assessment',
                           object_id=ids[i % len(ids)].pk) for i, e in enumerate(made[:300])]
    EvidenceLink.objects.bulk_create(links, batch_size=1000)

prepare('bench@example.com', 30, 60)
prepare('big@example.com', 5000, 1000)
"""


def seed(env) -> tuple[str, str]:
    run(["migrate", "--verbosity", "0"], env)
    run(["createadmin", "--email", "bench@example.com", "--org", "bench", "--password", "bench-password-1"], env)
    run(["createadmin", "--email", "big@example.com", "--org", "big", "--password", "bench-password-1"], env)
    run(["shell", "-c", SEED], env)
    return (run(["token", "create", "--email", "bench@example.com", "--org", "bench"], env),
            run(["token", "create", "--email", "big@example.com", "--org", "big"], env))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    opts = parser.parse_args()

    with bench_env() as (env, db):
        started = time.perf_counter()
        token, big_token = seed(env)
        seeded = time.perf_counter() - started
        with gunicorn(env, opts.workers) as conn:
            small = {"Authorization": f"Bearer {token}"}
            big = {"Authorization": f"Bearer {big_token}"}
            calls = {
                "AI systems (30)": ("/api/v1/orgs/bench/ai-systems?limit=30", small),
                "SoA (38 + 2 own)": ("/api/v1/orgs/bench/soa", small),
                "clauses (32)": ("/api/v1/orgs/bench/clause-assessments", small),
                "readiness (5k sys, 1k ev)": ("/api/v1/orgs/big/readiness", big),
            }
            for path, headers in calls.values():  # warm-up
                for _ in range(10):
                    timed(conn, "GET", path, headers)
            results = {name: [] for name in calls}
            for _ in range(opts.requests):
                for name, (path, headers) in calls.items():
                    results[name].append(timed(conn, "GET", path, headers)[0])
    print(f"Forty2 SoA/readiness latency via gunicorn ({opts.workers} workers, {db}, {opts.requests} requests "
          f"each; seeded in {seeded:.0f} s), ms")
    print(f"{'call':28} {'p50':>7} {'p95':>7} {'p99':>7} {'mean':>7} {'p50 vs list':>12}")
    reference = percentile(results["AI systems (30)"], 50)
    for name, values in results.items():
        p50 = percentile(values, 50)
        print(f"{name:28} {p50:7.2f} {percentile(values, 95):7.2f} {percentile(values, 99):7.2f} "
              f"{statistics.fmean(values):7.2f} {p50 / reference:11.2f}x")
    print("targets: SoA and clause list p50 within 1.5x of the AI system list; readiness under 100 ms")

if __name__ == "__main__":
    main()
