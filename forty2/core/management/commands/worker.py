"""forty2 worker: run queued tasks (exports, imports, reminders) from the database queue."""

from django.core.management import call_command

from forty2.core.commands import Forty2Command


class Command(Forty2Command):
    help = "Run a task worker (any number on PostgreSQL; `forty2 serve` runs one itself on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default", help="queue name (default: default)")
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, queue, batch, **options):
        kwargs = {"queue_name": queue}
        if batch:
            kwargs["batch"] = True
        call_command("db_worker", **kwargs)
