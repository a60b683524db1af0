"""A queued job runs as the member who uploaded it; if that member is gone, the job fails and imports nothing."""

import io

from forty2.files.services import store
from forty2.inventory.jobs import KIND
from forty2.inventory.models import AISystem
from forty2.jobs.models import Job
from forty2.jobs.tasks import run_job

from ._jobs import big_csv


def _job(owner, created_by, **fields):
    stored = store(owner, io.BytesIO(big_csv()), "r.csv")
    return Job.objects.create(organization=owner.organization, created_by=created_by, kind=KIND,
                              label="Import of r.csv", params={"filename": "r.csv", "format": "csv"},
                              input_file=stored, **fields)


def test_a_job_whose_uploader_left_fails_with_a_clear_message(member):
    owner = member()
    job = _job(owner, None)
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.input_file is None
    assert "no longer an active member" in job.problems[0]["message"] and AISystem.objects.count() == 0


def test_a_finished_job_is_not_run_again(member):
    owner = member()
    job = _job(owner, owner.user, status="failed")
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and AISystem.objects.count() == 0
