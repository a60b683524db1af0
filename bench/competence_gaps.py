"""Latency of the competence gap view (issue 17 "Speed": 5,000 people x 10 roles, target < 30 ms p50), in ms,
through the production server (gunicorn): the API page of 50 (all, only gaps, one role) and the page by person
(all, only gaps), the summary by role, and the AI-system list of 50 beside them for scale. SQLite unless
DATABASE_URL is set (then a throw-away PostgreSQL database on that server). Prints p50/p95/p99 and the SQL
statements of one call; never fails on timing.

Rows are seeded in bulk (people, 10 roles with 3 requirements each, two roles per person, courses, training
records incl. expired and failed ones, evidence, actions), then ANALYZE gives the planner its statistics.

    .venv/bin/python bench/competence_gaps.py [--people 5000] [--requests 100] [--workers 2]
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import bench_env, gunicorn, report, timed  # noqa: E402
from api_latency import run as run_quiet  # noqa: E402

SEED = """
import datetime as dt, json
from django.test import Client
from django.utils import timezone
from forty2.accounts.services import create_token
from forty2.competence.models import CompetenceAction, CompetenceEvidence, CompetenceRequirement
from forty2.inventory.models import AISystem
from forty2.people.models import AimsRole, Department, Person, RoleAssignment
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership
from forty2.training.models import Course, TrainingRecord
user = Membership.objects.get(user__email='bench@example.com').user
today = timezone.localdate()
org = tenancy.create_organization(slug='large', name='Large')
tenancy.add_member(org, email='bench@example.com', role='owner')
N = PEOPLE
AISystem.objects.bulk_create([AISystem(organization=org, name=f'System {i:05d}', purpose='Bench') for i in range(50)])
depts = Department.objects.bulk_create([Department(organization=org, name=f'Department {i}') for i in range(8)])
kinds = ['top_management', 'aims_manager', 'ai_system_owner', 'risk_owner', 'internal_auditor', 'data_steward',
         'ai_operator', 'human_oversight', 'concern_handler', 'developer']
roles = AimsRole.objects.bulk_create([AimsRole(organization=org, name=f'Role {i}', kind=k)
                                     for i, k in enumerate(kinds)])
courses = Course.objects.bulk_create([Course(organization=org, title=f'Course {i}', validity_months=24)
                                      for i in range(10)])
reqs = CompetenceRequirement.objects.bulk_create([
    CompetenceRequirement(organization=org, role=r, title=f'Requirement {i}.{j}', kind='knowledge', mandatory=j < 2)
    for i, r in enumerate(roles) for j in range(3)])
Through = CompetenceRequirement.satisfied_by.through
Through.objects.bulk_create([Through(competencerequirement_id=q.pk, course_id=courses[k % 10].pk)
                             for k, q in enumerate(reqs) if k % 3 != 2])
people = Person.objects.bulk_create([Person(organization=org, name=f'Person {i:05d}', department=depts[i % 8],
                                            end_date=today - dt.timedelta(days=1) if i % 97 == 0 else None)
                                     for i in range(N)])
RoleAssignment.objects.bulk_create([RoleAssignment(organization=org, role=roles[(i * k + k) % 10], person=p)
                                    for i, p in enumerate(people) for k in (1, 3)])
TrainingRecord.objects.bulk_create([
    TrainingRecord(organization=org, person=p, course=courses[(i + k) % 10], completed_on=today,
                   result='failed' if i % 11 == 0 else 'passed',
                   expires_on=today - dt.timedelta(days=3) if i % 13 == 0 else today + dt.timedelta(days=300))
    for i, p in enumerate(people) for k in (0, 4, 7)])
CompetenceEvidence.objects.bulk_create([
    CompetenceEvidence(organization=org, person=p, requirement=reqs[(i * 7) % len(reqs)], title='Certificate',
                       obtained_on=today) for i, p in enumerate(people) if i % 2])
