"""While a job runs, a thread with its own connection bumps its heartbeat and stores its progress, outside the
job's transaction (forty2/jobs/runner.py); it stops and closes its connection when the job ends."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.jobs.models import Job, JobStatus
from forty2.jobs.runner import Heartbeat

from .conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _running(acme):
    long_ago = timezone.now() - dt.timedelta(hours=1)
    return Job.objects.create(organization=acme, kind="test.count_lines", label="Count", status=JobStatus.RUNNING,
                              started_at=long_ago, heartbeat_at=long_ago, total=10)


def test_the_heartbeat_thread_keeps_a_running_job_fresh_and_stores_progress(acme):
    job = _running(acme)
    beat = Heartbeat(job.pk, interval=0.05)
    beat.progress(4, 10)
    beat.start()
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).done == 4, "a heartbeat")
    finally:
        beat.stop()
    job.refresh_from_db()
    assert job.done == 4 and job.heartbeat_at > timezone.now() - dt.timedelta(minutes=5)
    assert not beat._thread.is_alive()


def test_a_finished_job_is_not_touched_by_a_late_beat(acme):
    job = _running(acme)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    assert Heartbeat(job.pk, interval=1).beat() == 0
