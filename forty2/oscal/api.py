"""``GET /api/v1/orgs/{org}/oscal/{model}``: the organisation's AIMS as an OSCAL 1.2.3 JSON document
(ISO/IEC 42001 7.5.3; forty2/oscal/services.py says who may export what)."""

from typing import Any

from django.http import HttpResponse
from ninja import Router

from forty2.api.common import org_membership

from . import services
from .common import MODELS

router = Router(tags=["OSCAL"])


@router.get("{org}/oscal/{model}", response=dict[str, Any], summary="Export the AIMS as an OSCAL document",
            description=f"One of {', '.join(MODELS)} as OSCAL 1.2.3 JSON (validated against NIST's complete "
                        "schema in the tests). UUIDs are stable across exports; every export is an audit event. "
                        "An unknown model is a 422 naming it; an external auditor may not export the "
                        "assessment results or the POA&M (403).")
def export_oscal(request, org: str, model: str):
    m = org_membership(request, org)
    _document, data = services.export(m, model)
    response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{org}-oscal-{model}.json"'
    return response
