"""The Reports page: every kind with its three downloads (ISO/IEC 42001 7.5)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from forty2.core.errors import InvalidInput
from forty2.web.decorators import org_view

from . import kinds, services
from . import render as renderers


@require_GET
@org_view(services.ACTION)
def index(request, membership):
    return render(request, "reports/index.html", {"org": membership.organization, "kinds": kinds.listed(),
                                                  "formats": renderers.FORMATS})


@require_GET  # a download changes nothing but the audit log; a POST is no way to ask for one
@org_view(services.ACTION)
def download(request, membership, kind, fmt):
    raw_id = request.GET.get("id") or None
    try:
        obj_id = int(raw_id) if raw_id else None
        data, content_type, name = services.make_for(membership, kind, fmt, obj_id=obj_id)
    except ValueError:
        return HttpResponse("The id must be a number.", status=422, content_type="text/plain; charset=utf-8")
    except InvalidInput as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    except renderers.PdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
