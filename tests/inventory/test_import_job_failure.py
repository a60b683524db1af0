"""A large file with one bad row: the job fails with the row and column, and nothing is saved (4.1, A.4.2)."""

from forty2.core.models import AuditEvent
from forty2.inventory.models import AISystem
from forty2.jobs.models import Job

from ._jobs import IMPORT, big_csv, login, upload


def test_one_bad_row_fails_the_whole_job(member):
    client = login(member)
    response = client.post(IMPORT, {"file": upload(big_csv(bad_row=150))})
    job = Job.objects.get()
    assert job.status == "failed" and job.finished_at is not None and job.input_file is None
    assert [(p["row"], p["column"]) for p in job.problems] == [(150, "criticality")]
    assert AISystem.objects.count() == 0 and not job.result
    assert AuditEvent.objects.filter(action="job.fail").count() == 1
    assert not AuditEvent.objects.filter(action="ai_system.import").exists()
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Nothing was imported: 1 problem in register.csv" in text and "<code>criticality</code>" in text
    assert "Failed" in text and "Upload a corrected file" in text


def test_a_bad_header_is_answered_at_once_without_a_job(member):
    client = login(member)
    data = big_csv().replace(b"criticality", b"criticalty", 1)
    response = client.post(IMPORT, {"file": upload(data)})
    assert response.status_code == 422 and "Unknown column" in response.content.decode()
    assert not Job.objects.exists()
