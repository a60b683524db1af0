"""``forty2 restore FILE``: load a backup into an empty installation (ISO/IEC 42001 7.5.3; docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from forty2.backup import archive, services


class Command(BaseCommand):
    help = "Restore a backup made by `forty2 backup` into an empty, migrated installation."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file")

    def handle(self, *args, file, **options):
        say = (lambda text: self.stderr.write(text)) if options.get("verbosity", 1) >= 2 else None
        try:
            manifest = services.restore(file, progress=say)
        except archive.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {file} (made {manifest['created_at']}). "
                          "Check it with: forty2 audit verify")
