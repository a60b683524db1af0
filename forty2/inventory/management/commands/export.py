"""forty2 export ai-systems --org SLUG --format csv|xlsx -o FILE: write the AI system register out.

ISO/IEC 42001 4.1, A.4.2 and 7.5: the register as documented information a person can review offline;
the columns are the import's, so an export re-imports with ``--update-existing``.
"""


from forty2.core.commands import Forty2Command, OneLineParser
from forty2.core.errors import Forty2Error
from forty2.inventory import queries
from forty2.inventory.definitions import AI_SYSTEM
from forty2.inventory.importexport import export_register
from forty2.records import filters

from ._common import EXPORT_KINDS, acting_membership, export_format, write_export


class Command(Forty2Command):
    help = "Export records to CSV or XLSX (ISO/IEC 42001 4.1, A.4.2)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True, metavar="|".join(["ai-systems", *EXPORT_KINDS]),
                                    parser_class=OneLineParser)
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
        for other in EXPORT_KINDS.values():
            other.add_parser(sub)

    def handle(self, *args, kind, org, output, format=None, as_email=None, **options):
        if kind in EXPORT_KINDS:
            return EXPORT_KINDS[kind].handle(self, org=org, output=output, format=format, as_email=as_email,
                                             **options)
        fmt = export_format(self, output, format)
        membership = acting_membership(self, org, as_email)
        try:
            wanted = filters.parse(AI_SYSTEM, {k: options.get(k) for k in filters.param_names(AI_SYSTEM)})
            data = export_register(membership, wanted, fmt, bom=output != "-",
                                   progress=lambda done, total: self.progress(done, total, "exporting"))
            qs = queries.ai_systems(membership.organization, **wanted)
        except Forty2Error as exc:
            self.fail(exc.message)
        write_export(self, output, data)
        if output == "-":
            return
        count = qs.count()
        self.stdout.write(f"exported {count} AI system{'s' if count != 1 else ''} to {output}")
