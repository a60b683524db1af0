"""A job's state changes, each one conditional on the state it leaves and audited on the organisation's chain.

ISO/IEC 42001 7.5.3: who queued which job, when it started, and how it ended stay in the hash-chained audit log
(forty2/core/audit.py). Callers: :mod:`forty2.jobs.services` (queue, stale jobs) and :mod:`forty2.jobs.runner`.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forty2.core import audit
from forty2.files.services import delete_if_unreferenced

from .models import Job, JobStatus


def whole_job_problem(message: str) -> list[dict]:
    """An error report of one message about the whole job (no row, no column)."""
    return [{"row": None, "column": None, "message": message}]


def claim(job_id: int) -> Job | None:
    """queued → running: only one worker can win a job, so a retried or duplicated task never runs it twice."""
    now = timezone.now()
    with transaction.atomic():
        if not Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
                status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, updated_at=now, version=F("version") + 1):
            return None
        job = Job.objects.select_related("organization", "created_by", "input_file").get(pk=job_id)
        audit.record("job.start", org=job.organization, obj=job, changes={"kind": job.kind,
                                                                          "status": ["queued", "running"]})
    return job


def _release_input(job: Job) -> None:
    """Finished jobs keep no upload: the reference goes, and the file too unless something else uses it."""
    stored = job.input_file
    if stored is not None:
        Job.objects.filter(pk=job.pk).update(input_file=None)
        job.input_file = None
        delete_if_unreferenced(stored)


def succeed(job: Job, result: dict, total: int | None = None) -> bool:
    """running → succeeded with ``result`` (and all of ``total``, the last reported amount of work, done); False
    (nothing written) if the job is no longer running (it was failed as stale meanwhile), so that an atomic run can
    roll its work back and keep the failure's promise."""
    now = timezone.now()
    total = total if total is not None else job.total
    with transaction.atomic():
        if not Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                status=JobStatus.SUCCEEDED, finished_at=now, updated_at=now, result=result, problems=[],
                done=total, total=total, version=F("version") + 1):
            return False
        audit.record("job.succeed", org=job.organization, obj=job,
                     changes={"kind": job.kind, "status": ["running", "succeeded"], "result": result})
        _release_input(job)
    job.refresh_from_db()
    return True


def fail(job: Job, message: str | None = None, problems: list[dict] | None = None, *, actor=None,
         **still) -> bool:
    """queued or running → failed with an error report (``problems``, or one ``message``). ``still`` adds
    conditions the job must still meet (e.g. an old heartbeat); False if it no longer does or is finished."""
    problems = problems if problems is not None else whole_job_problem(message or "The job failed.")
    now = timezone.now()
    with transaction.atomic():
        current = (Job.objects.select_for_update().filter(pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
                                                          **still).values_list("status", flat=True).first())
        if current is None:
            return False
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, finished_at=now, updated_at=now,
                                             problems=problems, version=F("version") + 1)
        job.refresh_from_db()
        audit.record("job.fail", org=job.organization, actor=actor, obj=job,
                     changes={"kind": job.kind, "status": [current, "failed"], "message": job.message,
                              "problems": len(problems)})
        _release_input(job)
    job.refresh_from_db()
    return True
