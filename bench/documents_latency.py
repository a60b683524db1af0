"""Latency of the document list and a document's page through the production server (gunicorn), in ms, and the
time to render a 200-page Markdown policy (issue "Context, scope, AI policy and document control").

Compares, in the same run, the list of 30 documents (API and page) and a document with 20 versions (API and
page) with the list of 30 AI systems (target: each p50 within 1.5x of it). SQLite unless DATABASE_URL is set
(then a scratch PostgreSQL database). Prints p50/p95/p99; never fails on timing.

    .venv/bin/python bench/documents_latency.py [--requests 200] [--workers 2]
"""

import argparse
import os
import statistics
import sys
import time

from api_latency import bench_env, gunicorn, percentile, run, timed

SEED = """
from forty2.tenancy.models import Membership
from forty2.inventory import services as inventory
from forty2.documents import services
from forty2.tenancy import services as tenancy

m = Membership.objects.select_related('organization', 'user').get(user__email='bench@example.com')
reviewer = tenancy.add_member(m.organization, email='reviewer@example.com', role='aims_manager')
for i in range(30):
    inventory.create_ai_system(m, {'name': f'System {i:04d}', 'purpose': 'Benchmark system'})
for i in range(30):
    services.create_document(m, {'reference': f'DOC-{i:03d}', 'title': f'Procedure {i}', 'kind': 'procedure',
                                 'owner': 'bench@example.com'}, body='# Procedure\\n\\nText.\\n' * 20)
doc = services.create_document(m, {'reference': 'POL-01', 'title': 'AI policy', 'kind': 'ai_policy'},
                               body='# AI policy')
for n in range(20):
    v = doc.versions.order_by('-number').first()
    if n:
        v = services.start_version(m, doc, summary=f'Revision {n}')
    v = services.update_version(m, v, {'body': f'# AI policy\\n\\nRevision {n}.\\n' * 30,
                                       'reviewer': 'reviewer@example.com'}, version_number=v.version)
    v = services.submit(m, v, version_number=v.version)
    v = services.review(reviewer, v, version_number=v.version)
    services.approve(m, v, version_number=v.version)
print(doc.pk)
"""


def render_200_pages() -> float:
    """ms to render about 200 pages (≈ 100,000 words) of Markdown through forty2.core.markdown."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forty2.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from forty2.core.markdown import render

    page = ("## Section\n\nThe organisation uses AI systems only where a person stays accountable for the "
            "outcome. " * 6 + "\n\n- a commitment\n- another commitment\n\n| Role | Duty |\n|---|---|\n| Owner | "
            "Approves |\n\n")
    text = page * 200 * 4  # about 500 words a page
    times = []
    for _ in range(5):
        started = time.perf_counter()
        render(text)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    opts = parser.parse_args()

    with bench_env() as (env, db):
        run(["migrate", "--verbosity", "0"], env)
        run(["createadmin", "--email", "bench@example.com", "--org", "bench", "--password", "bench-password-1"], env)
        doc = run(["shell", "-c", SEED], env).strip().splitlines()[-1]
        token = run(["token", "create", "--email", "bench@example.com", "--org", "bench"], env)
        with gunicorn(env, opts.workers) as conn:
            auth = {"Authorization": f"Bearer {token}"}
            calls = {
                "AI systems (30), API": "/api/v1/orgs/bench/ai-systems?limit=30",
                "documents (30), API": "/api/v1/orgs/bench/documents?limit=30",
                "20 versions, API": f"/api/v1/orgs/bench/documents/{doc}/versions",
            }
            for path in calls.values():
                for _ in range(10):
                    timed(conn, "GET", path, auth)
            results = {name: [] for name in calls}
            for _ in range(opts.requests):
                for name, path in calls.items():
                    results[name].append(timed(conn, "GET", path, auth)[0])
    print(f"Forty2 document latency via gunicorn ({opts.workers} workers, {db}, {opts.requests} requests each), ms")
    print(f"{'call':28} {'p50':>7} {'p95':>7} {'p99':>7} {'mean':>7} {'p50 vs list':>12}")
    reference = percentile(results["AI systems (30), API"], 50)
    for name, values in results.items():
        p50 = percentile(values, 50)
        print(f"{name:28} {p50:7.2f} {percentile(values, 95):7.2f} {percentile(values, 99):7.2f} "
              f"{statistics.fmean(values):7.2f} {p50 / reference:11.2f}x")
    print(f"200-page Markdown policy rendered in {render_200_pages():.1f} ms (median of 5)")
    print("targets: document list and a 20-version document within 1.5x of the AI system list; render < 150 ms")


if __name__ == "__main__":
    main()
