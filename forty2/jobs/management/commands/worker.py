"""forty2 worker: run queued tasks (imports now; exports and reports next) from the database queue.

At start, and then every half heartbeat timeout, it fails the jobs whose worker stopped and cleans up after
crashes (:func:`forty2.jobs.services.sweep`: stale jobs, interrupted imports, orphaned files), on SQLite and
PostgreSQL alike. Unless ``--batch``, it also writes a signed anchor of the audit chains at start and every
FORTY2_ANCHOR_EVERY_SECONDS to FORTY2_ANCHOR_SINK (ISO/IEC 42001 7.5.3; :mod:`forty2.tenancy.anchoring`).
"""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.db import connections

from forty2.core.commands import Forty2Command
from forty2.jobs.services import sweep
from forty2.tenancy.anchoring import PeriodicAnchor

logger = logging.getLogger("forty2.jobs")


class Sweeper:
    """A daemon thread that fails stale jobs periodically, with its own database connection."""

    def __init__(self, interval: float):
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="job-sweeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                sweep()
            except Exception:  # a locked or lost database: try again next time
                logger.exception("Sweeping stale jobs failed")
            finally:
                connections.close_all()  # this thread's connections only


class Command(Forty2Command):
    help = "Run a task worker (any number on PostgreSQL; `forty2 serve` runs one itself on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default", help="queue name (default: default)")
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, queue, batch, **options):
        failed = sweep()
        if failed:
            self.stderr.write(f"Failed {failed} job{'s' if failed != 1 else ''} whose worker had stopped.")
        sweeper = anchors = None
        if not batch:
            sweeper = Sweeper(max(settings.FORTY2_JOB_HEARTBEAT_TIMEOUT / 2, 1.0))
            sweeper.start()
            anchors = PeriodicAnchor.start_if_enabled()
        kwargs = {"queue_name": queue}
        if batch:
            kwargs["batch"] = True
        try:
            call_command("db_worker", **kwargs)
        finally:
            if sweeper is not None:
                sweeper.stop()
            if anchors is not None:
                anchors.stop()
