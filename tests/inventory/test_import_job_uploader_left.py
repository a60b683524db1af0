"""A queued job runs as the member who uploaded it; if that member is gone, the job fails and imports nothing."""

from forty2.inventory.models import AISystem, ImportJob
from forty2.inventory.tasks import run_import

from ._jobs import big_csv


def test_a_job_whose_uploader_left_fails_with_a_clear_message(member):
    owner = member()
    job = ImportJob.objects.create(organization=owner.organization, created_by=None, filename="r.csv", fmt="csv",
                                   data=big_csv())
    run_import.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.data is None
    assert "no longer an active member" in job.problems[0]["message"] and AISystem.objects.count() == 0


def test_a_finished_job_is_not_run_again(member):
    owner = member()
    job = ImportJob.objects.create(organization=owner.organization, created_by=owner.user, filename="r.csv",
                                   fmt="csv", data=big_csv(), status="failed")
    run_import.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and AISystem.objects.count() == 0
