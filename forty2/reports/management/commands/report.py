"""``forty2 report KIND --org SLUG --format pdf|docx|xlsx -o FILE [--id N]`` and ``forty2 report --list``: a report
from the command line (ISO/IEC 42001 7.5), audited as ``report.download`` like a download from the pages."""

from pathlib import Path

from forty2.core.commands import Forty2Command
from forty2.core.errors import InvalidInput
from forty2.tenancy.models import Organization

from ... import kinds, render, services


class Command(Forty2Command):
    help = "Write a report as PDF, DOCX or XLSX; --list prints the kinds."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="the report kind (see --list)")
        parser.add_argument("--list", action="store_true", help="print the report kinds and stop")
        parser.add_argument("--org", help="the organisation's slug")
        parser.add_argument("--format", default="pdf", help="pdf, docx or xlsx (default pdf)")
        parser.add_argument("-o", "--output", help="the file to write")
        parser.add_argument("--id", type=int, help="the record, for a report about one record")

    def handle(self, *args, kind=None, list=False, org=None, format="pdf", output=None, id=None, **options):  # noqa: A002
        if list:
            width = max(len(k.key) for k in kinds.listed())
            for k in kinds.listed():
                self.stdout.write(f"{k.key:<{width}}  {k.title} (ISO/IEC 42001 {k.serves})"
                                  + ("  --id N" if k.needs_id else ""))
            return
        if not kind or not org or not output:
            self.fail("give KIND, --org SLUG and -o FILE (or --list)")
        found = Organization.objects.filter(slug=org).first()
        if found is None:
            self.fail(f"no organisation '{org}'")
        try:
            data, _type, _name = services.make(found, kind, format, obj_id=id)
        except InvalidInput as exc:
            self.fail("; ".join(e["msg"] for e in exc.errors))
        except render.PdfUnavailable as exc:
            self.fail(str(exc), code=1)
        Path(output).write_bytes(data)
        self.stdout.write(f"Wrote {output} ({len(data):,} bytes).")
