"""REST endpoints of the context records (ISO/IEC 42001 4.1-4.3, 6.1.1): the records kit's routes for each type
(forty2/records/routes.py), and ``scope``: the determinations with the AI systems in and out of scope."""

from ninja import Router, Schema
from pydantic import create_model

from forty2.api.common import PATCH_ANSWERS, json_response, org_membership, patch_version, with_etag
from forty2.inventory.models import AISystem
from forty2.records.routes import record_routes
from forty2.records.schemas import input_schemas, output, output_schema

from . import faces, services
from .definitions import AIMS_CONTEXT, AIMS_RISK, CONTEXT_ISSUE, INTERESTED_PARTY, LEGAL_REQUIREMENT, SCOPE_EXCLUSION

router = Router(tags=["Context and scope"])

for rt, path, prefix in ((CONTEXT_ISSUE, "context-issues", "ContextIssue"),
                         (INTERESTED_PARTY, "interested-parties", "InterestedParty"),
                         (LEGAL_REQUIREMENT, "legal-requirements", "LegalRequirement"),
                         (SCOPE_EXCLUSION, "scope/exclusions", "ScopeExclusion"),
                         (AIMS_RISK, "aims-risks", "AimsRisk")):
    record_routes(router, rt, faces.ACCESS[rt.name], path=path, schema_prefix=prefix)

ContextOut = output_schema(AIMS_CONTEXT, "AimsContext")
_ContextIn, ContextPatch = input_schemas(AIMS_CONTEXT, "AimsContext")
_out = output(AIMS_CONTEXT)


class ScopeAISystem(Schema):
    id: int
    name: str
    in_scope: bool
    scope_note: str


#: the determinations (their own fields and version) with the AI systems in and out of scope and the exclusions
AimsScopeOut = create_model("AimsScopeOut", __base__=ContextOut, suggested_roles=(list[str], ...),
                            systems=(list[ScopeAISystem], ...), exclusions=(list[dict], ...))


def _scope(org, context) -> dict:
    systems = AISystem.objects.for_org(org).filter(archived_at__isnull=True).order_by("name")
    return {**_out(context), "suggested_roles": services.suggested_roles(org),
            "systems": list(systems.values("id", "name", "in_scope", "scope_note")),
            "exclusions": list(SCOPE_EXCLUSION.model.objects.for_org(org).values("id", "name", "justification"))}


@router.get("{org}/scope", response=AimsScopeOut, summary="The AIMS scope and context determinations",
            description="The organisation's AI roles, climate determination and scope boundaries (4.1, 4.3), the "
                        "AI systems in and out of scope (set `in_scope` on each AI system) and the exclusions.")
def get_scope(request, org: str):
    m = org_membership(request, org)
    context = services.aims_context(m.organization)
    return with_etag(json_response(_scope(m.organization, context)), context)


@router.patch("{org}/scope", response=AimsScopeOut, summary="Change the context determinations",
              openapi_extra=PATCH_ANSWERS)
def patch_scope(request, org: str, body: ContextPatch):
    m = org_membership(request, org)
    context = services.aims_context(m.organization)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, context.pk)
    context = services.update(AIMS_CONTEXT, m, context, data, version=version)
    return with_etag(json_response(_scope(m.organization, context)), context)
