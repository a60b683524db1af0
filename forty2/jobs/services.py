"""Writes of the jobs app: queue a job, fail the jobs whose worker stopped (ISO/IEC 42001 7.5, 8.1).

Apps start their jobs with :func:`queue`; the worker runs them (:mod:`forty2.jobs.runner`). Every state change
is audited (:mod:`forty2.jobs.transitions`).
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forty2.core import audit
from forty2.files.services import store, sweep_orphans
from forty2.tenancy.access import require

from . import registry, runner, transitions
from .models import Job, JobStatus
from .tasks import run_job

logger = logging.getLogger(__name__)

STALE_MESSAGE = ("The worker stopped while running this job; nothing was saved. "
                 "Start it again (upload the file again for an import).")


def queue(membership, kind: str, *, label: str, params: dict | None = None, fileobj=None, filename: str = "",
          content_type: str = "", max_bytes: int | None = None, total: int = 0) -> Job:
    """Queue a job of a registered ``kind`` for the member's organisation and hand it to the worker.

    ``fileobj`` (optional) is stored first (:func:`forty2.files.services.store`, ``max_bytes`` limit) and becomes
    the job's input. ``total`` is the amount of work known up front (rows), for the progress display. Raises
    PermissionDenied when the member's role may not start this kind. Call it outside a transaction: with the
    database task backend the job and its task commit together anyway, with others the worker must see the job.
    """
    found = registry.get(kind)
    if found is None:
        raise ValueError(f"unknown job kind {kind!r}; register it in the app's AppConfig.ready()")
    require(membership, found.action)
    org, user = membership.organization, membership.user
    params = params or {}
    with transaction.atomic():
        stored = (store(membership, fileobj, filename, content_type=content_type, max_bytes=max_bytes)
                  if fileobj is not None else None)
        job = Job.objects.create(organization=org, kind=kind, label=label[:255], params=params, created_by=user,
                                 input_file=stored, total=max(total, 0))
        changes = {"kind": kind, "label": job.label, "params": params, "status": [None, "queued"]}
        if stored is not None:
            changes["file"] = {"name": filename[:255], "sha256": stored.sha256, "bytes": stored.size}
        audit.record("job.create", org=org, actor=user, obj=job, changes=changes)
    try:
        result = run_job.enqueue(job.pk)
    except Exception:
        logger.exception("Could not queue job %s", job.pk)
        transitions.fail(job, "The job could not be queued; nothing was saved. Try again later.")
        return job
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def fail_stale(timeout: float | None = None) -> int:
    """Fail the running jobs whose heartbeat is older than ``timeout`` seconds (default
    ``FORTY2_JOB_HEARTBEAT_TIMEOUT``): their worker was killed or lost its database. Returns how many.

    Every ``forty2 worker`` calls it at start and then periodically, on SQLite and PostgreSQL. A job only fails
    if its heartbeat is still old at that moment, and never one this process is running itself.
    """
    timeout = settings.FORTY2_JOB_HEARTBEAT_TIMEOUT if timeout is None else timeout
    cutoff = timezone.now() - dt.timedelta(seconds=max(timeout, 0))
    old = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff) | \
        Q(heartbeat_at__isnull=True, started_at__isnull=True)
    candidates = (Job.objects.filter(old, status=JobStatus.RUNNING).exclude(pk__in=list(runner.RUNNING_HERE))
                  .select_related("organization", "input_file"))
    count = 0
    for job in candidates:
        heartbeat = {"heartbeat_at": job.heartbeat_at} if job.heartbeat_at else {"heartbeat_at__isnull": True}
        if transitions.fail(job, STALE_MESSAGE, status=JobStatus.RUNNING, **heartbeat):
            logger.warning("Job %s (%s) failed: no heartbeat since %s", job.pk, job.kind, job.heartbeat_at)
            count += 1
    return count


def fail_orphaned() -> int:
    """Fail every running job: ``forty2 serve`` calls it before starting its single SQLite worker, when any
    "running" job can only have been left by the worker it replaces."""
    return fail_stale(timeout=0)


_last_file_sweep: float | None = None


def sweep() -> int:
    """The worker's periodic clean-up after crashes (issue #14): fail stale jobs, run the sweeps other apps
    registered (the stages of killed imports, :mod:`forty2.records.staging`), and, at most every
    ``FORTY2_ORPHAN_SWEEP_SECONDS``, remove stored bytes without their record (:func:`sweep_orphans`). Each part
    runs on its own, so one failing (a locked database) does not stop the others; returns how many jobs failed."""
    import time

    global _last_file_sweep
    failed = fail_stale()
    for name, function in registry.sweeps().items():
        try:
            function()
        except Exception:
            logger.exception("Sweep %s failed", name)
    now = time.monotonic()
    if _last_file_sweep is None or now - _last_file_sweep >= settings.FORTY2_ORPHAN_SWEEP_SECONDS:
        _last_file_sweep = now
        try:
            removed = sweep_orphans()
            if removed:
                logger.warning("Removed %s stored file(s) left behind by interrupted uploads", removed)
        except Exception:
            logger.exception("Sweeping orphaned files failed")
    return failed
