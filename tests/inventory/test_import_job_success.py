"""A large file is imported by a background job listed under Jobs (ISO/IEC 42001 4.1, A.4.2; 8.1)."""

from forty2.core.models import AuditEvent
from forty2.files.models import StoredFile
from forty2.inventory.jobs import KIND
from forty2.inventory.models import AISystem
from forty2.jobs.models import Job

from ._jobs import BIG, IMPORT, big_csv, login, upload


def test_a_big_good_file_runs_as_a_job_and_imports_every_row(member):
    client = login(member)
    response = client.post(IMPORT, {"file": upload(big_csv())})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/o/acme/jobs/{job.pk}/"
    assert job.kind == KIND and job.label == "Import of register.csv"
    assert job.status == "succeeded" and job.finished_at is not None
    assert (job.total, job.done, job.problems) == (BIG, BIG, [])
    assert {k: job.result[k] for k in ("created", "updated", "unchanged")} == {"created": BIG, "updated": 0,
                                                                               "unchanged": 0}
    assert job.input_file is None and not StoredFile.objects.exists()  # the upload is not kept
    assert job.created_by == client.membership.user and job.task_id
    assert AISystem.objects.filter(organization=client.membership.organization).count() == BIG
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("ai_system.import") == 1
    assert [a for a in actions if a.startswith("job.")] == ["job.create", "job.start", "job.succeed"]
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200 and f"Imported {BIG} AI systems" in text and 'hx-trigger="every 2s"' not in text
    assert "Succeeded" in text
    listing = client.get("/o/acme/jobs/").content.decode()
    assert "Import of register.csv" in listing and "AI system import" in listing


def test_a_small_file_keeps_the_synchronous_path(member):
    client = login(member)
    response = client.post(IMPORT, {"file": upload(big_csv(rows=3))})
    assert response.status_code == 302 and response["Location"] == "/o/acme/ai-systems/"
    assert not Job.objects.exists() and AISystem.objects.count() == 3


def test_the_import_page_links_to_the_jobs(member):
    page = login(member).get(IMPORT).content.decode()
    assert 'href="/o/acme/jobs/"' in page


def test_the_old_job_address_leads_to_the_job(member):
    client = login(member)
    client.post(IMPORT, {"file": upload(big_csv())})
    job = Job.objects.get()
    response = client.get(f"/o/acme/ai-systems/import/{job.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/o/acme/jobs/{job.pk}/"
