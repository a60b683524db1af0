"""A large file is imported by a background job (DESIGN "Architecture"; ISO/IEC 42001 4.1, A.4.2)."""

from forty2.core.models import AuditEvent
from forty2.inventory.models import AISystem, ImportJob

from ._jobs import BIG, IMPORT, big_csv, login, upload


def test_a_big_good_file_runs_as_a_job_and_imports_every_row(member):
    client = login(member)
    response = client.post(IMPORT, {"file": upload(big_csv())})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/o/acme/ai-systems/import/{job.pk}/"
    assert job.status == "succeeded" and job.finished_at is not None
    assert (job.total_rows, job.created, job.updated, job.unchanged, job.problems) == (BIG, BIG, 0, 0, [])
    assert job.data is None and job.created_by == client.membership.user and job.task_id
    assert AISystem.objects.filter(organization=client.membership.organization).count() == BIG
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("import_job.create") == 1 and actions.count("ai_system.import") == 1
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200 and f"Imported {BIG} AI systems" in text and 'hx-trigger="every 2s"' not in text


def test_a_small_file_keeps_the_synchronous_path(member):
    client = login(member)
    response = client.post(IMPORT, {"file": upload(big_csv(rows=3))})
    assert response.status_code == 302 and response["Location"] == "/o/acme/ai-systems/"
    assert not ImportJob.objects.exists() and AISystem.objects.count() == 3
