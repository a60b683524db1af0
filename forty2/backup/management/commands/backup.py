"""``forty2 backup -o FILE`` and ``forty2 backup verify FILE`` (ISO/IEC 42001 7.5.3; docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from forty2.backup import archive, services


class Command(BaseCommand):
    help = "Back up the whole installation (database and stored files) to one file, or verify such a file."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["verify"], help="verify FILE instead of making a backup")
        parser.add_argument("file", nargs="?", help="the backup to verify")
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the backup")

    def handle(self, *args, action=None, file=None, output=None, **options):
        if action == "verify":
            if not file:
                raise CommandError("give the backup to verify: forty2 backup verify FILE")
            try:
                checked = archive.verify(file)
            except archive.BackupError as exc:
                raise CommandError(str(exc)) from exc
            if not checked.ok:
                raise CommandError(f"{file} does not verify:\n  " + "\n  ".join(checked.problems))
            m = checked.manifest
            rows = sum(e.get("rows", 0) for e in m["members"].values())
            files = sum(1 for name in m["members"] if name.startswith("files/"))
            self.stdout.write(f"{file}: OK — {len(m['models'])} tables, {rows} rows, {files} stored files, "
                              f"made {m['created_at']} on {m['vendor']} by Forty2 {m['forty2_version']}")
            return
        if file or not output:
            raise CommandError("usage: forty2 backup -o FILE  |  forty2 backup verify FILE")
        try:
            manifest = services.backup(output, progress=self._say(options))
        except archive.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(e.get("rows", 0) for e in manifest["members"].values())
        self.stdout.write(f"Backup written to {output}: {len(manifest['models'])} tables, {rows} rows, "
                          f"{sum(1 for n in manifest['members'] if n.startswith('files/'))} stored files.")

    def _say(self, options):
        if options.get("verbosity", 1) < 2:
            return None
        return lambda text: self.stderr.write(text)
