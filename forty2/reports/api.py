"""REST endpoints of the reports (ISO/IEC 42001 7.5): ``GET /api/v1/orgs/{org}/reports`` (the kinds) and
``GET /api/v1/orgs/{org}/reports/{kind}?format=pdf|docx|xlsx[&id=N]`` (the file, audited as report.download)."""

from typing import Literal

from django.http import HttpResponse
from ninja import Router, Schema

from forty2.api.common import json_response, org_membership
from forty2.tenancy.access import require

from . import kinds, render, services

router = Router(tags=["Reports"])

# the kinds and formats as enums in the OpenAPI document (this module is imported once every app is ready, so every
# registered kind is in it); anything else is 422 naming the parameter and listing the values allowed
KindName = Literal[tuple(k.key for k in kinds.listed())]
Format = Literal[render.FORMATS]


class ReportKindOut(Schema):
    key: str
    title: str
    serves: str
    needs_id: bool
    formats: list[str]


class ReportUnavailable(Schema):
    detail: str


@router.get("{org}/reports", response=list[ReportKindOut], summary="The report kinds")
def report_kinds(request, org: str):
    m = org_membership(request, org)
    require(m, services.ACTION)
    return json_response([{"key": k.key, "title": k.title, "serves": k.serves, "needs_id": k.needs_id,
                           "formats": list(render.FORMATS)} for k in kinds.listed()])


@router.get("{org}/reports/{kind}", response={200: None, 503: ReportUnavailable},
            summary="One report as PDF, DOCX or XLSX")
def report_file(request, org: str, kind: KindName, format: Format = "pdf", id: int | None = None):  # noqa: A002
    """The file; 422 naming an unknown kind or format; 503 (saying what to install) when this server cannot make
    PDFs — DOCX and XLSX still work."""
    m = org_membership(request, org)
    try:
        data, content_type, name = services.make_for(m, kind, format, obj_id=id)
    except render.PdfUnavailable as exc:
        return json_response({"detail": str(exc)}, status=503)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
