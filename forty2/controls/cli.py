"""``forty2 export soa --org SLUG -o FILE``: the Statement of Applicability as CSV or XLSX (ISO/IEC 42001
6.1.3 f, 7.5), and ``forty2 import iso27001-soa FILE --org SLUG [--dry-run]``: the ISO/IEC 27001 head start
(6.1.3); kinds of the ``export`` and ``import`` commands (:mod:`forty2.records.cli`) registered in
:class:`forty2.controls.apps.ControlsConfig`."""

from forty2.core.errors import Forty2Error
from forty2.records.cli import acting_membership, export_format, import_file, write_export

from .importexport import export_soa, import_iso27001_soa

IMPORT_27001_DESCRIPTION = """Import an ISO/IEC 27001:2022 Statement of Applicability (.csv or .xlsx) with the
columns control (e.g. A.5.1, or a clause such as 4.1), applicable (yes/no), justification and status (implemented,
partial, planned, not started). Each mapped ISO/IEC 42001 control gets a suggestion marked inferred, to be confirmed or
rejected in the SoA; clause rows suggest clause statuses. All-or-nothing; exit code 2 on any problem."""


class ImportIso27001Soa:
    name = "iso27001-soa"

    def add_parser(self, sub):
        p = sub.add_parser("iso27001-soa", help="import an ISO/IEC 27001 SoA as suggested ISO/IEC 42001 entries",
                           description=IMPORT_27001_DESCRIPTION)
        p.add_argument("file", help="the .csv or .xlsx file")
        p.add_argument("--org", required=True, help="organisation slug, e.g. globex")
        p.add_argument("--as", dest="as_email", metavar="EMAIL", help="act as this member (default: first owner)")
        p.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")
        return p

    def handle(self, command, *, file, org, as_email=None, dry_run=False):
        membership = acting_membership(command, org, as_email)
        import_file(command, file, None, lambda stream, _fmt, source: import_iso27001_soa(
            membership, stream, source, dry_run=dry_run))


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
