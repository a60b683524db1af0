"""Import jobs belong to one organisation: another organisation's job page is a 404."""

from forty2.inventory.models import ImportJob

from ._jobs import IMPORT, big_csv, login, upload


def test_another_organisations_job_is_not_found(member, globex):
    client = login(member)
    client.post(IMPORT, {"file": upload(big_csv())})
    job = ImportJob.objects.get()
    assert client.get(f"/o/acme/ai-systems/import/{job.pk}/").status_code == 200
    outsider = login(member, org=globex)
    assert outsider.get(f"/o/globex/ai-systems/import/{job.pk}/").status_code == 404
    assert outsider.get(f"/o/acme/ai-systems/import/{job.pk}/").status_code == 404


def test_a_running_job_refreshes_itself(member):
    client = login(member)
    job = ImportJob.objects.create(organization=client.membership.organization, created_by=client.membership.user,
                                   filename="r.csv", fmt="csv", status="running")
    url = f"/o/acme/ai-systems/import/{job.pk}/"
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'http-equiv="refresh"' in page and "<html" in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="import-job"') and "<html" not in fragment
