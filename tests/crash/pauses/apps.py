"""Pause points for the crash tests, active only when ``FORTY2_TEST_PAUSE`` names one:

* ``import``: a queued import job, after its first batches are written (rows staged, not published);
* ``cli-import``: the same in ``forty2 import``;
* ``upload``: an evidence upload, after its bytes are stored, inside the request's transaction;
* ``export``: an export, after its first row;
* ``backup``: ``forty2 backup``, after its tables are written, at its first stored file.

Several may be named, separated by commas. The paused process writes its pid to ``FORTY2_TEST_PAUSE_FLAG`` + ``.`` +
the pause's name and sleeps until it is killed."""

import os
import time
from pathlib import Path

from django.apps import AppConfig


def pause_here(where: str) -> None:
    Path(f"{os.environ['FORTY2_TEST_PAUSE_FLAG']}.{where}").write_text(str(os.getpid()))
    time.sleep(600)


class PausesConfig(AppConfig):
    name = "tests.crash.pauses"
    label = "crash_pauses"

    def ready(self):
        pauses = set(os.environ.get("FORTY2_TEST_PAUSE", "").split(","))
        if "import" in pauses:
            from forty2.jobs.runner import JobContext

            progress = JobContext.progress

            def paused_progress(self, done, total=None):
                progress(self, done, total)
                if done >= 40:  # two batches of FORTY2_IMPORT_BATCH_ROWS=20
                    pause_here("import")

            JobContext.progress = paused_progress
        if "cli-import" in pauses:
            from forty2.core.commands import Forty2Command

            def paused_command_progress(self, done, total, label=""):
                if done >= 40:
                    pause_here("cli-import")

            Forty2Command.progress = paused_command_progress
        if "upload" in pauses:
            from forty2.evidence import services

            keep = services._keep_version

            def paused_keep(*args, **kwargs):
                version = keep(*args, **kwargs)
                pause_here("upload")
                return version

            services._keep_version = paused_keep
        if "export" in pauses:
            from forty2.records import io

            export_row = io.export_row
            rows = []

            def paused_row(*args, **kwargs):
                rows.append(1)
                if len(rows) == 2:
                    pause_here("export")
                return export_row(*args, **kwargs)

            io.export_row = paused_row
        if "backup" in pauses:
            from forty2.backup.archive import Writer

            add_stream = Writer.add_stream

            def paused_stream(self, *args, **kwargs):
                pause_here("backup")
                return add_stream(self, *args, **kwargs)

            Writer.add_stream = paused_stream
