"""REST endpoints of the AI system register: /api/v1/orgs/{org}/ai-systems, models, datasets, suppliers."""

from django.http import Http404
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictInt, create_model

from forty2.api.common import (
    PATCH_ANSWERS,
    Page,
    StrictSchema,
    json_response,
    org_membership,
    paginate,
    patch_version,
    with_etag,
)
from forty2.records.schemas import output_schema

from . import linked, queries, services
from .definitions import LINKED
from .models import AIModel, AISystem, Dataset, Supplier
from .schemas import (
    AIModelIn,
    AIModelPatch,
    AISystemIn,
    AISystemList,
    AISystemOut,
    AISystemPatch,
    DatasetIn,
    DatasetPatch,
    SupplierIn,
    SupplierPatch,
    SystemQuery,
    linked_out,
    systems_out,
)

router = Router(tags=["AI system register"])


class SystemFilters(Page, SystemQuery):
    pass


def _system(membership, pk, *, include_archived=False, links=True):
    try:
        return queries.ai_system(membership.organization, pk, include_archived=include_archived, links=links)
    except AISystem.DoesNotExist:
        raise Http404 from None


def _out(systems) -> list[dict]:
    """Systems as the API shows them, with the approval state their page shows (one query for the page)."""
    return systems_out(systems, services.approval_states(systems))


@router.get("{org}/ai-systems", response=AISystemList, summary="List AI systems")
def list_ai_systems(request, org: str, filters: Query[SystemFilters]):
    m = org_membership(request, org)
    params = filters.dict(exclude={"limit", "offset"})
    qs = queries.ai_systems(m.organization, prefetch_links=False, **params)
    page = queries.attach_links(list(qs[filters.offset: filters.offset + filters.limit]))
    return json_response({"items": _out(page), "count": qs.count()})


@router.post("{org}/ai-systems", response={201: AISystemOut}, summary="Register an AI system")
def create_ai_system(request, org: str, body: AISystemIn):
    m = org_membership(request, org)
    system = services.create_ai_system(m, body.dict(exclude_unset=True))
    return json_response(_out(queries.attach_links([system]))[0], status=201)


@router.get("{org}/ai-systems/{int:system_id}", response=AISystemOut, summary="Read an AI system")
def get_ai_system(request, org: str, system_id: int):
    m = org_membership(request, org)
    system = _system(m, system_id)
    return with_etag(json_response(_out([system])[0]), system)


@router.patch("{org}/ai-systems/{int:system_id}", response=AISystemOut, summary="Change an AI system",
              openapi_extra=PATCH_ANSWERS)
def patch_ai_system(request, org: str, system_id: int, body: AISystemPatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, system_id)
    # an archived system is found, so the service can answer 409 "archived" rather than a puzzling 404
    system = services.update_ai_system(m, _system(m, system_id, include_archived=True, links=False), data,
                                       version=version)
    return with_etag(json_response(_out(queries.attach_links([system]))[0]), system)


@router.delete("{org}/ai-systems/{int:system_id}", response={204: None}, summary="Archive an AI system")
def delete_ai_system(request, org: str, system_id: int):
    m = org_membership(request, org)
    services.archive_ai_system(m, _system(m, system_id, links=False))
    return Status(204, None)


class ApproveIn(StrictSchema):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000)


@router.post("{org}/ai-systems/{int:system_id}/approve", response=AISystemOut, summary="Approve an AI system",
             description="Approve the system as it is now, or renew an approval gone stale after an edit "
                         "(ISO/IEC 42001 5.3, A.6.2). Owners and AIMS managers only.")
def approve_ai_system(request, org: str, system_id: int, body: ApproveIn):
    m = org_membership(request, org)
    system = services.approve_ai_system(m, _system(m, system_id, links=False), version=body.version, note=body.note)
    return json_response(_out(queries.attach_links([system]))[0])


@router.post("{org}/ai-systems/{int:system_id}/restore", response=AISystemOut, summary="Restore an archived AI system")
def restore_ai_system(request, org: str, system_id: int):
    m = org_membership(request, org)
    system = services.restore_ai_system(m, _system(m, system_id, include_archived=True, links=False))
    return json_response(_out(queries.attach_links([system]))[0])


def _linked_routes(path: str, model, schema_in, schema_patch, label: str):
    rt = LINKED[path]
    schema_out = output_schema(rt, model.__name__)
    schema_list = create_model(f"{model.__name__}List", __base__=Schema, items=(list[schema_out], ...),
                               count=(int, ...))

    def get_obj(m, pk):
        obj = model.objects.for_org(m.organization).filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj

    class Filters(Page):
        q: str | None = None
        ordering: str | None = None

    @router.get("{org}/" + path, response=schema_list, summary=f"List {label}s", operation_id=f"list_{path}")
    def list_(request, org: str, filters: Query[Filters]):
        m = org_membership(request, org)
        qs = queries.linked(model, m.organization, q=filters.q, ordering=filters.ordering)
        return paginate(qs, filters, linked_out)

    @router.post("{org}/" + path, response={201: schema_out}, summary=f"Create a {label}",
                 operation_id=f"create_{path}")
    def create_(request, org: str, body: schema_in):
        m = org_membership(request, org)
        return Status(201, linked_out(linked.create(model, m, body.dict(exclude_unset=True))))

    @router.get("{org}/" + path + "/{int:pk}", response=schema_out, summary=f"Read a {label}",
                operation_id=f"get_{path}")
    def get_(request, org: str, pk: int):
        m = org_membership(request, org)
        return linked_out(get_obj(m, pk))

    @router.patch("{org}/" + path + "/{int:pk}", response=schema_out, summary=f"Change a {label}",
                  operation_id=f"patch_{path}", openapi_extra=PATCH_ANSWERS)
    def patch_(request, org: str, pk: int, body: schema_patch):
        m = org_membership(request, org)
        data = body.dict(exclude_unset=True)
        version = patch_version(request, data, pk)
        return linked_out(linked.update(model, m, get_obj(m, pk), data, version=version))

    @router.delete("{org}/" + path + "/{int:pk}", response={204: None}, summary=f"Delete a {label}",
                   operation_id=f"delete_{path}")
    def delete_(request, org: str, pk: int):
        m = org_membership(request, org)
        linked.delete(model, m, get_obj(m, pk))
        return Status(204, None)


_linked_routes("models", AIModel, AIModelIn, AIModelPatch, "model")
_linked_routes("datasets", Dataset, DatasetIn, DatasetPatch, "dataset")
_linked_routes("suppliers", Supplier, SupplierIn, SupplierPatch, "supplier")
