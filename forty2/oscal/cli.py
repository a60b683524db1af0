"""``forty2 export oscal --org SLUG --model MODEL -o FILE``: an OSCAL document of the organisation's AIMS
(ISO/IEC 42001 7.5.3), through the same service as the API (forty2/oscal/services.py)."""

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.records.cli import acting_membership, write_export

from .common import MODELS


class ExportOscal:
    name = "oscal"

    def add_parser(self, sub):
        p = sub.add_parser(self.name, help="export the AIMS as OSCAL JSON", description=(
            "Export the organisation's AIMS as an OSCAL 1.2.3 JSON document: the ISO/IEC 42001 catalog, the SoA "
            "as a profile, the AIMS as a system security plan, audit results, or the POA&M of corrective "
            "actions. UUIDs stay the same across exports of the same records; the export is audited."))
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("--model", required=True, choices=MODELS, help="the OSCAL model to export")
        p.add_argument("-o", "--output", required=True, metavar="FILE",
                       help="file to write ('-' writes to standard output)")
        p.add_argument("--as", dest="as_email", metavar="EMAIL", help="act as this member (default: first owner)")
        return p

    def handle(self, command, *, org, model, output, as_email=None):
        from . import services

        membership = acting_membership(command, org, as_email)
        try:
            _document, data = services.export(membership, model)
        except InvalidInput as exc:
            command.fail("; ".join(e["msg"] for e in exc.errors))
        except Forty2Error as exc:
            command.fail(exc.message)
        write_export(command, output, data)
        if output != "-":
            command.stderr.write(f"wrote the OSCAL {services.LABELS[model]} of {org} to {output}")
