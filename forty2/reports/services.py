"""Making a report for a member (ISO/IEC 42001 7.5.3 control of documented information: who took which report
is in the audit log). The API, the pages and the CLI all come here."""

from forty2.core import audit
from forty2.core.errors import InvalidInput, field_error
from forty2.tenancy.access import require

from . import kinds, render

#: who may take a report: whoever may export the records it shows (tenancy.roles "export_records")
ACTION = "export_records"


def check_format(fmt: str) -> str:
    fmt = (fmt or "").lower()
    if fmt not in render.FORMATS:
        raise InvalidInput([field_error("format", f"Unknown report format '{fmt}'; use pdf, docx or xlsx.", "enum",
                                        "query")])
    return fmt


def filename(org, kind: str, fmt: str, obj_id: int | None = None) -> str:
    return f"{org.slug}-{kind}{f'-{obj_id}' if obj_id else ''}.{fmt}"


def make(org, kind: str, fmt: str, *, obj_id: int | None = None, actor=None) -> tuple[bytes, str, str]:
    """(bytes, content type, file name) of report ``kind`` as ``fmt``; audited as ``report.download``. Raises
    InvalidInput (422) for an unknown kind or format, ``render.PdfUnavailable`` when PDF cannot be made here."""
    found = kinds.get(kind)
    fmt = check_format(fmt)
    if found.needs_id and obj_id is None:
        raise InvalidInput([field_error("id", f"The report '{kind}' is about one record: give its id.", "missing",
                                        "query")])
    report = found.collect(org, obj_id)
    data = render.RENDERERS[fmt](report)
    audit.record("report.download", org=org, actor=actor, object_type="report", object_id=kind,
                 object_repr=report.title, changes={"kind": kind, "format": fmt, "id": obj_id})
    return data, render.CONTENT_TYPES[fmt], filename(org, kind, fmt, obj_id)


def make_for(membership, kind: str, fmt: str, *, obj_id: int | None = None) -> tuple[bytes, str, str]:
    """:func:`make` for a member whose role may export records."""
    require(membership, ACTION)
    return make(membership.organization, kind, fmt, obj_id=obj_id, actor=membership.user)
