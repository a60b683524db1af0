"""Background tasks of the AI system register (run by ``forty2 worker``; at once in tests)."""

import io
import logging

from django.utils import timezone
from django_tasks import task

from forty2.core.errors import Forty2Error
from forty2.core.spreadsheets import ImportFailed
from forty2.tenancy.models import Membership

from .importexport import WEB_UPDATE_HINT, import_ai_systems, read_rows
from .jobs import fail
from .models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)

#: the way out of "already in the register" on the upload page, which is where a job starts


@task()
def run_import(job_id: int) -> str:
    """Check and save every row of the job's file, all-or-nothing, as the member who uploaded it."""
    now = timezone.now()
    # Claim the job: only a queued job runs, so a retried or duplicated task cannot import twice.
    if not ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
            status=ImportJobStatus.RUNNING, started_at=now, updated_at=now):
        return "skipped"
    job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_id)
    membership = (Membership.objects.active().select_related("organization", "user")
                  .filter(user=job.created_by, organization=job.organization).first()
                  if job.created_by_id else None)
    if membership is None:
        fail(job, "The member who uploaded this file is no longer an active member of the organisation; "
                  "nothing was imported.")
        return "failed"
    try:
        rows = read_rows(io.BytesIO(bytes(job.data or b"")), job.fmt)
        result = import_ai_systems(membership, rows, update_existing=job.update_existing, source=job.filename,
                                   update_hint=WEB_UPDATE_HINT)
    except ImportFailed as exc:
        fail(job, problems=exc.problems)
        return "failed"
    except Forty2Error as exc:  # e.g. the member's role no longer allows imports
        fail(job, exc.message)
        return "failed"
    except Exception:
        logger.exception("Import job %s stopped", job_id)
        fail(job, "The import stopped because of an internal error; nothing was imported.")
        raise
    job.status, job.finished_at, job.data = ImportJobStatus.SUCCEEDED, timezone.now(), None
    job.updated_at = job.finished_at
    job.total_rows, job.created, job.updated, job.unchanged = (len(rows), result.created, result.updated,
                                                               result.unchanged)
    job.problems = []
    job.save(update_fields=["status", "finished_at", "data", "total_rows", "created", "updated", "unchanged",
                            "problems", "updated_at"])
    return "succeeded"
