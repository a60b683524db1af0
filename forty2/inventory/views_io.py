"""Import and export pages of the AI system register (ISO/IEC 42001 4.1, A.4.2; 7.5 documented information).

Thin views: reading, checking and saving live in :mod:`forty2.inventory.importexport`.
"""

import io

from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from forty2.core.spreadsheets import FORMATS
from forty2.records import filters as kit_filters
from forty2.records.pages import ImportForm, run_import
from forty2.web.decorators import org_view

from .definitions import AI_SYSTEM
from .importexport import (
    COLUMN_HELP,
    CONTENT_TYPES,
    WEB_UPDATE_HINT,
    export_register,
    template,
)
from .jobs import ASYNC_ROWS, KIND


def _download(data: bytes, filename: str, fmt: str) -> FileResponse:
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])


@org_view("export_records")
def system_export(request, membership):
    """The register as CSV or XLSX, filtered like the list page (same query parameters)."""
    fmt = request.GET.get("format", "csv").strip().lower()
    if fmt not in FORMATS:
        return HttpResponseBadRequest("Unknown format; use format=csv or format=xlsx.", content_type="text/plain")
    org = membership.organization
    filters = kit_filters.parse(AI_SYSTEM, request.GET, strict=False)  # the list page's vocabulary
    filename = f"{org.slug}-ai-systems-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return _download(export_register(membership, filters, fmt), filename, fmt)


@org_view("import_records")
def system_import(request, membership):
    """Upload a spreadsheet; every row is checked and either all are saved or none (with a report)."""
    wanted = request.GET.get("template")
    if request.method == "GET" and wanted:
        fmt = wanted if wanted in FORMATS else "csv"
        return _download(template(fmt), f"ai-systems-template.{fmt}", fmt)
    words = {"noun": "systems", "key": "name"}
    form = ImportForm(request.POST, request.FILES, **words) if request.method == "POST" else ImportForm(**words)
    context = {"form": form, "columns": COLUMN_HELP.items(), "nav_active": "ai_systems", "problems": None,
               "async_rows": ASYNC_ROWS}
    if request.method == "POST":
        done = run_import(request, membership, form, KIND, context, update_hint=WEB_UPDATE_HINT,
                          done_url=reverse("inventory:system_list", args=[membership.organization.slug]))
        return done or render(request, "inventory/import.html", context, status=422)
    return render(request, "inventory/import.html", context)


@org_view("import_records")
def import_job(request, membership, job_id: int):
    """The old address of an import's progress page: the job's page under Jobs now."""
    return redirect("jobs:job_detail", org=membership.organization.slug, pk=job_id)
