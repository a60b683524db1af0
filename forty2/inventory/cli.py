"""``forty2 import ai-systems FILE --org SLUG`` and ``forty2 export ai-systems --org SLUG -o FILE``: the register's
kinds of the ``import`` and ``export`` commands (:mod:`forty2.records.cli`), registered in
:class:`forty2.inventory.apps.InventoryConfig`.

ISO/IEC 42001 4.1 and A.4.2: an organisation's existing inventory of AI systems becomes its register, all-or-nothing;
7.5: the register as documented information a person can review offline, in the import's columns, so an export
re-imports with ``--update-existing``.
"""

from forty2.core.errors import Forty2Error
from forty2.records import filters
from forty2.records.cli import acting_membership, export_format, import_file, write_export

from . import queries
from .definitions import AI_SYSTEM
from .importexport import export_register, import_ai_systems, read_rows

IMPORT_DESCRIPTION = """Import AI systems from a .csv (UTF-8, comma or semicolon separated) or .xlsx file (first sheet).
The header row names the columns (name and purpose are required); see `forty2 export ai-systems` for the
full set. Every row is checked first: if any row is bad, each problem is listed with its spreadsheet row
(the header is row 1) and column, nothing is saved, and the exit code is 2. Models, datasets and suppliers
are referred to by name (models as name or name@version) and must already exist."""


class ImportAiSystems:
    name = "ai-systems"

    def add_parser(self, sub):
        p = sub.add_parser("ai-systems", help="import AI systems into the register", description=IMPORT_DESCRIPTION)
        p.add_argument("file", help="the .csv or .xlsx file to import ('-' reads standard input; give --format)")
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("--as", dest="as_email", metavar="EMAIL",
                       help="act as this member (default: the organisation's first owner); their role must "
                            "allow importing")
        p.add_argument("--format", choices=("csv", "xlsx"), help="file format (default: from the file name)")
        p.add_argument("--update-existing", action="store_true",
                       help="a row whose name is already in the register updates that system")
        p.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")
        return p

    def handle(self, command, *, file, org, as_email=None, format=None, update_existing=False, dry_run=False):
        membership = acting_membership(command, org, as_email)

        def run(stream, fmt, source):
            return import_ai_systems(membership, read_rows(stream, fmt), update_existing=update_existing,
                                     dry_run=dry_run, source=source,
                                     progress=lambda done, total: command.progress(done, total, "importing"))

        import_file(command, file, format, run)


class ExportAiSystems:
    name = "ai-systems"

    def add_parser(self, sub):
        p = sub.add_parser("ai-systems", help="export the AI system register",
                           description="Export the live AI systems of an organisation, with the list's filters.")
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("-o", "--output", required=True, metavar="FILE",
                       help="file to write ('-' writes CSV to standard output)")
        p.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file name, else csv")
        p.add_argument("--as", dest="as_email", metavar="EMAIL",
                       help="act as this member (default: the organisation's first owner)")
        p.add_argument("-q", "--search", dest="q", metavar="TEXT", help="only systems whose name, purpose, "
                                                                         "description or unit contains TEXT")
        # The list's filters, from the register's definition (one vocabulary with the API and the web list).
        for f in AI_SYSTEM.filters:
            p.add_argument(f"--{f.query_name.replace('_', '-')}", dest=f.query_name,
                           choices=filters.allowed_values(f) or None, help=f.label)
        p.add_argument("--owner", metavar="EMAIL", help="systems this member owns")
        p.add_argument("--archived", action="store_true", help="archived systems instead of live ones")
        p.add_argument("--ordering", help="sort field, '-' prefix for descending (default: name)")
        return p

    def handle(self, command, *, org, output, format=None, as_email=None, **options):
        fmt = export_format(command, output, format)
        membership = acting_membership(command, org, as_email)
        try:
            wanted = filters.parse(AI_SYSTEM, {k: options.get(k) for k in filters.param_names(AI_SYSTEM)})
            data = export_register(membership, wanted, fmt, bom=output != "-",
                                   progress=lambda done, total: command.progress(done, total, "exporting"))
            qs = queries.ai_systems(membership.organization, **wanted)
        except Forty2Error as exc:
            command.fail(exc.message)
        write_export(command, output, data)
        if output == "-":
            return
        count = qs.count()
        command.stdout.write(f"exported {count} AI system{'s' if count != 1 else ''} to {output}")
