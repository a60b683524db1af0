"""One import flow for every register (issue #15): a risk list larger than the kit's threshold is queued as a
background job from the API (202 with the job) and from the import page (redirect to the job's page), exactly as
the AI system register does; the job imports all-or-nothing with the same problem report (ISO/IEC 42001 6.1.2, 7.5;
8.1 operational control)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from forty2.core.models import AuditEvent
from forty2.jobs.models import Job
from forty2.records.jobs import ASYNC_ROWS
from forty2.risk.importexport import IMPORT_KIND
from forty2.risk.models import Risk

BIG = ASYNC_ROWS + 3


def big_csv(rows=BIG, bad_row=None) -> bytes:
    """``rows`` risks; ``bad_row`` (a spreadsheet row number) gets a treatment option nobody knows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "treatment_option"])
    for number in range(2, rows + 2):
        writer.writerow([f"Risk {number:05d}", "ignore-it" if number == bad_row else "modify"])
    return out.getvalue().encode()


def _post(api, data, **form):
    return api.client.post("/api/v1/orgs/acme/risks/import",
                           {"file": SimpleUploadedFile("risks.csv", data, content_type="text/csv"), **form},
                           headers=api.headers)


def test_the_api_queues_a_large_file_and_answers_202_with_the_job(owner_api):
    answer = _post(owner_api, big_csv())
    assert answer.status_code == 202, answer.content
    job = answer.json()
    assert (job["kind"], job["total"], job["url"]) == (IMPORT_KIND, BIG, f"/api/v1/orgs/acme/jobs/{job['id']}")
    found = owner_api.get(f"/orgs/acme/jobs/{job['id']}").json_body
    assert (found["status"], found["result"]["created"]) == ("succeeded", BIG)  # the test backend runs it at once
    assert Risk.objects.filter(organization__slug="acme").count() == BIG
    assert AuditEvent.objects.filter(action="job.succeed").count() == 1


def test_a_queued_file_with_a_bad_row_fails_its_job_naming_row_and_column_and_saves_nothing(owner_api):
    job = _post(owner_api, big_csv(bad_row=9)).json()
    found = owner_api.get(f"/orgs/acme/jobs/{job['id']}").json_body
    assert found["status"] == "failed"
    assert (found["problems"][0]["row"], found["problems"][0]["column"]) == (9, "treatment_option")
    assert not Risk.objects.exists()


def test_a_dry_run_and_a_small_file_stay_in_the_request(owner_api):
    checked = _post(owner_api, big_csv(), dry_run="true")
    assert checked.status_code == 200 and checked.json()["dry_run"] is True and not Job.objects.exists()
    small = _post(owner_api, big_csv(rows=2))
    assert small.status_code == 200 and small.json()["created"] == 2 and not Job.objects.exists()


def test_a_bad_header_is_answered_at_once_not_queued(owner_api):
    bad = b"name,purpose\n" + b"x,y\n" * BIG
    answer = _post(owner_api, bad)
    assert answer.status_code == 422 and not Job.objects.exists()


def test_the_import_page_queues_a_large_file_and_shows_its_job(owner_api):
    browser = Client()
    browser.force_login(owner_api.membership.user)
    assert f"more than {ASYNC_ROWS} rows" in browser.get("/o/acme/risks/import").content.decode()
    response = browser.post("/o/acme/risks/import", {"file": SimpleUploadedFile("risks.csv", big_csv())})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/o/acme/jobs/{job.pk}/"
    assert (job.kind, job.status, job.label) == (IMPORT_KIND, "succeeded", "Import of risks.csv")
    assert Risk.objects.filter(organization__slug="acme").count() == BIG
    assert browser.get(response["Location"]).status_code == 200


def test_the_page_s_queued_import_names_its_own_checkbox_for_existing_titles(owner_api):
    browser = Client()
    browser.force_login(owner_api.membership.user)
    browser.post("/o/acme/risks/import", {"file": SimpleUploadedFile("risks.csv", big_csv(rows=2))})
    browser.post("/o/acme/risks/import", {"file": SimpleUploadedFile("risks.csv", big_csv())})
    job = Job.objects.get()
    assert job.status == "failed" and not Risk.objects.filter(title="Risk 00004").exists()
    assert "tick 'Update risks with the same title'" in job.problems[0]["message"]
