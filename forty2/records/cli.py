"""The kinds of the ``forty2 import`` and ``forty2 export`` commands, and the helpers every kind shares
(ISO/IEC 42001 7.5: documented information in and out as CSV/XLSX, all-or-nothing, by a named member).

The commands (forty2/records/management/commands/import.py and export.py) own no kind themselves: each app
registers its kinds in ``AppConfig.ready()`` with :func:`register_kind`, so no app imports another's command
module. A kind is an object with

- ``name``: the word after ``import`` / ``export`` (``ai-systems``, ``risks``, ``soa``, ``iso27001-soa``);
- ``add_parser(sub)``: adds its sub-parser (``sub.add_parser(name, …)``) with its arguments;
- ``handle(command, **options)``: does the work with the parsed options (``command.fail(…)`` for one-line
  errors with exit code 2).

A kind name registered twice, from two modules, is a ``forty2 check`` error (E103, forty2/records/checks.py)
naming both registrants.
"""

from dataclasses import dataclass
from typing import Literal

from forty2.core.registry import Registrations
from forty2.tenancy.models import Membership, Organization, Role

Command = Literal["import", "export"]


@dataclass(frozen=True)
class CliKind:
    """One registered kind: the object that parses and handles it, and its place in the command's list."""

    name: str
    kind: object
    order: int = 100


#: the kinds of ``forty2 import`` and ``forty2 export``, by name
IMPORT_KINDS: dict[str, CliKind] = {}
EXPORT_KINDS: dict[str, CliKind] = {}
IMPORT_KINDS_BY = Registrations("CLI import kinds", skip=(__name__,))
EXPORT_KINDS_BY = Registrations("CLI export kinds", skip=(__name__,))
_TABLES = {"import": (IMPORT_KINDS, IMPORT_KINDS_BY), "export": (EXPORT_KINDS, EXPORT_KINDS_BY)}


def register_kind(command: Command, kind, *, order: int = 100) -> None:
    """Add ``kind`` (see the module's docstring) to ``forty2 import`` or ``forty2 export``; ``order`` places it
    in the command's usage line and help (AI systems 20, risks 30, controls 40, as the navigation)."""
    table, registrants = _TABLES[command]
    registrants.note(kind.name)
    table[kind.name] = CliKind(kind.name, kind, order)


def kinds(command: Command) -> list:
    """The kinds of ``command`` in their order (then by name)."""
    table, _registrants = _TABLES[command]
    return [entry.kind for entry in sorted(table.values(), key=lambda entry: (entry.order, entry.name))]


def kind(command: Command, name: str):
    """The kind called ``name``, or None."""
    table, _registrants = _TABLES[command]
    entry = table.get(name)
    return entry.kind if entry else None


# --- helpers shared by the kinds -------------------------------------------------------------------------------

def acting_membership(command, slug: str, email: str | None) -> Membership:
    """The member the command acts as, so the role rules of the UI and API apply (ISO/IEC 42001 5.3):
    ``--as EMAIL``, else the organisation's first owner."""
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        command.fail(f"no organisation with slug '{slug}'")
    members = Membership.objects.active().select_related("user", "organization").filter(organization=org)
    if email:
        membership = members.filter(user__email__iexact=email.strip()).first()
        if membership is None:
            command.fail(f"{email} is not an active member of {slug}")
        return membership
    membership = members.filter(role=Role.OWNER).order_by("created_at", "pk").first()
    if membership is None:
        command.fail(f"{slug} has no active owner; name the member to act as with --as EMAIL")
    return membership


def describe(problem: dict) -> str:
    """One line of an import report: ``row 3, column status: …``."""
    where = ", ".join(part for part in (f"row {problem['row']}" if problem.get("row") else "",
                                        f"column {problem['column']}" if problem.get("column") else "") if part)
    return f"{where}: {problem['message']}" if where else problem["message"]


def export_format(command, output: str, format: str | None) -> str:
    """The format asked for, else the file name's, else CSV; XLSX cannot go to standard output."""
    fmt = format or (output.rsplit(".", 1)[-1].lower() if output.lower().endswith((".csv", ".xlsx")) else "csv")
    if output == "-" and fmt == "xlsx":
        command.fail("XLSX cannot be written to standard output; give -o FILE.xlsx")
    return fmt


def write_export(command, output: str, data: bytes) -> None:
    """Write an export to ``output`` ('-' is standard output) through a temporary file, so an interrupted write
    never leaves half a file under the wanted name."""
    import os
    from pathlib import Path

    if output == "-":
        command.stdout.write(data.decode("utf-8"), ending="")
        return
    path = Path(output)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        command.fail(f"cannot write {output}: {exc.strerror or exc}")


