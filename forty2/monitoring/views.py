"""The monitoring pages beyond the kit's (ISO/IEC 42001 9.1): add a batch of measurements to a metric, record the
response to a breach, open an incident from it, delete a measurement (AIMS managers), import measurements."""

import io
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.core.spreadsheets import CONTENT_TYPES, FORMATS
from forty2.records import io as kit_io
from forty2.records import jobs as import_jobs
from forty2.records.pages import ImportForm, run_import
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from . import faces, services
from .definitions import MEASUREMENT
from .models import Measurement, Metric, Source

FORM_ROWS = 5


def _metric(membership, pk) -> Metric:
    return get_object_or_404(Metric.objects.for_org(membership.organization), pk=pk)


def _detail(org, metric, anchor=""):
    return reverse("monitoring:metric_detail", args=[org.slug, metric.pk]) + anchor


def parse_table(text: str) -> list[dict]:
    """Rows of a pasted table: ``date[ time]``, ``value`` and an optional note per line, separated by a tab, a
    semicolon or a comma (a header line naming the columns is skipped)."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in re.split(r"\t|;", line)]
        if len(parts) < 2:
            first, _sep, rest = line.partition(",")
            parts = [first.strip(), *[p.strip() for p in rest.split(",", 1)]] if _sep else [line.strip()]
        if not rows and parts[0].lower() in ("date", "measured_at", "measured at", "when"):
            continue
        row = {"measured_at": parts[0], "value": parts[1] if len(parts) > 1 else ""}
        if len(parts) > 2 and parts[2]:
            row["note"] = parts[2]
        rows.append(row)
    return rows


def _form_rows(post) -> tuple[list[dict], list[dict]]:
    """(rows of the form, what was typed in each row of the form) — blank rows skipped."""
    typed, rows = [], []
    count = min(int(post.get("rows", FORM_ROWS) or FORM_ROWS), 50) if str(post.get("rows", "")).isdigit() \
        else FORM_ROWS
    for i in range(count):
        entry = {k: post.get(f"{k}_{i}", "").strip() for k in ("measured_at", "value", "note")}
        typed.append(entry)
        if entry["measured_at"] or entry["value"]:
            rows.append({k: v for k, v in entry.items() if k != "note" or v})
    return rows, typed


@org_view("view")
def measure(request, membership, pk):
    """Several measurements at once: the rows of the form and a pasted table, all checked before any is saved."""
    org = membership.organization
    metric = _metric(membership, pk)
    if not can(membership, "edit_record", metric):
        raise PermissionDenied("Your role may add measurements only to the metrics that are yours.")
    errors, typed, pasted = [], [{} for _ in range(FORM_ROWS)], ""
    if request.method == "POST":
        rows, typed = _form_rows(request.POST)
        pasted = request.POST.get("table", "")
        origin = [f"row {i + 1} of the form" for i, t in enumerate(typed) if t.get("measured_at") or t.get("value")]
        table_rows = parse_table(pasted)
        origin += [f"line {i + 1} of the pasted table" for i in range(len(table_rows))]
        rows += table_rows
        if not rows:
            errors = ["Enter at least one measurement: its date and its value."]
        else:
            try:
                made = services.add_measurements(membership, metric, rows, source=Source.MANUAL)
            except InvalidInput as exc:
                for e in exc.errors:
                    loc = e["loc"]
                    where = origin[loc[1]] if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(origin) \
                        else "the measurements"
                    field = {"measured_at": "date", "value": "value", "note": "note"}.get(str(loc[-1]), "")
                    errors.append(f"{where.capitalize()}{': ' + field if field else ''}: {e['msg']}")
            except Forty2Error as exc:
                errors = [exc.message]
            else:
                messages.success(request, f"{len(made)} measurement{'s' if len(made) != 1 else ''} of ‘{metric}’ "
                                          "recorded.")
                return redirect(_detail(org, metric, "#h-status"))
    return render(request, "monitoring/measure.html", {
        "metric": metric, "errors": errors, "typed": typed, "pasted": pasted, "nav_active": "monitoring"},
        status=422 if errors else 200)


@require_POST
@org_view("view")
def respond(request, membership, pk, mpk):
    metric = _metric(membership, pk)
    row = get_object_or_404(Measurement.objects.filter(metric=metric), pk=mpk)
    try:
        services.respond(membership, row, request.POST.get("response", ""))
    except InvalidInput as exc:
        messages.error(request, " ".join(e["msg"] for e in exc.errors))
    except Forty2Error as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Response recorded.")
    return redirect(_detail(membership.organization, metric, "#h-status"))


@require_POST
@org_view("create_record")
def open_incident(request, membership, pk, mpk):
    """The breach alert's "Open an incident": the incident is opened and recorded as the breach's response."""
    metric = _metric(membership, pk)
    row = get_object_or_404(Measurement.objects.filter(metric=metric), pk=mpk)
    try:
        incident = services.open_incident(membership, row)
    except InvalidInput as exc:
        messages.error(request, " ".join(e["msg"] for e in exc.errors))
    except Forty2Error as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"AI incident ‘{incident}’ opened; it is recorded as the response to the breach.")
        return redirect(reverse("incidents:incident_detail", args=[membership.organization.slug, incident.pk]))
    return redirect(_detail(membership.organization, metric, "#h-status"))


@org_view("archive_record")
def delete(request, membership, pk, mpk):
    """GET asks for confirmation and a reason; POST deletes (audited with the value)."""
    metric = _metric(membership, pk)
    row = get_object_or_404(Measurement.objects.filter(metric=metric).select_related("entered_by"), pk=mpk)
    error = ""
    if request.method == "POST":
        try:
            services.delete_measurement(membership, row, reason=request.POST.get("reason", ""))
        except Forty2Error as exc:
            error = exc.message
        else:
            messages.success(request, "Measurement deleted; the audit log keeps its value.")
            return redirect(_detail(membership.organization, metric))
    return render(request, "monitoring/measurement_delete.html", {
        "metric": metric, "row": row, "error": error, "nav_active": "monitoring"}, status=409 if error else 200)


@org_view("import_records")
def import_measurements(request, membership):
    """Measurements from a spreadsheet (the metric named in each row), all or nothing, through the kit."""
    org = membership.organization
    if MEASUREMENT is None:
        raise Http404("The spreadsheet import of measurements needs the records kit's reference kind.")
    wanted = request.GET.get("template")
    if request.method == "GET" and wanted:
        fmt = wanted if wanted in FORMATS else "csv"
        return FileResponse(io.BytesIO(kit_io.template(MEASUREMENT, fmt)), as_attachment=True,
                            filename=f"measurements-template.{fmt}", content_type=CONTENT_TYPES[fmt])
    form = ImportForm(request.POST or None, request.FILES or None, noun="measurements", key="metric")
    form.fields.pop("update_existing")
    form.fields["update_existing"] = _never()
    list_url = reverse("monitoring:metric_list", args=[org.slug])
    context = {"form": form, "columns": kit_io.column_help(MEASUREMENT).items(), "problems": None,
               "async_rows": import_jobs.ASYNC_ROWS, "nav_active": "monitoring", "list_url": list_url,
               "jobs_url": reverse("jobs:job_list", args=[org.slug])}
    if request.method != "POST":
        return render(request, "monitoring/import.html", context)
    done = run_import(request, membership, form, faces.MEASUREMENT_ACCESS.import_kind, context, done_url=list_url)
    return done or render(request, "monitoring/import.html", context, status=422)


def _never():
    from django import forms

    return forms.BooleanField(required=False, widget=forms.HiddenInput)
