"""REST import and export of the AI system register (ISO/IEC 42001 4.1, A.4.2).

``POST /api/v1/orgs/{org}/ai-systems/import`` (multipart ``file``; form fields ``update_existing``,
``dry_run``) answers 200 ``{"imported": N, ...}`` or 422 ``{"detail": [{"loc": ["file", row, column],
"msg": ..., "type": "import_error"}]}`` with nothing saved. ``GET .../ai-systems/export?format=csv|xlsx``
takes the list's filters and answers the file. Registered in :mod:`forty2.api.urls` with
``api.add_router("/orgs/", router)``.
"""

from typing import Literal

from django.http import HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from forty2.api.common import org_membership
from forty2.tenancy.access import require

from . import importexport, queries
from .schemas import SystemQuery

router = Router(tags=["AI system register"])


class ImportOut(Schema):
    imported: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool


class ExportFilters(SystemQuery):
    format: Literal["csv", "xlsx"] = "csv"


@router.post("{org}/ai-systems/import", response=ImportOut, summary="Import AI systems from CSV or XLSX",
             description="All-or-nothing: every row is checked first; any problem answers 422 listing each "
                         "problem's spreadsheet row (header = row 1) and column, and nothing is saved.")
def import_ai_systems(request, org: str, file: File[UploadedFile], update_existing: Form[bool] = False,
                      dry_run: Form[bool] = False):
    m = org_membership(request, org)
    require(m, "import_records")
    rows = importexport.read_rows(file, file.name or "")
    result = importexport.import_ai_systems(m, rows, update_existing=update_existing, dry_run=dry_run,
                                            source=file.name or "")
    return {"imported": result.imported, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "dry_run": result.dry_run}


@router.get("{org}/ai-systems/export", summary="Export AI systems as CSV or XLSX",
            response={200: None}, description="Same filters as the list; the columns re-import unchanged.")
def export_ai_systems(request, org: str, filters: Query[ExportFilters]):
    m = org_membership(request, org)
    require(m, "export_records")
    params = filters.dict()
    fmt = params.pop("format")
    qs = queries.ai_systems(m.organization, **params)
    response = HttpResponse(importexport.export_ai_systems(qs, fmt), content_type=importexport.CONTENT_TYPES[fmt])
    filename = f"{m.organization.slug}-ai-systems-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
