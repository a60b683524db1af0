"""Import jobs belong to one organisation: another organisation's job page is a 404."""

from forty2.inventory.jobs import KIND
from forty2.jobs.models import Job

from ._jobs import IMPORT, big_csv, login, upload


def test_another_organisations_job_is_not_found(member, globex):
    client = login(member)
    client.post(IMPORT, {"file": upload(big_csv())})
    job = Job.objects.get()
    assert client.get(f"/o/acme/jobs/{job.pk}/").status_code == 200
    outsider = login(member, org=globex)
    assert outsider.get(f"/o/globex/jobs/{job.pk}/").status_code == 404
    assert outsider.get(f"/o/acme/jobs/{job.pk}/").status_code == 404
    assert "Import of register.csv" not in outsider.get("/o/globex/jobs/").content.decode()


def test_a_running_job_refreshes_itself(member):
    client = login(member)
    job = Job.objects.create(organization=client.membership.organization, created_by=client.membership.user,
                             kind=KIND, label="Import of r.csv", status="running", total=300, done=120)
    url = f"/o/acme/jobs/{job.pk}/"
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'http-equiv="refresh"' in page and "<html" in page
    assert "Running" in page and "120 of 300" in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="job"') and "<html" not in fragment
