"""Through the API, a large import is queued (202) and its job reports the outcome
(A.4.2; docs/architecture.md "Background jobs and stored files")."""

from django.core.files.uploadedfile import SimpleUploadedFile

from forty2.inventory.models import AISystem

from ._jobs import BIG, big_csv


def _post(api, data, **form):
    return api.client.post("/api/v1/orgs/acme/ai-systems/import",
                           {"file": SimpleUploadedFile("big.csv", data, content_type="text/csv"), **form},
                           headers=api.headers)


def test_large_import_is_queued_and_its_job_reports_success(owner_api):
    response = _post(owner_api, big_csv())
    assert response.status_code == 202
    job = response.json()
    status = owner_api.get(f"/orgs/acme/import-jobs/{job['id']}")
    assert status.status_code == 200
    assert status.json_body["status"] == "succeeded"  # the test task backend runs it at once
    assert status.json_body["created"] == BIG
    assert AISystem.objects.filter(organization__slug="acme").count() == BIG


def test_large_import_with_a_bad_row_fails_the_job_and_saves_nothing(owner_api):
    job = _post(owner_api, big_csv(bad_row=7)).json()
    status = owner_api.get(f"/orgs/acme/import-jobs/{job['id']}").json_body
    assert status["status"] == "failed"
    assert status["problems"][0]["row"] == 7 and status["problems"][0]["column"] == "criticality"
    assert not AISystem.objects.exists()


def test_the_generic_jobs_endpoint_reports_the_same_job(owner_api):
    job = _post(owner_api, big_csv()).json()
    found = owner_api.get(f"/orgs/acme/jobs/{job['id']}").json_body
    assert (found["kind"], found["status"], found["total"], found["result"]["created"]) == (
        "inventory.import_ai_systems", "succeeded", BIG, BIG)
    listed = owner_api.get("/orgs/acme/jobs?kind=inventory.import_ai_systems").json_body
    assert listed["count"] == 1 and listed["items"][0]["id"] == job["id"]


def test_dry_run_of_a_large_file_stays_synchronous(owner_api):
    response = _post(owner_api, big_csv(), dry_run="true")
    assert response.status_code == 200 and response.json()["dry_run"] is True
    assert not AISystem.objects.exists()


def test_another_organisations_job_is_not_found(owner_api, api_as, globex):
    job = _post(owner_api, big_csv()).json()
    other = api_as(org=globex)
    assert other.get(f"/orgs/globex/import-jobs/{job['id']}").status_code == 404
    assert other.get(f"/orgs/globex/jobs/{job['id']}").status_code == 404
