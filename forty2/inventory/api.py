"""REST endpoints of the AI system register: /api/v1/orgs/{org}/ai-systems, models, datasets, suppliers.

The routes come from the records kit (:func:`forty2.records.routes.record_routes`) and the register's
:mod:`forty2.inventory.faces`; what is the register's own is written here: approving an AI system
(ISO/IEC 42001 5.3, A.6.2)."""

from django.http import Http404
from ninja import Router
from pydantic import Field, StrictInt

from forty2.api.common import StrictSchema, json_response, org_membership
from forty2.records.routes import Names, record_routes

from . import faces, queries, services
from .definitions import AI_MODEL, AI_SYSTEM, DATASET, SUPPLIER
from .models import AISystem
from .schemas import AISystemOut

router = Router(tags=["AI system register"])

# Operation ids as they were before the kit made these routes: generated API clients call them by name.
_SYSTEM_IDS = {verb: f"forty2_inventory_api_{verb}_ai_system" for verb in ("create", "get", "patch", "delete",
                                                                            "restore")}
_SYSTEM_IDS.update(list="forty2_inventory_api_list_ai_systems", history="forty2_inventory_api_ai_system_history",
                   **{"import": "forty2_inventory_api_io_import_ai_systems",
                      "export": "forty2_inventory_api_io_export_ai_systems"})
record_routes(router, AI_SYSTEM, faces.SYSTEMS, path="ai-systems", schema_prefix="AISystem", schema_out=AISystemOut,
              names=Names(id_param="system_id", operation_ids=_SYSTEM_IDS))
record_routes(router, AI_MODEL, faces.MODELS, path="models", schema_prefix="AIModel")
record_routes(router, DATASET, faces.DATASETS, path="datasets", schema_prefix="Dataset")
record_routes(router, SUPPLIER, faces.SUPPLIERS, path="suppliers", schema_prefix="Supplier")


class ApproveIn(StrictSchema):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000)


@router.post("{org}/ai-systems/{int:system_id}/approve", response=AISystemOut, summary="Approve an AI system",
             description="Approve the system as it is now, or renew an approval gone stale after an edit "
                         "(ISO/IEC 42001 5.3, A.6.2). Owners and AIMS managers only.")
def approve_ai_system(request, org: str, system_id: int, body: ApproveIn):
    m = org_membership(request, org)
    try:
        system = queries.ai_system(m.organization, system_id, links=False)
    except AISystem.DoesNotExist:
        raise Http404 from None
    system = services.approve_ai_system(m, system, version=body.version, note=body.note)
    return json_response(faces.SYSTEMS.shape(AI_SYSTEM, [system])[0])
