"""Pause points for the crash tests, active only when ``FORTY2_TEST_PAUSE`` names one:

* ``import``: a queued import job, after its first batches are written (rows staged, not published);
* ``upload``: an evidence upload, after its bytes are stored, inside the request's transaction;
* ``export``: an export, after its first row.

The paused process writes its pid to ``FORTY2_TEST_PAUSE_FLAG`` and sleeps until it is killed."""

import os
import time
from pathlib import Path

from django.apps import AppConfig


def pause_here() -> None:
    Path(os.environ["FORTY2_TEST_PAUSE_FLAG"]).write_text(str(os.getpid()))
    time.sleep(600)


class PausesConfig(AppConfig):
    name = "tests.crash.pauses"
    label = "crash_pauses"

    def ready(self):
        where = os.environ.get("FORTY2_TEST_PAUSE", "")
        if where == "import":
            from forty2.jobs.runner import JobContext

            progress = JobContext.progress

            def paused_progress(self, done, total=None):
                progress(self, done, total)
                if done >= 40:  # two batches of FORTY2_IMPORT_BATCH_ROWS=20
                    pause_here()

            JobContext.progress = paused_progress
        elif where == "upload":
            from forty2.evidence import services

            keep = services._keep_version

            def paused_keep(*args, **kwargs):
                version = keep(*args, **kwargs)
                pause_here()
                return version

            services._keep_version = paused_keep
        elif where == "export":
            from forty2.records import io

            export_row = io.export_row
            rows = []

            def paused_row(*args, **kwargs):
                rows.append(1)
                if len(rows) == 2:
                    pause_here()
                return export_row(*args, **kwargs)

            io.export_row = paused_row
