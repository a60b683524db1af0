"""Large imports written in short batches, visible all at once (ISO/IEC 42001 7.5.3, 8.1; issue #14 finding 11).

An import used to be one transaction: on SQLite it held the only write lock, on PostgreSQL the organisation's audit
chain lock, for the whole file, and everybody else's edits waited or failed. Now:

1. the rows are written in short transactions (:func:`batch_rows` rows each), through the same services as before;
   every record they create carries the import's :class:`~forty2.records.models.ImportStage` and is hidden from
   every query (the models' default manager, :class:`StagedManager`) except the importer's own;
2. the rows' audit events are held back (:func:`forty2.core.audit.deferred`) instead of locking the chain;
3. publishing is one short transaction: the updates of existing records, one ``UPDATE … SET import_stage = NULL``
   per model, the held events appended in order (the chain stays gapless) and the import's summary event;
4. a failed, dry or interrupted import is discarded: its staged rows are deleted in short batches — by the
   importer itself, or, when its process was killed, by the worker's sweep (:func:`sweep`) once the stage's
   heartbeat is older than ``FORTY2_JOB_HEARTBEAT_TIMEOUT``.
"""

import contextvars
import datetime as dt
import logging
import threading
import time
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, connections, models, transaction
from django.utils import timezone

from forty2.core.errors import Forty2Error
from forty2.tenancy.models import OrgQuerySet

from .models import Approval, ImportStage

logger = logging.getLogger(__name__)



def batch_rows() -> int:
    """Rows written per transaction (``FORTY2_IMPORT_BATCH_ROWS``, default 100): each batch holds SQLite's write
    lock for a fraction of a second (about 3 ms a row)."""
    return max(int(settings.FORTY2_IMPORT_BATCH_ROWS), 1)

#: staged rows deleted per transaction when a stage is discarded
DISCARD_BATCH = 500

class _Writing:
    def __init__(self, stage_id: int):
        self.stage_id, self.callbacks = stage_id, []


_current: contextvars.ContextVar[_Writing | None] = contextvars.ContextVar("forty2_import_stage", default=None)


class StagedManager(models.Manager.from_queryset(OrgQuerySet)):
    """The default manager of a record type an import may create: rows of an unpublished import are hidden,
    except from the import writing them (the stage of the current context)."""

    def get_queryset(self):
        qs = super().get_queryset()
        writing_now = _current.get()
        if writing_now is None:
            return qs.filter(import_stage__isnull=True)
        return qs.filter(models.Q(import_stage__isnull=True) | models.Q(import_stage=writing_now.stage_id))


def stage_field():
    """The column a stageable model adds: ``import_stage = staging.stage_field()``."""
    return models.ForeignKey(ImportStage, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             editable=False)


def staged_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if any(f.name == "import_stage" for f in m._meta.concrete_fields)]


def current() -> int | None:
    """The stage the current context writes into, if any."""
    writing_now = _current.get()
    return writing_now.stage_id if writing_now else None


def after_publish(callback) -> bool:
    """Run ``callback()`` in the publishing transaction instead of now, when the current context writes into a
    stage (a change to other, visible records that must not happen unless the import is published). Returns
    False (nothing deferred) outside an import: the caller does the work at once."""
    writing_now = _current.get()
    if writing_now is None:
        return False
    writing_now.callbacks.append(callback)
    return True


def pending_callbacks() -> list:
    writing_now = _current.get()
    return writing_now.callbacks if writing_now else []


def is_staged(model) -> bool:
    """Whether the model's new rows can wait hidden in a stage (it has the ``import_stage`` column)."""
    return any(f.name == "import_stage" for f in model._meta.concrete_fields)


def open_stage(membership, label: str) -> ImportStage:
    with transaction.atomic():
        return ImportStage.objects.create(organization=membership.organization, created_by=membership.user,
                                          label=label[:255], heartbeat_at=timezone.now())


@contextmanager
def writing(stage: ImportStage):
    """Records created in this context join ``stage`` (see :func:`forty2.records.writes.create`)."""
    token = _current.set(_Writing(stage.pk))
    try:
        yield stage
    finally:
        _current.reset(token)


