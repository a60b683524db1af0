"""``forty2 export soa --org SLUG -o FILE``: the Statement of Applicability as CSV or XLSX, a kind of the
``export`` command registered in :class:`forty2.controls.apps.ControlsConfig` (ISO/IEC 42001 6.1.3 d, 7.5)."""

from forty2.core.errors import Forty2Error
from forty2.inventory.management.commands._common import acting_membership, export_format, write_export

from .importexport import export_soa


class ExportSoa:
    name = "soa"

    def add_parser(self, sub):
        p = sub.add_parser("soa", help="export the Statement of Applicability",
                           description="Export every control of the organisation's SoA with its applicability, "
                                       "justification, status, owner, links and evidence count.")
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("-o", "--output", required=True, metavar="FILE",
                       help="file to write ('-' writes CSV to standard output)")
        p.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file name, else csv")
        p.add_argument("--as", dest="as_email", metavar="EMAIL", help="act as this member (default: first owner)")
        return p

    def handle(self, command, *, org, output, format=None, as_email=None, **_options):
        fmt = export_format(command, output, format)
        membership = acting_membership(command, org, as_email)
        try:
            data, _content_type, _name = export_soa(membership, fmt)
        except Forty2Error as exc:
            command.fail(exc.message)
        write_export(command, output, data)
        if output != "-":
            command.stdout.write(f"exported the Statement of Applicability of {org} to {output}")
