"""A PostgreSQL worker killed in the middle of a job: its job does not stay "running" forever; the next worker
fails it with a clear message (the heartbeat stopped). Real processes, real kill -9."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from forty2.jobs import registry, services
from forty2.jobs.models import Job, JobStatus
from tests.embedded import forty2_env

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKER = """
import pathlib, sys, time
import django
django.setup()
from django.core.management import call_command
from forty2.jobs import registry

def hang(ctx):
    pathlib.Path(sys.argv[1]).touch()  # tells the test the job is running
    time.sleep(600)

registry.register("test.hang", label="Hangs", run=hang)
call_command(sys.argv[2], *sys.argv[3:])
"""


def _env(tmp_path, **extra) -> dict:
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
    return {**forty2_env(tmp_path), "DATABASE_URL": url, **extra}


def _wait(condition, what, timeout=120):
    deadline = time.monotonic() + timeout  # a bound for a stuck test, not a timing assertion
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


@pytest.fixture
def hang_kind():
    kind = registry.register("test.hang", label="Hangs", run=lambda ctx: None)
    yield kind
    registry._KINDS.pop(kind.kind, None)


def test_a_killed_workers_job_is_failed_by_the_next_worker(member, hang_kind, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    owner = member()
    job = services.queue(owner, "test.hang", label="A job that hangs")
    assert job.status == JobStatus.QUEUED
    started = tmp_path / "started"
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(started), "worker"],
                              env=_env(tmp_path, FORTY2_JOB_HEARTBEAT_SECONDS="0.2"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _wait(lambda: started.exists() or worker.poll() is not None, "the worker to start the job")
        assert worker.poll() is None, worker.communicate()
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING
        _wait(lambda: Job.objects.get(pk=job.pk).heartbeat_at > job.heartbeat_at, "a heartbeat")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(30)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # nothing could record the death: that is the heartbeat's job
    frozen = job.heartbeat_at
    _wait(lambda: (timezone.now() - frozen).total_seconds() > 2, "the heartbeat to age")
    sweep = subprocess.run([sys.executable, "-c", WORKER, str(Path(tmp_path) / "unused"), "worker", "--batch"],
                           env=_env(tmp_path, FORTY2_JOB_HEARTBEAT_TIMEOUT="1"), capture_output=True, text=True,
                           timeout=120)
    assert sweep.returncode == 0, sweep.stderr
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("The worker stopped while running this job; nothing was saved.")
