"""Helpers shared by the ``forty2 import`` and ``forty2 export`` commands (not a command itself)."""

from forty2.tenancy.models import Membership, Organization, Role

#: kinds other apps add to ``forty2 import`` / ``forty2 export`` (``add_parser(sub)``, ``handle(command, **options)``),
#: registered in their AppConfig.ready() so this app never imports theirs
IMPORT_KINDS: dict = {}
EXPORT_KINDS: dict = {}


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
