"""forty2 import ai-systems FILE --org SLUG: load the AI system register from CSV/XLSX, all-or-nothing.

ISO/IEC 42001 4.1 and A.4.2: an organisation's existing inventory of AI systems becomes its register.
"""


from forty2.core.commands import Forty2Command, OneLineParser
from forty2.inventory.importexport import import_ai_systems, read_rows

from ._common import IMPORT_KINDS, acting_membership, import_file

DESCRIPTION = """Import AI systems from a .csv (UTF-8, comma or semicolon separated) or .xlsx file (first sheet).
The header row names the columns (name and purpose are required); see `forty2 export ai-systems` for the
full set. Every row is checked first: if any row is bad, each problem is listed with its spreadsheet row
(the header is row 1) and column, nothing is saved, and the exit code is 2. Models, datasets and suppliers
are referred to by name (models as name or name@version) and must already exist."""


class Command(Forty2Command):
    help = "Import records from a CSV or XLSX file, all-or-nothing (ISO/IEC 42001 4.1, A.4)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True, metavar="|".join(["ai-systems", *IMPORT_KINDS]),
                                    parser_class=OneLineParser)
        p = sub.add_parser("ai-systems", help="import AI systems into the register", description=DESCRIPTION)
        p.add_argument("file", help="the .csv or .xlsx file to import ('-' reads standard input; give --format)")
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("--as", dest="as_email", metavar="EMAIL",
                       help="act as this member (default: the organisation's first owner); their role must "
                            "allow importing")
        p.add_argument("--format", choices=("csv", "xlsx"), help="file format (default: from the file name)")
        p.add_argument("--update-existing", action="store_true",
                       help="a row whose name is already in the register updates that system")
        p.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")
        for other in IMPORT_KINDS.values():
            other.add_parser(sub)

    def handle(self, *args, kind, file, org, as_email=None, format=None, update_existing=False, dry_run=False,
               **options):
        if kind in IMPORT_KINDS:
            return IMPORT_KINDS[kind].handle(self, file=file, org=org, as_email=as_email, format=format,
                                             update_existing=update_existing, dry_run=dry_run)
        membership = acting_membership(self, org, as_email)

        def run(stream, fmt, source):
            return import_ai_systems(membership, read_rows(stream, fmt), update_existing=update_existing,
                                     dry_run=dry_run, source=source,
                                     progress=lambda done, total: self.progress(done, total, "importing"))

        import_file(self, file, format, run)
