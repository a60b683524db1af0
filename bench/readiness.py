"""Readiness at scale (issue 19 "Speed", issue 21: 5,000 AI systems, 5,000 risks, 1,000 evidence items and 1,000
findings; target < 100 ms p50 with a fixed number of SQL statements), in ms, on SQLite unless DATABASE_URL is set
(then a throw-away PostgreSQL database on that server). Prints p50/p95 and the SQL statements of one call of: the
readiness computation (:func:`forty2.controls.readiness.compute`), ``GET /api/v1/orgs/{org}/readiness`` (with its
``stage1`` key), the readiness page, the ``forty2 readiness --org`` function path and the portfolio's
:func:`forty2.controls.readiness.summary`, at a small and at the full size (the same count shows a constant number
of queries); never fails on timing.

Rows are seeded in bulk: tests/review/bulk.py (risks in every level and status, findings, nonconformities, an audit,
metrics …) plus evidence linked to clauses, risks and systems, risks linked to systems, impact assessments (some
approved, some FRIAs), acceptances, SoA entries, people with trainings; then ANALYZE.

    .venv/bin/python bench/readiness.py [--systems 5000] [--risks 5000] [--evidence 1000] [--findings 1000] [--calls 20]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import bench_env, migrated, run, shell_json  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

SEED = """
import datetime as dt, io, json, statistics, sys, time
sys.path.insert(0, ROOT)
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from forty2.controls import readiness
from forty2.controls.services import ensure_soa
from forty2.evidence.models import Evidence, EvidenceLink
from forty2.inventory.models import AISystem
from forty2.people.models import Person
from forty2.records.models import Approval
from forty2.risk.models import ImpactAssessment, Risk
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership
from forty2.training.models import Course, TrainingRecord
from tests.review.bulk import populate

user = Membership.objects.get(user__email='bench@example.com').user
today = timezone.localdate()
now = timezone.now()


