"""People come in through the kit's import (ISO/IEC 42001 5.3, 7.5): a small file in the request, a large one (here
5,000 people) as a background job that completes; departments are named by their name; the rules apply per row."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forty2.people.models import Person

pytestmark = pytest.mark.django_db


def people_csv(rows: int, bad_row=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "job_title", "department", "employment"])
    for number in range(2, rows + 2):
        writer.writerow([f"Person {number:05d}", f"person{number}@acme.example", "Nurse",
                         "Nowhere" if number == bad_row else "Clinical services", "employee"])
    return out.getvalue().encode()


def _post(api, data):
    return api.client.post("/api/v1/orgs/acme/people/import",
                           {"file": SimpleUploadedFile("people.csv", data, content_type="text/csv")},
                           headers=api.headers)


def test_a_small_file_imports_in_the_request_with_problems_by_row_and_column(owner_api):
    assert owner_api.post("/orgs/acme/departments", {"name": "Clinical services"}).status_code == 201
    bad = _post(owner_api, people_csv(3, bad_row=3))
    assert bad.status_code == 422 and not Person.objects.exists()
    assert [p["loc"] for p in bad.json()["detail"]] == [["file", 3, "department"]]
    done = _post(owner_api, people_csv(3))
    assert done.status_code == 200 and done.json()["created"] == 3
    again = _post(owner_api, people_csv(3))  # the same e-mail addresses: the key of a person's row
    assert again.status_code == 422


def test_five_thousand_people_are_imported_by_a_job_that_completes(owner_api):
    owner_api.post("/orgs/acme/departments", {"name": "Clinical services"})
    answer = _post(owner_api, people_csv(5000))
    assert answer.status_code == 202, answer.content
    job = owner_api.get(f"/orgs/acme/jobs/{answer.json()['id']}").json_body
    assert (job["status"], job["result"]["created"]) == ("succeeded", 5000)  # the test backend runs it at once
    assert Person.objects.filter(organization__slug="acme", department__name="Clinical services").count() == 5000
    listed = owner_api.get("/orgs/acme/people?limit=50&offset=4950").json_body
    assert listed["count"] == 5000 and len(listed["items"]) == 50
