"""Only roles that may import start an import job or see one (as on the synchronous page)."""

import io

import pytest

from forty2.core.errors import PermissionDenied
from forty2.inventory.jobs import start_import
from forty2.jobs.models import Job
from forty2.tenancy.models import Role

from ._jobs import IMPORT, big_csv, login, upload


def test_a_viewer_may_not_start_an_import_job(member):
    client = login(member, Role.VIEWER)
    assert client.post(IMPORT, {"file": upload(big_csv())}).status_code == 403
    assert not Job.objects.exists()


def test_start_import_refuses_a_viewer(member):
    with pytest.raises(PermissionDenied):
        start_import(member(Role.VIEWER), io.BytesIO(big_csv()), "r.csv")
    assert not Job.objects.exists()


def test_a_viewer_does_not_see_import_jobs(member):
    owner = login(member)
    owner.post(IMPORT, {"file": upload(big_csv())})
    job = Job.objects.get()
    viewer = login(member, Role.VIEWER)
    assert viewer.get(f"/o/acme/jobs/{job.pk}/").status_code == 404
    listing = viewer.get("/o/acme/jobs/")
    assert listing.status_code == 200 and "Import of register.csv" not in listing.content.decode()