def extra(org, systems, evidence):
    ensure_soa(org)
    system_ids = list(AISystem.objects.filter(organization=org).values_list('pk', flat=True))
    risk_ids = list(Risk.objects.filter(organization=org).values_list('pk', flat=True))
    through = Risk.ai_systems.through
    through.objects.bulk_create([through(risk_id=r, aisystem_id=system_ids[i % len(system_ids)])
                                 for i, r in enumerate(risk_ids)], batch_size=2000)
    made = Evidence.objects.bulk_create([
        Evidence(organization=org, title=f'Evidence {i:05d}', kind='link', url='https://example.com/e',
                 owner=user, valid_until=today + dt.timedelta(days=i % 400 - 40) if i % 2 else None)
        for i in range(evidence)], batch_size=1000)
    from forty2.controls.clauses import ensure_assessments
    clause_ids = [a.pk for a in ensure_assessments(org).values()]
    links = []
    for i, e in enumerate(made):
        links.append(EvidenceLink(organization=org, evidence=e, record_type='clause_assessment',
                                  object_id=clause_ids[i % len(clause_ids)]))
        links.append(EvidenceLink(organization=org, evidence=e, record_type='risk',
                                  object_id=risk_ids[i % len(risk_ids)]))
        links.append(EvidenceLink(organization=org, evidence=e, record_type='ai_system',
                                  object_id=system_ids[i % len(system_ids)]))
    EvidenceLink.objects.bulk_create(links, batch_size=2000)
    assessments = ImpactAssessment.objects.bulk_create([
        ImpactAssessment(organization=org, ai_system_id=s, kind='fria' if i % 10 == 0 else 'standard',
                         title=f'Impact {i:05d}', intended_use='Bench', stakeholders='Bench', measures='Bench',
                         residual_impact='low', next_review=today + dt.timedelta(days=i % 200 - 20))
        for i, s in enumerate(system_ids[: max(1, len(system_ids) // 2)])], batch_size=1000)
    Approval.objects.bulk_create([
        Approval(organization=org, record_type='impact_assessment', object_id=a.pk, kind='approval',
                 subject_version=1, content_hash='x' * 64, approved_by=user, approved_at=now)
        for a in assessments[::2]] + [
        Approval(organization=org, record_type='risk', object_id=r, kind='acceptance', subject_version=1,
                 content_hash='y' * 64, approved_by=user, approved_at=now - dt.timedelta(days=i % 500))
        for i, r in enumerate(risk_ids[::7])], batch_size=1000)
    Risk.objects.filter(pk__in=risk_ids[::7]).update(acceptance='accepted')
    people = Person.objects.bulk_create([Person(organization=org, name=f'Person {i:04d}')
                                         for i in range(max(2, systems // 25))], batch_size=1000)
    courses = [Course.objects.create(organization=org, title=f'Course {i}', validity_months=12) for i in range(5)]
    TrainingRecord.objects.bulk_create([
        TrainingRecord(organization=org, person=p, course=c, completed_on=today - dt.timedelta(days=(i * 37) % 500),
                       expires_on=today + dt.timedelta(days=(i * 37) % 500 - 250))
        for i, (p, c) in enumerate((p, c) for p in people for c in courses)], batch_size=1000)


def measure(fn, calls):
    fn()  # warm-up
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        fn()
    times.sort()
    return {'p50': statistics.median(times), 'p95': times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
            'queries': len(ctx.captured_queries)}


out = {}
client = Client(HTTP_HOST='localhost')
client.force_login(user)
for slug, (systems, risks, evidence, findings) in (('small', (30, 30, 10, 10)),
                                                   ('large', (SYSTEMS, RISKS, EVIDENCE, FINDINGS))):
    org = tenancy.create_organization(slug=slug, name=slug)
    tenancy.add_member(org, email='bench@example.com', role='owner')
    populate(org, user, systems=systems, risks=risks, findings=findings)
    extra(org, systems, evidence)
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE')

    def api():
        r = client.get(f'/api/v1/orgs/{slug}/readiness')
        assert r.status_code == 200 and 'stage1' in r.json(), r.status_code

    def page():
        r = client.get(f'/o/{slug}/controls/readiness/')
        assert r.status_code == 200, r.status_code

    def cli():
        try:
            call_command('readiness', '--org', slug, '--json', stdout=io.StringIO())
        except SystemExit:
            pass

    res = {'rows': [systems, risks, evidence, findings]}
    res['compute'] = measure(lambda: readiness.compute(org), CALLS)
    res['api'] = measure(api, CALLS)
    res['page'] = measure(page, CALLS)
    res['cli'] = measure(cli, CALLS)
    if hasattr(readiness, 'summary'):
        res['summary'] = measure(lambda: readiness.summary(org), CALLS)
    out[slug] = res
print(json.dumps(out))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=5000)
    parser.add_argument("--risks", type=int, default=5000)
    parser.add_argument("--evidence", type=int, default=1000)
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=20)
    opts = parser.parse_args()
    with bench_env() as (env, db):
        env = {**env, "PYTHONPATH": str(ROOT)}
        migrated(env)
        run(["collectstatic", "--noinput", "--verbosity", "0"], env)  # the page names hashed static files
        results = shell_json(SEED, env, SYSTEMS=opts.systems, RISKS=opts.risks, EVIDENCE=opts.evidence,
                             FINDINGS=opts.findings, CALLS=opts.calls)
    print(f"Readiness ({db}), {opts.calls} calls each")
    print(f"{'systems / risks / evidence / findings':<40}{'call':<10}{'p50 ms':>10}{'p95 ms':>10}{'queries':>10}")
    for r in results.values():
        rows = " / ".join(f"{n:,}" for n in r["rows"])
        for name in ("compute", "api", "page", "cli", "summary"):
            if name in r:
                m = r[name]
                print(f"{rows:<40}{name:<10}{m['p50']:>10.1f}{m['p95']:>10.1f}{m['queries']:>10}")


if __name__ == "__main__":
    main()
