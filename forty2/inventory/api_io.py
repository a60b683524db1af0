"""REST import and export of the AI system register (ISO/IEC 42001 4.1, A.4.2).

``POST /api/v1/orgs/{org}/ai-systems/import`` (multipart ``file``; form fields ``update_existing``,
``dry_run``) answers 200 ``{"imported": N, ...}`` or 422 ``{"detail": [{"loc": ["file", row, column],
"msg": ..., "type": "import_error"}]}`` with nothing saved. ``GET .../ai-systems/export?format=csv|xlsx``
takes the list's filters and answers the file. Registered in :mod:`forty2.api.urls` with
``api.add_router("/orgs/", router)``.
"""

from datetime import datetime
from typing import Literal

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from forty2.api.common import org_membership
from forty2.jobs import queries as job_queries
from forty2.jobs.models import Job
from forty2.tenancy.access import require

from . import importexport, jobs
from .schemas import SystemQuery

router = Router(tags=["AI system register"])


class ImportOut(Schema):
    imported: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool


class ImportJobOut(Schema):
    """An AI-system import job (its own name: `JobOut` in the OpenAPI document is the jobs app's whole job)."""

    id: int
    status: str
    filename: str
    total_rows: int
    created: int
    updated: int
    unchanged: int
    problems: list[dict]
    created_at: datetime
    finished_at: datetime | None


def job_out(job: Job) -> dict:
    """An import job in the shape this API has always answered; ``GET /orgs/{org}/jobs/{id}`` has the whole job."""
    result = job.result or {}
    return {"id": job.pk, "status": job.status, "filename": job.params.get("filename", ""), "total_rows": job.total,
            "created": result.get("created", 0), "updated": result.get("updated", 0),
            "unchanged": result.get("unchanged", 0), "problems": job.problems, "created_at": job.created_at,
            "finished_at": job.finished_at}


class ExportFilters(SystemQuery):
    format: Literal["csv", "xlsx"] = "csv"


@router.post("{org}/ai-systems/import", response={200: ImportOut, 202: ImportJobOut},
             summary="Import AI systems from CSV or XLSX",
             description="All-or-nothing: every row is checked first; any problem answers 422 listing each "
                         "problem's spreadsheet row (header = row 1) and column, and nothing is saved. Files of "
                         f"more than {jobs.ASYNC_ROWS} rows (unless dry_run) are queued: 202 with the job, "
                         "whose status is at GET /orgs/{org}/jobs/{id} (or /orgs/{org}/import-jobs/{id}).")
def import_ai_systems(request, org: str, file: File[UploadedFile], update_existing: Form[bool] = False,
                      dry_run: Form[bool] = False):
    m = org_membership(request, org)
    result = jobs.import_or_queue(m, file, file.name or "", update_existing=update_existing, dry_run=dry_run)
    if isinstance(result, Job):
        return Status(202, job_out(result))
    return {"imported": result.imported, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "dry_run": result.dry_run}


@router.get("{org}/import-jobs/{int:job_id}", response=ImportJobOut, summary="Status of a queued import",
            description="Kept for existing clients; GET /orgs/{org}/jobs/{id} answers every kind of job.")
def import_job(request, org: str, job_id: int):
    m = org_membership(request, org)
    require(m, "import_records")
    job = job_queries.job(m, job_id)
    if job.kind != jobs.KIND:
        raise Http404
    return job_out(job)


@router.get("{org}/ai-systems/export", summary="Export AI systems as CSV or XLSX",
            response={200: None}, description="Same filters as the list; the columns re-import unchanged.")
def export_ai_systems(request, org: str, filters: Query[ExportFilters]):
    m = org_membership(request, org)
    params = filters.dict()
    fmt = params.pop("format")
    response = HttpResponse(importexport.export_register(m, params, fmt), content_type=importexport.CONTENT_TYPES[fmt])
    filename = f"{m.organization.slug}-ai-systems-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
