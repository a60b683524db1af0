"""CSV/XLSX import and export of the risk register through the records kit (ISO/IEC 42001 6.1.2, 7.5): the same
all-or-nothing rules and problem report as the AI system register; a row whose title is already in the register
updates that risk when asked to."""

from forty2.records import io

from . import services
from .definitions import RISK
from .models import Risk


def _existing(org) -> dict:
    return {r.title.strip().lower(): r for r in Risk.objects.for_org(org).select_related("methodology")}


SPEC = io.ImportSpec(rt=RISK, create=services.create_risk, update=services.update_risk, existing=_existing,
                     key_field="title")


def read_rows(fileobj, filename_or_format: str) -> list[dict]:
    return io.read_rows(RISK, fileobj, filename_or_format)


#: the background-job kind of large risk imports (registered in forty2/risk/apps.py)
IMPORT_KIND = "risk.import_risks"


def register_import_job() -> None:
    from forty2.records.jobs import register_import

    # the way out of "already in the register" for a queued import, in the words of the page that queued it
    register_import(IMPORT_KIND, SPEC, label="Risk import",
                    update_hint="tick 'Update risks with the same title' and upload the file again")


def import_risks(membership, rows, **options) -> io.ImportResult:
    return io.import_rows(SPEC, membership, rows, **options)


def export_risks(membership, qs, fmt: str, **options) -> bytes:
    return io.export(membership, RISK, qs.prefetch_related("ai_systems"), fmt, **options)


def template(fmt: str = "csv") -> bytes:
    return io.template(RISK, fmt)
