"""``forty2 worker`` fails the jobs whose worker stopped before it takes new work (SQLite and PostgreSQL)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from forty2.jobs.management.commands import worker
from forty2.jobs.models import Job, JobStatus

from .conftest import wait_for


def test_a_worker_fails_a_stale_job_at_start(member, line_kind, monkeypatch):
    """The task loop itself (django-tasks-db's db_worker) is replaced here: it would close the test's connection.
    tests/jobs/test_worker_killed.py runs real workers."""
    started = []
    monkeypatch.setattr(worker, "call_command", lambda name, **kw: started.append((name, kw)))
    owner = member()
    long_ago = timezone.now() - dt.timedelta(hours=1)
    job = Job.objects.create(organization=owner.organization, created_by=owner.user, kind="test.count_lines",
                             label="Count", status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    err = io.StringIO()
    call_command("worker", batch=True, stderr=err, stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "worker stopped" in job.message
    assert "Failed 1 job whose worker had stopped." in err.getvalue()
    assert started == [("db_worker", {"queue_name": "default", "batch": True})]


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_keeps_sweeping(acme, line_kind):
    """The sweeper thread (its own connection) fails a job that went stale while the worker was already running."""
    long_ago = timezone.now() - dt.timedelta(hours=1)
    job = Job.objects.create(organization=acme, kind="test.count_lines", label="Count", status=JobStatus.RUNNING,
                             started_at=long_ago, heartbeat_at=long_ago)
    sweeper = worker.Sweeper(interval=0.05)
    sweeper.start()
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.FAILED, "a sweep")
    finally:
        sweeper.stop()
        sweeper._thread.join(60)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not sweeper._thread.is_alive()
