"""The risk register's import page (ISO/IEC 42001 6.1.2, 7.5): the same flow as the AI system register's
(forty2/inventory/views_io.py) through the records kit's import jobs (:mod:`forty2.records.jobs`): a small file is
checked and imported in the request, all-or-nothing, with each problem listed by row and column; a file of more
than ``ASYNC_ROWS`` rows is checked for what is cheap (size, format, header) and queued as a job, whose page
reports the outcome."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from forty2.core.errors import Forty2Error
from forty2.core.spreadsheets import ImportFailed
from forty2.jobs.models import Job
from forty2.records import io
from forty2.records import jobs as import_jobs
from forty2.web.decorators import org_view

from . import importexport

#: the way out of "already in the register", in this page's words (the CLI and API name their own switch)
WEB_UPDATE_HINT = "tick 'Update risks with the same title'"


@org_view("import_records")
def risk_import(request, membership):
    """Upload a CSV/XLSX risk list: every row checked, nothing saved unless all rows are good; a large file is
    imported by a background job."""
    org = membership.organization
    context = {"nav_active": "risks", "columns": io.column_help(importexport.SPEC.rt),
               "async_rows": import_jobs.ASYNC_ROWS}
    if request.GET.get("template") in ("csv", "xlsx"):
        fmt = request.GET["template"]
        response = HttpResponse(importexport.template(fmt), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="risks-template.{fmt}"'
        return response
    if request.method != "POST":
        return render(request, "risk/import.html", context)
    upload = request.FILES.get("file")
    if upload is None:
        context["problems"] = [{"row": None, "column": None, "message": "Choose a .csv or .xlsx file."}]
        return render(request, "risk/import.html", context, status=422)
    try:
        result = import_jobs.import_or_queue(importexport.IMPORT_KIND, membership, upload, upload.name,
                                             update_existing=bool(request.POST.get("update_existing")),
                                             dry_run=bool(request.POST.get("dry_run")), update_hint=WEB_UPDATE_HINT)
    except ImportFailed as exc:
        context["problems"] = exc.problems
    except Forty2Error as exc:
        context["problems"] = [{"row": None, "column": None, "message": exc.message}]
    else:
        if isinstance(result, Job):
            return redirect("jobs:job_detail", org=org.slug, pk=result.pk)
        messages.success(request, result.summary().capitalize() + ".")
        if not result.dry_run:
            return redirect("risk:risk_list", org=org.slug)
        return render(request, "risk/import.html", context)
    return render(request, "risk/import.html", context, status=422)
