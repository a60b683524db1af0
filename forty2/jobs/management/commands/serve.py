"""forty2 serve: the production WSGI server (gunicorn) with static files from WhiteNoise.

On the embedded SQLite default it also supervises exactly one task worker (SQLite has one writer), after failing
the jobs its previous worker left "running". Lives in the jobs app because it starts the job worker.
"""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

from forty2.core.commands import Forty2Command
from forty2.jobs.services import fail_orphaned


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
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if workers is None:
            workers = 2 if not settings.IS_POSTGRES else min(2 * (os.cpu_count() or 1) + 1, 9)
        cmd = [sys.executable, "-m", "gunicorn", "forty2.wsgi:application", "--bind", f"{host}:{port}",
               "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
               "--access-logfile", "-", "--logger-class", "forty2.core.accesslog.RedactingLogger",
               "--timeout", "60", "--graceful-timeout", "20"]
        if reload:
            cmd.append("--reload")
        children = []
        if not settings.IS_POSTGRES and not no_worker:
            fail_orphaned()  # this is the only worker: any "running" job was left by the previous one
            children.append(subprocess.Popen([sys.executable, "-m", "forty2.cli", "worker"]))
        self.stdout.write(f"Forty2 listening on http://{host}:{port}/ ({workers} workers)")
        server = subprocess.Popen(cmd)
        children.append(server)

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            code = server.wait()
        finally:
            stop(None, None)
            for child in children:
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()
        sys.exit(code if code and code > 0 else 0)
