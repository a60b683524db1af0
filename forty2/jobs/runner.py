"""Run one job on a worker: claim it, keep its heartbeat, call its kind's function, record the outcome.

ISO/IEC 42001 8.1 (operational control of long work). A daemon thread with its own database connection writes
``heartbeat_at`` (and the progress) every ``FORTY2_JOB_HEARTBEAT_SECONDS``, outside the job's own transaction, so
that other workers can tell a live job from one whose worker was killed (:func:`forty2.jobs.services.fail_stale`).
"""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from forty2.core.errors import Forty2Error
from forty2.files.services import open_file
from forty2.tenancy.models import Membership

from . import registry, transitions
from .models import Job, JobStatus

logger = logging.getLogger(__name__)

#: jobs this process is running now; its own sweeps leave them alone even if their heartbeat lags (SQLite)
RUNNING_HERE: set[int] = set()

INTERNAL_ERROR = "The job stopped because of an internal error; nothing was saved. It has been logged."


class Heartbeat:
    """Bumps the job's ``heartbeat_at`` and stores its progress from a thread with its own connection.

    On SQLite the job's transaction may hold the only write lock for a while; a beat that cannot get it is
    skipped (logged at debug level) and the next one tries again.
    """

    def __init__(self, job_id: int, interval: float):
        self.job_id, self.interval = job_id, interval
        self.done: int | None = None
        self.total: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def progress(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total

    def start(self) -> None:
        if self.interval > 0:
            self._thread = threading.Thread(target=self._loop, name=f"job-{self.job_id}-heartbeat", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 30)

    def beat(self) -> int:
        fields = {"heartbeat_at": timezone.now()}
        if self.done is not None:
            fields["done"] = self.done
        if self.total is not None:
            fields["total"] = self.total
        return Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(**fields)

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.beat()
                except DatabaseError as exc:  # SQLite: the job's own transaction holds the write lock
                    logger.debug("Heartbeat of job %s skipped: %s", self.job_id, exc)
        finally:
            connections.close_all()  # this thread's connections only


class JobContext:
    """What a job kind's function gets: the job, the member it runs as, its input and a progress callback."""

    def __init__(self, job: Job, membership: Membership, heartbeat: Heartbeat):
        self.job, self.membership, self._heartbeat = job, membership, heartbeat
        self.finished = False

    @property
    def params(self) -> dict:
        return self.job.params

    def open_input(self):
        """The uploaded file (binary, close it after use); None when the job has none."""
        return open_file(self.job.input_file) if self.job.input_file_id else None

    def progress(self, done: int, total: int | None = None) -> None:
        """Report progress; written by the heartbeat thread, never inside the job's transaction."""
        self._heartbeat.progress(done, total)

    def finish(self, result: dict) -> None:
        """Record the job's success inside the caller's transaction, for a non-atomic kind that commits its work
        itself (an import publishing its rows): raises :class:`Abandoned` when the job was failed meanwhile (as
        stale), so that the caller's transaction rolls back and "nothing was saved" stays true."""
        if not transitions.succeed(self.job, result, self._heartbeat.total):
            raise Abandoned
        self.finished = True


class Abandoned(Exception):
    """The job was failed as stale while it ran: roll its work back."""


_Abandoned = Abandoned


def _member(job: Job) -> Membership | None:
    if not job.created_by_id:
        return None
    return (Membership.objects.active().select_related("organization", "user")
            .filter(user_id=job.created_by_id, organization_id=job.organization_id).first())


def _report(exc: Forty2Error) -> tuple[str | None, list[dict] | None]:
    problems = getattr(exc, "problems", None)  # ImportFailed and friends: {"row", "column", "message"} items
    return (None, list(problems)) if problems else (exc.message, None)


def run(job_id: int) -> str:
    """Run job ``job_id`` if it is still queued; returns its final status (or "skipped")."""
    job = transitions.claim(job_id)
    if job is None:
        return "skipped"
    kind = registry.get(job.kind)
    if kind is None:
        transitions.fail(job, f"This installation does not know jobs of kind '{job.kind}'; nothing was saved.")
        return JobStatus.FAILED
    membership = _member(job)
    if membership is None:
        transitions.fail(job, "The member who started this job is no longer an active member of the organisation; "
                              "nothing was saved.")
        return JobStatus.FAILED
    heartbeat = Heartbeat(job.pk, settings.FORTY2_JOB_HEARTBEAT_SECONDS)
    context = JobContext(job, membership, heartbeat)
    RUNNING_HERE.add(job.pk)
    heartbeat.start()
    try:
        if kind.atomic:
            with transaction.atomic():
                result = kind.run(context) or {}
                if not transitions.succeed(job, result, heartbeat.total):
                    raise _Abandoned
        else:
            result = kind.run(context) or {}
            if not context.finished and not transitions.succeed(job, result, heartbeat.total):
                return JobStatus.FAILED
    except _Abandoned:
        return JobStatus.FAILED
    except Forty2Error as exc:  # bad input, or the member's role no longer allows it: a report, not a crash
        message, problems = _report(exc)
        transitions.fail(job, message, problems)
        return JobStatus.FAILED
    except Exception:
        logger.exception("Job %s (%s) stopped", job.pk, job.kind)
        transitions.fail(job, INTERNAL_ERROR)
        raise
    finally:
        heartbeat.stop()
        RUNNING_HERE.discard(job.pk)
    return JobStatus.SUCCEEDED
