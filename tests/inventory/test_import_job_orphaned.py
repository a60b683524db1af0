"""A job left "running" by a stopped worker is failed, with a message, instead of running forever."""

import datetime as dt

from django.utils import timezone

from forty2.inventory.jobs import fail_orphaned
from forty2.inventory.models import ImportJob, ImportJobStatus
from forty2.tenancy.models import Role


def _job(membership, started_minutes_ago):
    return ImportJob.objects.create(organization=membership.organization, created_by=membership.user,
                                    filename="big.csv", fmt="csv", status=ImportJobStatus.RUNNING,
                                    started_at=timezone.now() - dt.timedelta(minutes=started_minutes_ago),
                                    data=b"name,purpose\n")


def test_orphaned_jobs_fail_with_a_message(member):
    owner = member(Role.OWNER)
    old, recent = _job(owner, 120), _job(owner, 1)
    assert fail_orphaned(before=timezone.now() - dt.timedelta(hours=1)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == ImportJobStatus.FAILED and old.data is None
    assert "nothing was imported" in old.problems[0]["message"]
    assert recent.status == ImportJobStatus.RUNNING