CompetenceAction.objects.bulk_create([
    CompetenceAction(organization=org, person=p, requirement=reqs[i % len(reqs)], owner=user,
                     due_date=today + dt.timedelta(days=(i % 60) - 20)) for i, p in enumerate(people) if i % 5 == 0])
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute('ANALYZE')
client = Client(HTTP_HOST='127.0.0.1')
client.force_login(user)
print(json.dumps({'token': create_token(user=user, organization=org)[1], 'session': client.cookies['sessionid'].value,
                  'role': roles[6].pk}))
"""

STATEMENTS = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from forty2.tenancy.models import Membership
c = Client(HTTP_HOST='127.0.0.1')
c.force_login(Membership.objects.get(user__email='bench@example.com', organization__slug='large').user)
out = {}
for path in PATHS:
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(path).status_code == 200, path
    out[path] = len(ctx.captured_queries)
print(json.dumps(out))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    opts = parser.parse_args()

    with bench_env() as (env, db):
        run(["migrate", "--verbosity", "0"], env)
        run(["createadmin", "--email", "bench@example.com", "--org", "bench", "--password", "bench-password-1"],
            env)
        seeded = json.loads(run(["shell", "-c", SEED.replace("PEOPLE", str(opts.people))], env).splitlines()[-1])
        role = seeded["role"]
        api = {"Authorization": f"Bearer {seeded['token']}"}
        page = {"Cookie": f"sessionid={seeded['session']}"}
        calls = {
            "AI systems 50, API": ("/api/v1/orgs/large/ai-systems?limit=50", api),
            "gaps 50, API": ("/api/v1/orgs/large/competence-gaps?limit=50", api),
            "gaps only_gaps, API": ("/api/v1/orgs/large/competence-gaps?limit=50&only_gaps=true", api),
            "gaps one role, API": (f"/api/v1/orgs/large/competence-gaps?limit=50&role={role}", api),
            "gaps 50, page": ("/o/large/competence/", page),
            "gaps only_gaps, page": ("/o/large/competence/?only_gaps=1", page),
            "gaps page 40 of 100": ("/o/large/competence/?page=40", page),
            "summary by role, page": ("/o/large/competence/roles/", page),
        }
        with gunicorn(env, opts.workers) as conn:  # `serve` collects the static files the pages need
            wait_for(conn, calls["AI systems 50, API"])
            for path, headers in calls.values():
                for _ in range(5):  # warm-up
                    timed_page(conn, path, headers)
            statements = json.loads(run(["shell", "-c", STATEMENTS.replace(
                "PATHS", repr([p for p, _h in calls.values()]))], env).splitlines()[-1])
            results = {name: [] for name in calls}
            for _ in range(opts.requests):
                for name, (path, headers) in calls.items():
                    results[name].append(timed_page(conn, path, headers))
    print(f"Forty2 competence gap view, {opts.people} people x 10 roles (2 each), via gunicorn ({opts.workers} "
          f"workers, {db}, {opts.requests} requests each), ms")
    report(results, width=24)
    print("SQL statements per call: " + ", ".join(f"{name} {statements[path]}" for name, (path, _h) in calls.items()))
    print("target: the gap view < 30 ms p50")


def run(args, env):
    """forty2 <args>, its output; on failure the error output is shown."""
    import subprocess

    try:
        return run_quiet(args, env)
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr or "")
        raise


def wait_for(conn, call, seconds=180):
    """Until the server answers (collecting static files on a loaded machine takes longer than gunicorn()'s
    ten seconds)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            return timed_page(conn, *call)
        except ConnectionRefusedError:
            conn.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def timed_page(conn, path, headers):
    """ms of one GET (the API's JSON or a page's HTML); a keep-alive connection the server closed meanwhile is
    opened again and the call repeated."""
    import http.client

    try:
        return _timed_page(conn, path, headers)
    except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
        conn.close()
        return _timed_page(conn, path, headers)


def _timed_page(conn, path, headers):
    if path.startswith("/api/"):
        return timed(conn, "GET", path, headers)[0]
    import time

    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path} -> {response.status}: {body[:200]!r}")
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
