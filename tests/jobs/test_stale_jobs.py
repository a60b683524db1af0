"""A job whose worker died (its heartbeat stopped) is failed with a clear message, on SQLite and PostgreSQL.

ISO/IEC 42001 8.1: nobody is left waiting for a job that will never finish; the failure is audited.
"""

import datetime as dt

from django.utils import timezone

from forty2.core.models import AuditEvent
from forty2.jobs import runner, services
from forty2.jobs.models import Job, JobStatus
from forty2.tenancy.models import Role


def _running(membership, heartbeat_minutes_ago):
    at = timezone.now() - dt.timedelta(minutes=heartbeat_minutes_ago)
    return Job.objects.create(organization=membership.organization, created_by=membership.user,
                              kind="test.count_lines", label="Count", status=JobStatus.RUNNING, started_at=at,
                              heartbeat_at=at)


def test_a_job_with_a_stale_heartbeat_is_failed_and_a_live_one_is_not(member, line_kind):
    owner = member(Role.OWNER)
    killed, alive = _running(owner, 30), _running(owner, 0)
    assert services.fail_stale(timeout=120) == 1
    killed.refresh_from_db()
    alive.refresh_from_db()
    assert killed.status == JobStatus.FAILED and killed.finished_at is not None
    assert killed.message.startswith("The worker stopped while running this job; nothing was saved.")
    assert alive.status == JobStatus.RUNNING
    event = AuditEvent.objects.get(action="job.fail")
    assert event.object_id == str(killed.pk) and event.changes["status"] == ["running", "failed"]
    assert services.fail_stale(timeout=120) == 0  # already failed: nothing more to do


def test_the_default_timeout_comes_from_the_setting(member, line_kind, settings):
    owner = member(Role.OWNER)
    job = _running(owner, 10)
    settings.FORTY2_JOB_HEARTBEAT_TIMEOUT = 15 * 60
    assert services.fail_stale() == 0
    settings.FORTY2_JOB_HEARTBEAT_TIMEOUT = 5 * 60
    assert services.fail_stale() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_serve_fails_every_running_job_before_starting_its_only_worker(member, line_kind):
    owner = member(Role.OWNER)
    job = _running(owner, 0)
    assert services.fail_orphaned() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_a_job_this_process_is_running_is_left_alone(member, line_kind, monkeypatch):
    owner = member(Role.OWNER)
    job = _running(owner, 30)
    monkeypatch.setattr(runner, "RUNNING_HERE", {job.pk})
    assert services.fail_stale(timeout=60) == 0


def test_queued_and_finished_jobs_are_not_touched(member, line_kind):
    owner = member(Role.OWNER)
    queued = Job.objects.create(organization=owner.organization, kind="test.count_lines", label="Q")
    done = Job.objects.create(organization=owner.organization, kind="test.count_lines", label="D",
                              status=JobStatus.SUCCEEDED)
    assert services.fail_stale(timeout=0) == 0
    assert {j.status for j in Job.objects.filter(pk__in=[queued.pk, done.pk])} == {"queued", "succeeded"}
