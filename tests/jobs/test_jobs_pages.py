"""The Jobs page lists the organisation's jobs with who, when, a status in words and the outcome; a job's page shows
its problems (ISO/IEC 42001 7.5, 8.1)."""

from django.test import Client

from forty2.jobs import services
from forty2.tenancy.models import Role

from .conftest import text_file


def _client(member, role=Role.OWNER, org=None):
    client = Client()
    client.membership = member(role, org=org)
    client.force_login(client.membership.user)
    return client


def _queue(membership, then=None, label="Count the lines of notes.txt"):
    return services.queue(membership, "test.count_lines", label=label, params={"then": then},
                          fileobj=text_file(), filename="notes.txt", total=3)


def test_the_list_shows_label_kind_person_status_and_progress(member, line_kind):
    client = _client(member)
    _queue(client.membership)
    _queue(client.membership, then="refuse", label="Second count")
    page = client.get("/o/acme/jobs/")
    text = page.content.decode()
    assert page.status_code == 200 and "<strong>2</strong> jobs" in text
    assert "Count the lines of notes.txt" in text and "Line count" in text
    assert client.membership.user.email in text and "3 of 3" in text
    assert ">Succeeded</span>" in text and ">Failed</span>" in text  # the status in words, not colour alone
    assert "The register is locked for the audit." in text


def test_the_list_filters_by_status(member, line_kind):
    client = _client(member)
    _queue(client.membership)
    _queue(client.membership, then="refuse", label="Second count")
    text = client.get("/o/acme/jobs/?status=failed").content.decode()
    assert "Second count" in text and "Count the lines of notes.txt" not in text
    assert client.get("/o/acme/jobs/?status=nonsense").status_code == 200  # an unknown status shows every job


def test_an_empty_list_says_how_a_job_starts(member):
    text = _client(member).get("/o/acme/jobs/").content.decode()
    assert "No jobs yet" in text


def test_a_failed_job_lists_each_problem(member, line_kind):
    client = _client(member)
    job = _queue(client.membership, then="bad_rows")
    text = client.get(f"/o/acme/jobs/{job.pk}/").content.decode()
    assert "Nothing was saved: 2 problems" in text and "<code>criticality</code>" in text
    assert "Name is required." in text and 'hx-trigger="every 2s"' not in text


def test_another_organisations_job_is_not_found(member, globex, line_kind):
    job = _queue(_client(member).membership)
    outsider = _client(member, org=globex)
    assert outsider.get(f"/o/globex/jobs/{job.pk}/").status_code == 404
    assert outsider.get(f"/o/acme/jobs/{job.pk}/").status_code == 404
