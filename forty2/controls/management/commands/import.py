"""forty2 import iso27001-soa FILE --org SLUG [--dry-run]: the ISO/IEC 27001 head start (ISO/IEC 42001 6.1.3).

Extends the register's ``forty2 import`` (forty2/inventory/management/commands/import.py) with one more kind;
this app is listed before the register in INSTALLED_APPS so Django finds this command first.
"""

import argparse
import importlib

from forty2.controls.importexport import import_iso27001_soa
from forty2.inventory.management.commands._common import acting_membership, import_file

RegisterImport = importlib.import_module("forty2.inventory.management.commands.import").Command

DESCRIPTION = """Import an ISO/IEC 27001:2022 Statement of Applicability (.csv or .xlsx) with the columns control
(e.g. A.5.1, or a clause such as 4.1), applicable (yes/no), justification and status (implemented, partial,
planned, not started). Each mapped ISO/IEC 42001 control gets a suggestion marked inferred, to be confirmed or
rejected in the SoA; clause rows suggest clause statuses. All-or-nothing; exit code 2 on any problem."""


class Command(RegisterImport):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        sub.metavar = "ai-systems|iso27001-soa"
        p = sub.add_parser("iso27001-soa", help="import an ISO/IEC 27001 SoA as suggested ISO/IEC 42001 entries",
                           description=DESCRIPTION)
        p.add_argument("file", help="the .csv or .xlsx file")
        p.add_argument("--org", required=True, help="organisation slug, e.g. globex")
        p.add_argument("--as", dest="as_email", metavar="EMAIL", help="act as this member (default: first owner)")
        p.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")

    def handle(self, *args, kind, **options):
        if kind != "iso27001-soa":
            return super().handle(*args, kind=kind, **options)
        membership = acting_membership(self, options["org"], options.get("as_email"))
        import_file(self, options["file"], None, lambda stream, _fmt, source: import_iso27001_soa(
            membership, stream, source, dry_run=options.get("dry_run", False)))