def let_others_write() -> None:
    """Between two batches on SQLite, leave the write lock free for a moment: SQLite does not queue writers (a
    waiting one polls, every 100 ms once it has waited a while), so an importer that began its next batch at once
    would starve them until their busy timeout. ``FORTY2_IMPORT_PAUSE_SECONDS`` (default 0.12; PostgreSQL never
    pauses: its writers do not share one lock)."""
    pause = settings.FORTY2_IMPORT_PAUSE_SECONDS
    if connection.vendor == "sqlite" and pause > 0 and not connection.in_atomic_block:
        time.sleep(pause)


GONE = ("The import stopped for longer than the worker waits and was discarded; nothing was saved. "
        "Import the file again.")


def beat(stage: ImportStage) -> None:
    """Call inside each batch's transaction: the importer is alive. Raises when the stage was discarded meanwhile
    (the sweep took the importer for dead), so that the batch rolls back and the import fails whole."""
    if not ImportStage.objects.filter(pk=stage.pk).update(heartbeat_at=timezone.now()):
        raise Forty2Error(GONE)


def still_there(stage: ImportStage) -> None:
    """Call in the publishing transaction: lock the stage, or fail if it was discarded."""
    if not ImportStage.objects.select_for_update().filter(pk=stage.pk).exists():
        raise Forty2Error(GONE)


@contextmanager
def kept_alive(stage: ImportStage):
    """While the import runs, a daemon thread with its own connection bumps the stage's heartbeat every
    ``FORTY2_JOB_HEARTBEAT_SECONDS``, so the sweep discards a stage only when its process is gone (like a job's
    heartbeat, :mod:`forty2.jobs.runner`); on SQLite a beat that cannot get the write lock is skipped."""
    interval = settings.FORTY2_JOB_HEARTBEAT_SECONDS
    stop = threading.Event()

    def loop():
        try:
            while not stop.wait(interval):
                try:
                    ImportStage.objects.filter(pk=stage.pk).update(heartbeat_at=timezone.now())
                except DatabaseError as exc:
                    logger.debug("Heartbeat of import stage %s skipped: %s", stage.pk, exc)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=loop, name=f"import-stage-{stage.pk}", daemon=True) if interval > 0 else None
    if thread:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        if thread:
            thread.join(timeout=interval + 30)


def publish(stage: ImportStage) -> int:
    """Make the stage's rows visible to everyone (inside the caller's transaction); returns how many."""
    count = 0
    for model in staged_models():
        count += model._base_manager.filter(import_stage=stage.pk).update(import_stage=None)
    ImportStage.objects.filter(pk=stage.pk).delete()
    return count


def discard(stage_id: int) -> int:
    """Delete the stage's rows in short transactions, then the stage; returns how many rows."""
    count = 0
    for model in staged_models():
        object_type = model._meta.model_name
        while True:
            with transaction.atomic():
                ids = list(model._base_manager.filter(import_stage=stage_id).values_list("pk", flat=True)
                           [:DISCARD_BATCH])
                if not ids:
                    break
                Approval.objects.filter(record_type__in=(object_type, _record_type(model)), object_id__in=ids).delete()
                model._base_manager.filter(pk__in=ids).delete()
                count += len(ids)
    with transaction.atomic():
        ImportStage.objects.filter(pk=stage_id).delete()
    return count


def _record_type(model) -> str:
    """The records kit's name of a model's type, as approvals store it (``AI system`` → ``ai_system``)."""
    return str(model._meta.verbose_name).lower().replace(" ", "_").replace("-", "_")


def sweep(timeout: float | None = None) -> int:
    """Discard the stages whose importer stopped (killed process, lost database); returns how many stages.
    Registered with the job worker's periodic sweep (:mod:`forty2.records.apps`)."""
    timeout = settings.FORTY2_JOB_HEARTBEAT_TIMEOUT if timeout is None else timeout
    cutoff = timezone.now() - dt.timedelta(seconds=max(timeout, 0))
    stale = list(ImportStage.objects.filter(heartbeat_at__lt=cutoff).values_list("pk", flat=True))
    for stage_id in stale:
        rows = discard(stage_id)
        logger.warning("Discarded import stage %s (%s rows): its importer stopped", stage_id, rows)
    return len(stale)
