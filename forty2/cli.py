"""The ``forty2`` command: a thin front over the management commands (UI, API and CLI share services)."""

import os
import sys

COMMANDS = {
    "serve": "serve the web UI and API with gunicorn",
    "worker": "run a background task worker",
    "migrate": "create or update the database tables",
    "demo": "load the demo organisations (idempotent)",
    "createadmin": "create an organisation owner",
    "invite": "invite a person to an organisation",
    "token": "create, list or revoke API tokens",  # nosec B105 - help text
    "audit": "verify the audit log's hash chains",
    "import": "import records from CSV/XLSX (all-or-nothing)",
    "export": "export records to CSV/XLSX (and the AIMS as OSCAL JSON)",
    "catalog": "import, export and inspect standards catalogs",
    "evidence": "add evidence files (checked like uploads)",
    "documents": "list, export and start controlled documents",
    "readiness": "the stage 1 list and blockers (exit 1 while any remain)",
    "report": "a report as PDF, DOCX or XLSX (--list: the kinds)",
    "certification": "send certification audit reminders; show the certificate",
    "backup": "back up the installation to one file; backup verify FILE checks one",
    "restore": "restore a backup into an empty installation",
    "digest": "mail each person the weekly digest of their organisations",
    "check": "check the installation (--deploy: production readiness)",
    "shell": "open a Python shell with Forty2 loaded",
    "collectstatic": "collect static files",
    "createcachetable": "create the database cache table",
    "showmigrations": "list migrations and their state",
}


def usage() -> str:
    lines = ["usage: forty2 <command> [options]   (forty2 <command> --help for details)", "", "commands:"]
    lines += [f"  {name:16} {text}" for name, text in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forty2.settings")
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(usage())
        sys.exit(0 if argv else 2)
    if argv[0] not in COMMANDS:
        sys.stderr.write(f"forty2: error: unknown command '{argv[0]}' (see forty2 --help)\n")
        sys.exit(2)
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings: a bad variable is one line, not a traceback
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"forty2: error: {exc}\n")
        sys.exit(2)
    execute_from_command_line(["forty2", *argv])


if __name__ == "__main__":
    main()
