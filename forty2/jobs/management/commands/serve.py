"""forty2 serve: the production WSGI server (gunicorn) with static files from WhiteNoise.

On the embedded SQLite default it also supervises exactly one task worker (SQLite has one writer), after failing
the jobs its previous worker left "running"; a worker that dies is started again, with a growing pause if it keeps
dying (issue #14, finding 11: a worker killed by a locked database stayed dead). gunicorn's control socket is off:
by default every gunicorn on a host binds the same socket in the home directory, so two Forty2 servers on one
machine would share it. Lives in the jobs app because it starts the job worker.
"""

import logging
import os
import signal
import subprocess  # nosec B404 - runs our own gunicorn and worker, never a shell
import sys
import time

from django.conf import settings
from django.core.management import call_command

from forty2.core.commands import Forty2Command
from forty2.jobs.services import fail_orphaned

logger = logging.getLogger("forty2.jobs")

#: pauses before restarting a worker that died, growing while it keeps dying within RESTART_RESET seconds
RESTART_BACKOFF = (1, 2, 5, 10, 30, 60)
RESTART_RESET = 60.0


class Command(Forty2Command):
    help = "Serve Forty2 with gunicorn (never Django's development server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("FORTY2_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("FORTY2_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=None,
                            help="gunicorn worker processes (default: 2 on SQLite, 2×cores+1 on PostgreSQL)")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
        parser.add_argument("--reload", action="store_true", help="restart on code changes (development)")
        parser.add_argument("--no-worker", action="store_true", help="do not start the embedded task worker")

    def handle(self, *args, host, port, workers, threads, reload, no_worker, **options):
        if not 0 < port < 65536:
            self.fail(f"--port must be between 1 and 65535, not {port}")
        if workers is not None and workers < 1:
            self.fail("--workers must be at least 1")
        # The system checks first (forty2/records/checks.py: declarations and registrations): a broken one stops
        # the start-up with its message instead of a form silently missing a field.
        call_command("migrate", interactive=False, verbosity=0, skip_checks=False)
        call_command("collectstatic", interactive=False, verbosity=0)
        if workers is None:
            workers = 2 if not settings.IS_POSTGRES else min(2 * (os.cpu_count() or 1) + 1, 9)
        cmd = [sys.executable, "-m", "gunicorn", "forty2.wsgi:application", "--bind", f"{host}:{port}",
               "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
               "--access-logfile", "-", "--logger-class", "forty2.core.accesslog.RedactingLogger",
               "--timeout", "60", "--graceful-timeout", "20", "--no-control-socket"]
        if reload:
            cmd.append("--reload")
        worker = None
        if not settings.IS_POSTGRES and not no_worker:
            worker = Supervised([sys.executable, "-m", "forty2.cli", "worker"], self.stderr)
            worker.start()
        self.stdout.write(f"Forty2 listening on http://{host}:{port}/ ({workers} workers)")
        server = subprocess.Popen(cmd)  # nosec B603 - fixed argv: this interpreter, gunicorn, our options
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)
            for child in (server, worker.process if worker else None):
                if child is not None and child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while (code := server.poll()) is None:
                if worker is not None and not stopping:
                    worker.check()
                time.sleep(0.2)
        finally:
            stop(None, None)
            for child in (server, worker.process if worker else None):
                if child is None:
                    continue
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()
        sys.exit(code if code and code > 0 else 0)


class Supervised:
    """The embedded task worker: started, watched, and started again when it dies (logged, with a growing
    pause, :data:`RESTART_BACKOFF`), after failing the jobs it left running (it was the only worker)."""

    def __init__(self, cmd: list[str], stderr):
        self.cmd, self.stderr = cmd, stderr
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.failures = 0
        self.restart_at: float | None = None

    def start(self) -> None:
        try:
            fail_orphaned()  # this is the only worker: any "running" job was left by the previous one
        except Exception:  # a busy database: the new worker's own sweep fails them later
            logger.exception("Could not fail the jobs the previous worker left running")
        self.process = subprocess.Popen(self.cmd)  # nosec B603 - fixed argv: this interpreter, forty2 worker
        self.started = time.monotonic()
        self.restart_at = None

    def check(self) -> None:
        if self.process is None or self.process.poll() is None:
            return
        now = time.monotonic()
        if self.restart_at is None:
            self.failures = 0 if now - self.started >= RESTART_RESET else self.failures + 1
            pause = RESTART_BACKOFF[min(self.failures, len(RESTART_BACKOFF) - 1)]
            self.restart_at = now + pause
            message = (f"The task worker stopped (exit code {self.process.returncode}); starting it again in "
                       f"{pause} s.")
            logger.warning(message)
            self.stderr.write(message)
        if now >= self.restart_at:
            self.start()
            logger.warning("Task worker started again (pid %s)", self.process.pid)
