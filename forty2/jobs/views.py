"""Jobs pages: the organisation's background jobs and one job's progress and outcome (ISO/IEC 42001 7.5, 8.1).

The detail page refreshes itself with HTMX while the job is queued or running (and with a meta refresh without
JavaScript).
"""

from django.shortcuts import render

from forty2.core.errors import InvalidInput
from forty2.web.decorators import org_view
from forty2.web.listing import is_htmx_fragment, paginate, querystring

from . import queries, registry
from .models import JobStatus


@org_view("view")
def job_list(request, membership):
    """Every job the member may see, newest first, filtered by kind and status in the URL."""
    filters = {key: request.GET.get(key, "").strip() for key in ("kind", "status")}
    try:
        qs = queries.jobs(membership, kind=filters["kind"] or None, status=filters["status"] or None)
    except InvalidInput:
        filters["status"] = ""
        qs = queries.jobs(membership, kind=filters["kind"] or None)
    visible = set(queries.visible_kinds(membership))
    context = {
        "page": paginate(request, qs), "filters": filters, "query": querystring(filters),
        "kinds": [(k.kind, k.label) for k in registry.kinds() if k.kind in visible],
        "statuses": JobStatus.choices, "nav_active": "jobs",
    }
    return render(request, "jobs/job_list.html", context)


@org_view("view")
def job_detail(request, membership, pk: int):
    job = queries.job(membership, pk)
    kind = registry.get(job.kind)
    context = {"job": job, "kind": kind, "nav_active": "jobs"}
    template = "jobs/_job_status.html" if is_htmx_fragment(request) else "jobs/job_detail.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    response["Cache-Control"] = "no-store"
    return response
