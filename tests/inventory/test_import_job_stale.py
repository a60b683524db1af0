"""An import whose worker was killed is failed after the heartbeat timeout, saying nothing was imported."""

import datetime as dt

from django.utils import timezone

from forty2.inventory.jobs import KIND
from forty2.jobs.models import Job, JobStatus
from forty2.jobs.services import fail_stale

from ._jobs import login


def test_a_killed_import_is_failed_and_its_page_says_so(member):
    client = login(member)
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    job = Job.objects.create(organization=client.membership.organization, created_by=client.membership.user,
                             kind=KIND, label="Import of big.csv", params={"filename": "big.csv"},
                             status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago, total=500)
    assert fail_stale(timeout=120) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "worker stopped" in job.message and "nothing was saved" in job.message
    page = client.get(f"/o/acme/jobs/{job.pk}/").content.decode()
    assert "Nothing was imported" in page and "The worker stopped while running this job" in page
