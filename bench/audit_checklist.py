"""Latency of an audit's checklist page (ISO/IEC 42001 9.2.1) for a full-scope audit — 32 clauses and 38 Annex A
controls, each with evidence to sample and a result — rendered in-process by Django's test client for a signed-in
member, in ms (wall clock and this process's CPU time, which a busy machine disturbs less), with the SQL
statements of one page (constant whatever the scope). Target: under 30 ms p50.

SQLite unless DATABASE_URL is set (then a scratch PostgreSQL database). Prints p50/p95/p99; never fails on timing.

    .venv/bin/python bench/audit_checklist.py [--requests 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/audit_checklist.py
"""

import argparse
import time

from api_latency import bench_env, run

SCRIPT = """
import statistics, time
from django.db import connection
from django.test import Client
from django.utils import timezone
from forty2.audits import scope, services
from forty2.controls import clauses, services as controls
from forty2.controls.models import SoAEntry
from forty2.evidence.models import Evidence, EvidenceLink
from forty2.people.models import Person
from forty2.tenancy.models import Membership

m = Membership.objects.select_related('organization', 'user').get(user__email='bench@example.com')
org = m.organization
controls.ensure_soa(org, m.user)
ids = list(clauses.ensure_assessments(org).values())
entries = list(SoAEntry.objects.for_org(org).values_list('pk', flat=True))
made = Evidence.objects.bulk_create([Evidence(organization=org, title=f'Evidence {{i:03d}}', kind='link',
                                              url='https://example.com/e') for i in range(140)])
made = list(Evidence.objects.for_org(org))
links = [EvidenceLink(organization=org, evidence=e, record_type='soa_entry', object_id=entries[i % len(entries)])
         for i, e in enumerate(made[:76])]
links += [EvidenceLink(organization=org, evidence=e, record_type='clause_assessment', object_id=ids[i % len(ids)].pk)
          for i, e in enumerate(made[76:])]
EvidenceLink.objects.bulk_create(links)
audit = services.create_audit(m, {{'title': 'Full scope', 'kind': 'internal',
                                  'scope_clauses': [r for r, _t in scope.clauses()],
                                  'scope_controls': [r for r, _t in scope.controls()]}})
now = timezone.now()
lead = Person.objects.create(organization=org, name='Lead', user=m.user, created_at=now, updated_at=now)
services.add_auditor(m, audit, person_id=lead.pk, role='lead')
audit.refresh_from_db()
audit = services.audit_step(m, audit, 'start', version=audit.version, note='')
for i, item in enumerate(audit.items.all()):
    sample = [s['id'] for s in item.to_sample][:1]
    services.record_result(m, item, {{'result': 'conforming' if i % 9 else 'minor_nc', 'notes': 'Seen.',
                                     'evidence_ids': sample}}, version=item.version)
client = Client(SERVER_NAME='localhost')
client.force_login(m.user)
url = f'/o/{{org.slug}}/audits/{{audit.pk}}/checklist'
for _ in range(10):
    assert client.get(url).status_code == 200
statements = []
def count(execute, sql, params, many, context):  # request_started resets connection.queries: count directly
    statements.append(sql)
    return execute(sql, params, many, context)
with connection.execute_wrapper(count):
    client.get(url)
times, cpu = [], []
for _ in range({requests}):
    start, start_cpu = time.perf_counter(), time.process_time()
    answer = client.get(url)
    times.append((time.perf_counter() - start) * 1000)
    cpu.append((time.process_time() - start_cpu) * 1000)
    assert answer.status_code == 200
def pick(values, p):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]
print(f"{{audit.items.count()}} items; {{len(statements)}} SQL statements per page; "
      f"{{len(answer.content) // 1024}} KiB")
for name, values in (("wall", times), ("cpu", cpu)):
    print(f"{{name:5}} p50 {{pick(values, 50):.2f}}  p95 {{pick(values, 95):.2f}}  p99 {{pick(values, 99):.2f}}  "
          f"mean {{statistics.fmean(values):.2f}}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    opts = parser.parse_args()
    with bench_env() as (env, db):
        started = time.perf_counter()
        run(["migrate", "--verbosity", "0"], env)
        run(["createadmin", "--email", "bench@example.com", "--org", "bench", "--password", "bench-password-1"], env)
        run(["collectstatic", "--noinput", "--verbosity", "0"], env)  # the pages name hashed static files
        migrated = time.perf_counter() - started
        out = run(["shell", "-c", SCRIPT.format(requests=opts.requests)], env)
    print(f"Forty2 audit checklist page, full scope, in-process test client ({db}, {opts.requests} requests; "
          f"migrated in {migrated:.0f} s), ms")
    print(out)
    print("target: p50 under 30 ms")


if __name__ == "__main__":
    main()
