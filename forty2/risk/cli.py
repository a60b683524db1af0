"""``forty2 import risks FILE --org SLUG`` and ``forty2 export risks --org SLUG -o FILE``: the risk register's kinds
of the ``import`` and ``export`` commands (:mod:`forty2.records.cli`), registered in
:class:`forty2.risk.apps.RiskConfig` (ISO/IEC 42001 6.1.2, 7.5). All-or-nothing, the same report and exit codes as
``forty2 import ai-systems``."""


from forty2.core.errors import Forty2Error
from forty2.records.cli import acting_membership, export_format, import_file, write_export

from . import importexport, queries
from .models import Level, RiskStatus

IMPORT_DESCRIPTION = """Import risks from a .csv or .xlsx file (first sheet). The header names the columns (title is
required); see `forty2 export risks` for the full set. Every row is checked first: if any row is bad, each problem is
listed with its row and column, nothing is saved, and the exit code is 2. AI systems are named as in the register
and must exist already; scores must lie on the scales of the methodology in force."""


class ImportRisks:
    name = "risks"

    def add_parser(self, sub):
        p = sub.add_parser("risks", help="import risks into the risk register", description=IMPORT_DESCRIPTION)
        p.add_argument("file", help="the .csv or .xlsx file to import ('-' reads standard input; give --format)")
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("--as", dest="as_email", metavar="EMAIL", help="act as this member (default: first owner)")
        p.add_argument("--format", choices=("csv", "xlsx"), help="file format (default: from the file name)")
        p.add_argument("--update-existing", action="store_true",
                       help="a row whose title is already in the register updates that risk")
        p.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")
        return p

    def handle(self, command, *, file, org, as_email=None, format=None, update_existing=False, dry_run=False):
        membership = acting_membership(command, org, as_email)

        def run(stream, fmt, source):
            return importexport.import_risks(membership, importexport.read_rows(stream, fmt),
                                             update_existing=update_existing, dry_run=dry_run, source=source,
                                             progress=lambda d, t: command.progress(d, t, "importing"))

        import_file(command, file, format, run)


class ExportRisks:
    name = "risks"

    def add_parser(self, sub):
        p = sub.add_parser("risks", help="export the risk register",
                           description="Export the risks of an organisation, with the register's filters.")
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("-o", "--output", required=True, metavar="FILE",
                       help="file to write ('-' writes CSV to standard output)")
        p.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file name, else csv")
        p.add_argument("--as", dest="as_email", metavar="EMAIL", help="act as this member (default: first owner)")
        p.add_argument("-q", "--search", dest="q", metavar="TEXT", help="only risks whose title or description "
                                                                         "contains TEXT")
        p.add_argument("--status", choices=RiskStatus.values)
        p.add_argument("--level", choices=Level.values, help="residual level, else inherent")
        p.add_argument("--overdue", action="store_true", help="only risks whose review is overdue")
        p.add_argument("--ordering", help="sort field, '-' prefix for descending (default: title)")
        return p

    def handle(self, command, *, org, output, format=None, as_email=None, **filters):
        fmt = export_format(command, output, format)
        membership = acting_membership(command, org, as_email)
        params = {k: v for k, v in filters.items() if k in ("q", "status", "level", "overdue", "ordering") and v}
        try:
            qs = queries.risks(membership.organization, params)
            data = importexport.export_risks(membership, qs, fmt, bom=output != "-")
        except Forty2Error as exc:
            command.fail(exc.message)
        write_export(command, output, data)
        if output == "-":
            return
        count = qs.count()
        command.stdout.write(f"exported {count} risk{'s' if count != 1 else ''} to {output}")
