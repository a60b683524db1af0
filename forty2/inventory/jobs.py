"""Large register imports as background jobs (ISO/IEC 42001 4.1, A.4.2; DESIGN "Architecture": long work runs
as tasks).

:func:`start_import` checks what is cheap to check (size, extension, readable file, header) and answers at once;
the rows themselves are checked and saved by :func:`forty2.inventory.tasks.run_import` on the worker, with the
same all-or-nothing rule and the same audit events as a synchronous import.
"""

import io
import logging

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.spreadsheets import format_of, read_bytes
from forty2.tenancy.access import require

from .importexport import UPDATE_HINT, ImportResult, count_rows, import_ai_systems, read_rows
from .models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)

#: files with more data rows than this are imported by a job instead of inside the web request
ASYNC_ROWS = 200


def import_or_queue(membership, fileobj, filename: str, *, update_existing: bool = False, dry_run: bool = False,
                    update_hint: str = UPDATE_HINT) -> ImportResult | ImportJob:
    """Import a small file now (an ImportResult), or queue a large one (an ImportJob): the one rule the web page
    and the API share. A dry run always runs now, so its answer is immediate. Raises ImportFailed as both do."""
    require(membership, "import_records")
    data = read_bytes(fileobj)
    if not dry_run and count_rows(data, filename) > ASYNC_ROWS:  # too long for a request: the worker imports it
        return start_import(membership, io.BytesIO(data), filename, update_existing)
    return import_ai_systems(membership, read_rows(io.BytesIO(data), filename), update_existing=update_existing,
                             dry_run=dry_run, source=filename, update_hint=update_hint)


def start_import(membership, fileobj, filename: str, update_existing: bool = False) -> ImportJob:
    """Queue the import of ``fileobj`` into the register; returns the job (its page reports the outcome).

    Raises ImportFailed (nothing queued) when the file is too large, not .csv/.xlsx, unreadable, or has a bad header.
    """
    require(membership, "import_records")
    fmt = format_of(filename)
    data = read_bytes(fileobj)
    total = count_rows(data, filename)
    org = membership.organization
    with transaction.atomic():
        job = ImportJob.objects.create(organization=org, created_by=membership.user, filename=filename[:255],
                                       fmt=fmt, update_existing=update_existing, data=data, total_rows=total)
        audit.record("import_job.create", org=org, actor=membership.user, obj=job,
                     changes={"filename": job.filename, "format": fmt, "rows": total,
                              "update_existing": update_existing, "bytes": len(data)})
    # Enqueued after the commit, so a worker never picks up a job it cannot see yet.
    from .tasks import run_import

    try:
        result = run_import.enqueue(job.pk)
    except Exception:
        logger.exception("Could not queue import job %s", job.pk)
        fail(job, "The import could not be queued; try again later.")
        return job
    ImportJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def fail(job: ImportJob, message: str | None = None, problems: list[dict] | None = None) -> None:
    """Finish ``job`` as failed (nothing was imported) and drop the uploaded file."""
    job.status, job.finished_at, job.data = ImportJobStatus.FAILED, timezone.now(), None
    job.updated_at = job.finished_at
    job.problems = problems if problems is not None else [{"row": None, "column": None, "message": message}]
    job.save(update_fields=["status", "finished_at", "data", "problems", "updated_at"])


def fail_orphaned(before=None) -> int:
    """Fail the jobs left "running" by a worker that stopped (an import is one transaction, so nothing of
    theirs was saved). ``forty2 serve`` calls it before starting its single SQLite worker; with several
    workers pass ``before`` (a time) so that jobs still being run elsewhere are left alone."""
    jobs = ImportJob.objects.filter(status=ImportJobStatus.RUNNING)
    if before is not None:
        jobs = jobs.filter(started_at__lt=before)
    count = 0
    for job in jobs:
        fail(job, "The worker stopped while importing this file; nothing was imported. Upload it again.")
        count += 1
    return count