def import_file(command, file: str, format: str | None, run) -> None:
    """Open ``file`` ('-' is standard input, which needs ``format``), call ``run(stream, format_or_name, source)``
    and report: the summary, or every problem (row and column) on stderr and one line with exit code 2."""
    import sys
    from pathlib import Path

    from forty2.core.errors import Forty2Error
    from forty2.core.spreadsheets import ImportFailed

    if file == "-":
        if not format:
            command.fail("give --format csv|xlsx when reading standard input")
        stream, source = sys.stdin.buffer, "stdin"
    else:
        path = Path(file)
        if not path.is_file():
            command.fail(f"no such file: {file}")
        stream, source = path.open("rb"), path.name
    try:
        with stream:
            result = run(stream, format or file, source)
    except ImportFailed as exc:
        if len(exc.problems) > 1 or exc.problems[0].get("row"):
            for problem in exc.problems:
                command.stderr.write(describe(problem))
        command.fail(exc.message)
    except Forty2Error as exc:
        command.fail(exc.message)
    command.stdout.write(result.summary())


# --- the kinds every record type gets from its declaration ---------------------------------------------------

class RecordImport:
    """``forty2 import NAME FILE --org SLUG``: one record type's rows through its import spec — the same checks,
    services and audit events as the page and the API, all-or-nothing."""

    def __init__(self, name: str, rt, access):
        self.name, self.rt, self.access = name, rt, access

    def add_parser(self, sub):
        rt = self.rt
        key = self.access.key_of(rt).name
        p = sub.add_parser(self.name, help=f"import {rt.plural.lower()}", description=(
            f"Import {rt.plural.lower()} from a .csv or .xlsx file (first sheet); `forty2 export {self.name}` "
            "writes the columns. Every row is checked first: if any is bad, each problem is listed with its row "
            "and column, nothing is saved, and the exit code is 2."))
        p.add_argument("file", help="the .csv or .xlsx file to import ('-' reads standard input; give --format)")
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("--as", dest="as_email", metavar="EMAIL", help="act as this member (default: first owner)")
        p.add_argument("--format", choices=("csv", "xlsx"), help="file format (default: from the file name)")
        p.add_argument("--update-existing", action="store_true",
                       help=f"a row whose {key} is already there updates that record")
        p.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")
        return p

    def handle(self, command, *, file, org, as_email=None, format=None, update_existing=False, dry_run=False):
        from . import io as kit_io

        membership = acting_membership(command, org, as_email)

        def run(stream, fmt, source):
            rows = kit_io.read_rows(self.rt, stream, fmt)
            return kit_io.import_rows(self.access.import_spec(self.rt), membership, rows,
                                      update_existing=update_existing, dry_run=dry_run, source=source,
                                      progress=lambda d, t: command.progress(d, t, "importing"))

        import_file(command, file, format, run)


class RecordExport:
    """``forty2 export NAME --org SLUG -o FILE``: one record type's list, with the list's filters."""

    def __init__(self, name: str, rt, access):
        self.name, self.rt, self.access = name, rt, access

    def add_parser(self, sub):
        rt = self.rt
        p = sub.add_parser(self.name, help=f"export {rt.plural.lower()}",
                           description=f"Export the {rt.plural.lower()} of an organisation as CSV or XLSX.")
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("-o", "--output", required=True, metavar="FILE",
                       help="file to write ('-' writes CSV to standard output)")
        p.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file name, else csv")
        p.add_argument("--as", dest="as_email", metavar="EMAIL", help="act as this member (default: first owner)")
        p.add_argument("-q", "--search", dest="q", metavar="TEXT", help="only records whose text contains TEXT")
        p.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                       help="a filter of the list page, e.g. --filter status=open (repeatable)")
        return p

    def handle(self, command, *, org, output, format=None, as_email=None, q=None, filter=()):
        from forty2.core.errors import Forty2Error

        fmt = export_format(command, output, format)
        membership = acting_membership(command, org, as_email)
        filters = {"q": q} if q else {}
        for item in filter:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                command.fail(f"--filter takes FIELD=VALUE, not {item!r}")
            filters[name.strip()] = value.strip()
        unknown = set(filters) - {"q", "owner", "archived", "ordering"} - {f.query_name for f in self.rt.filters}
        if unknown:
            command.fail(f"no filter {', '.join(sorted(unknown))} on {self.rt.plural.lower()}; use one of: "
                         f"{', '.join(f.query_name for f in self.rt.filters) or 'none'}")
        try:
            from . import filters as kit_filters

            data = self.access.export(self.rt, membership, kit_filters.parse(self.rt, filters), fmt)
        except Forty2Error as exc:
            command.fail(exc.message)
        write_export(command, output, data)
        if output != "-":
            command.stdout.write(f"exported {self.rt.plural.lower()} to {output}")


def register_record_kinds(name: str, rt, access, *, order: int = 100) -> None:
    """Give a declared record type (``rt`` with its :class:`~forty2.records.routes.Access`) both CLI kinds:
    ``forty2 import NAME`` and ``forty2 export NAME``."""
    register_kind("import", RecordImport(name, rt, access), order=order)
    register_kind("export", RecordExport(name, rt, access), order=order)
