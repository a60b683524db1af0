"""The API of the audit programme and audits (ISO/IEC 42001 9.2.1, 9.2.2).

``/orgs/{org}/audit-programmes`` and ``/orgs/{org}/audits`` come from the records kit (``record_routes``); an
audit's list, read and history are this app's own so that an external auditor reaches only the audits whose team
they are on. Each workflow step is a ``POST …/{id}/<step>`` with the version read; approvals are
``POST …/{id}/approve`` and ``…/withdraw-approval``. The team is ``…/audits/{id}/auditors`` and the checklist
``…/audits/{id}/items`` (results by ``PATCH …/items/{item_id}``)."""

from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictInt, create_model

from forty2.api.audit import AuditEventList, event_out
from forty2.api.common import Page, StrictSchema, json_response, org_membership, page_of, with_etag
from forty2.core.queries import org_events
from forty2.records import approvals
from forty2.records import filters as kit_filters
from forty2.records.routes import list_query, record_routes
from forty2.records.schemas import output, output_schema

from . import services
from .definitions import AUDIT, AUDIT_PROGRAMME
from .faces import AUDIT_ACCESS, PROGRAMME_ACCESS
from .models import Auditor, AuditorRole, ItemResult

router = Router(tags=["Internal audit"])


# --- programmes -------------------------------------------------------------------------------------------------

_programme_out = output(AUDIT_PROGRAMME)


def _programmes_out(objs) -> list[dict]:
    states = approvals.states(AUDIT_PROGRAMME.name, objs, services.programme_content)
    return [{**_programme_out(o), "approval_state": states[o.pk].word} for o in objs]


PROGRAMME_ACCESS.out_many = _programmes_out
ProgrammeOut = create_model("AuditProgrammeOut", __base__=output_schema(AUDIT_PROGRAMME, "AuditProgrammeBase"),
                            approval_state=(Literal["approved", "stale", "none"], ...))
record_routes(router, AUDIT_PROGRAMME, PROGRAMME_ACCESS, path="audit-programmes", schema_prefix="AuditProgramme",
              schema_out=ProgrammeOut)


class StepIn(StrictSchema):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000)


class StepWithNoteIn(StepIn):
    note: str = Field(..., min_length=1, max_length=2000, pattern=r"\S", description="Why (required)")


class WithdrawIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=300, pattern=r"\S")


def _steps(flow, noun, path, access, rt, run, out_schema):
    for t in flow.transitions.values():
        def make(step=t):
            body_schema = StepWithNoteIn if step.note_required else StepIn

            def view(request, org: str, pk: int, body: body_schema):
                m = org_membership(request, org)
                obj = _get(access, rt, m, pk)
                obj = run(m, obj, step.name, version=body.version, note=body.note)
                return json_response(access.shape(rt, [obj])[0])

            view.__name__ = f"{path}_{step.name}"
            router.post("{org}/" + path + "/{int:pk}/" + step.name, response=out_schema,
                        operation_id=f"{path.replace('-', '_')}_{step.name}", summary=f"{step.label} ({noun})",
                        description=f"From {', '.join(flow.label(s).lower() for s in step.sources)} to "
                                    f"{flow.label(step.target).lower()}. Audited.")(view)
        make()


def _get(access, rt, m, pk):
    if rt is AUDIT:
        obj = services.visible(m, access.queryset(m.organization)).filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj
    return access.get(rt, m.organization, pk)


_steps(services.PROGRAMME_FLOW, "audit programme", "audit-programmes", PROGRAMME_ACCESS, AUDIT_PROGRAMME,
       services.programme_step, ProgrammeOut)


@router.post("{org}/audit-programmes/{int:pk}/approve", response=ProgrammeOut,
             operation_id="approve_audit_programme", summary="Approve an audit programme",
             description="Four eyes: not by anyone who edited it since its last approval. Stale when it changes.")
def approve_programme(request, org: str, pk: int, body: StepIn):
    m = org_membership(request, org)
    obj = services.approve_programme(m, PROGRAMME_ACCESS.get(AUDIT_PROGRAMME, m.organization, pk),
                                     version=body.version, note=body.note)
    return json_response(PROGRAMME_ACCESS.shape(AUDIT_PROGRAMME, [obj])[0])


@router.post("{org}/audit-programmes/{int:pk}/withdraw-approval", response=ProgrammeOut,
             operation_id="withdraw_audit_programme_approval", summary="Withdraw an audit programme's approval")
def withdraw_programme(request, org: str, pk: int, body: WithdrawIn):
    m = org_membership(request, org)
    obj = services.withdraw_programme(m, PROGRAMME_ACCESS.get(AUDIT_PROGRAMME, m.organization, pk),
                                      reason=body.reason)
    return json_response(PROGRAMME_ACCESS.shape(AUDIT_PROGRAMME, [obj])[0])


# --- audits -----------------------------------------------------------------------------------------------------

_audit_out = output(AUDIT)


def _audits_out(objs) -> list[dict]:
    states = approvals.states(AUDIT.name, objs, services.report_content, kind=services.REPORT)
    return [{**_audit_out(o), "report_approval": states[o.pk].word} for o in objs]


def _attach(objs):
    from django.db.models import prefetch_related_objects

    from forty2.records.routes import attach_links
    objs = attach_links(AUDIT, objs)
    prefetch_related_objects(objs, "items")
    return objs


AUDIT_ACCESS.out_many = _audits_out
AUDIT_ACCESS.attach = _attach
AuditOut = create_model("AuditOut", __base__=output_schema(AUDIT, "AuditBase"),
                        report_approval=(Literal["approved", "stale", "none"], ...))
AuditList = create_model("AuditList", __base__=Schema, items=(list[AuditOut], ...), count=(int, ...))
AuditFilters = list_query(AUDIT, "Audit")
record_routes(router, AUDIT, AUDIT_ACCESS, path="audits", schema_prefix="Audit", schema_out=AuditOut,
              skip=("list", "get", "history"))


@router.get("{org}/audits", response=AuditList, operation_id="list_audits", summary="List audits",
            description="Filters, search (`q`), sort and paging. An external auditor sees only the audits whose "
                        "team they are on.")
def list_audits(request, org: str, filters: Query[AuditFilters]):
    m = org_membership(request, org)
    params = filters.dict(exclude={"limit", "offset"})
    qs = kit_filters.apply(AUDIT, services.visible(m, AUDIT_ACCESS.queryset(m.organization)), params)
    page, count = page_of(qs, filters.offset, filters.limit)
    return json_response({"items": AUDIT_ACCESS.shape(AUDIT, page), "count": count})


@router.get("{org}/audits/{int:pk}", response=AuditOut, operation_id="get_audits", summary="Read an audit")
def get_audit(request, org: str, pk: int):
    m = org_membership(request, org)
    obj = _get(AUDIT_ACCESS, AUDIT, m, pk)
    if obj.archived_at is not None:
        raise Http404
    return with_etag(json_response(AUDIT_ACCESS.shape(AUDIT, [obj])[0]), obj)


@router.get("{org}/audits/{int:pk}/history", response=AuditEventList, operation_id="history_audits",
            summary="History of an audit", description="The audit's events, newest first (ISO/IEC 42001 7.5.3).")
def audit_history(request, org: str, pk: int, page: Query[Page]):
    m = org_membership(request, org)
    obj = _get(AUDIT_ACCESS, AUDIT, m, pk)
    events, count = page_of(org_events(m.organization, object_type=AUDIT.object_type, object_id=obj.pk),
                            page.offset, page.limit)
    return {"items": [event_out(e) for e in events], "count": count}


_steps(services.AUDIT_FLOW, "audit", "audits", AUDIT_ACCESS, AUDIT, services.audit_step, AuditOut)


@router.post("{org}/audits/{int:pk}/approve", response=AuditOut, operation_id="approve_audit_report",
             summary="Approve an audit's report",
             description="While reporting or completed. Four eyes: not by anyone who wrote the report or recorded "
                         "a result since its last approval. Stale when the conclusion, report or a result changes.")
def approve_report(request, org: str, pk: int, body: StepIn):
    m = org_membership(request, org)
    obj = services.approve_report(m, _get(AUDIT_ACCESS, AUDIT, m, pk), version=body.version, note=body.note)
    return json_response(AUDIT_ACCESS.shape(AUDIT, [obj])[0])


@router.post("{org}/audits/{int:pk}/withdraw-approval", response=AuditOut, operation_id="withdraw_audit_report",
             summary="Withdraw the approval of an audit's report")
def withdraw_report(request, org: str, pk: int, body: WithdrawIn):
    m = org_membership(request, org)
    obj = services.withdraw_report(m, _get(AUDIT_ACCESS, AUDIT, m, pk), reason=body.reason)
    return json_response(AUDIT_ACCESS.shape(AUDIT, [obj])[0])


# --- the team ---------------------------------------------------------------------------------------------------

class AuditorOut(Schema):
    id: int
    person: int
    person_name: str
    role: str
    flags: list[str]
    justification: str
    version: int


class AuditorList(Schema):
    items: list[AuditorOut]
    count: int


class AuditorIn(StrictSchema):
    person: StrictInt = Field(..., description="The id of a person of the people register")
    role: Literal[tuple(AuditorRole.values)] = "auditor"
    justification: str = Field("", max_length=2000)


class AuditorPatch(StrictSchema):
    version: StrictInt
    role: Literal[tuple(AuditorRole.values)] | None = None
    justification: str | None = Field(None, max_length=2000)


def _auditor_out(a) -> dict:
    return {"id": a.pk, "person": a.person_id, "person_name": a.person.name, "role": a.role, "flags": a.flags,
            "justification": a.justification, "version": a.version}


def _auditor(m, pk, auditor_pk):
    audit = _get(AUDIT_ACCESS, AUDIT, m, pk)
    found = Auditor.objects.for_org(m.organization).filter(audit=audit, pk=auditor_pk).select_related(
        "person", "audit").first()
    if found is None:
        raise Http404
    return found


@router.get("{org}/audits/{int:pk}/auditors/{int:auditor_pk}", response=AuditorOut,
            operation_id="get_audit_auditor", summary="One member of the audit team")
def get_auditor(request, org: str, pk: int, auditor_pk: int):
    m = org_membership(request, org)
    return json_response(_auditor_out(_auditor(m, pk, auditor_pk)))


@router.get("{org}/audits/{int:pk}/auditors", response=AuditorList, operation_id="list_audit_auditors",
            summary="The audit team, with the impartiality flags")
def list_auditors(request, org: str, pk: int, page: Query[Page]):
    m = org_membership(request, org)
    audit = _get(AUDIT_ACCESS, AUDIT, m, pk)
    team, count = page_of(Auditor.objects.filter(audit=audit).select_related("person").order_by("role", "id"),
                          page.offset, page.limit)
    return json_response({"items": [_auditor_out(a) for a in team], "count": count})


@router.post("{org}/audits/{int:pk}/auditors", response={201: AuditorOut}, operation_id="add_audit_auditor",
             summary="Put a person on the audit team",
             description="Their impartiality is checked at once: owning or last editing a record in scope, or "
                         "belonging to an audited unit, flags them (9.2.2 c).")
def add_auditor(request, org: str, pk: int, body: AuditorIn):
    m = org_membership(request, org)
    auditor = services.add_auditor(m, _get(AUDIT_ACCESS, AUDIT, m, pk), person_id=body.person, role=body.role,
                                   justification=body.justification)
    return json_response(_auditor_out(auditor), status=201)


@router.patch("{org}/audits/{int:pk}/auditors/{int:auditor_pk}", response=AuditorOut,
              operation_id="update_audit_auditor", summary="Change an auditor's role or justification")
def update_auditor(request, org: str, pk: int, auditor_pk: int, body: AuditorPatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True, exclude={"version"})
    data = {k: v for k, v in data.items() if v is not None}
    auditor = services.update_auditor(m, _auditor(m, pk, auditor_pk), data, version=body.version)
    return json_response(_auditor_out(auditor))


@router.delete("{org}/audits/{int:pk}/auditors/{int:auditor_pk}", response={204: None},
               operation_id="remove_audit_auditor", summary="Take a person off the audit team")
def remove_auditor(request, org: str, pk: int, auditor_pk: int):
    m = org_membership(request, org)
    services.remove_auditor(m, _auditor(m, pk, auditor_pk))
    return Status(204, None)


# --- the checklist ----------------------------------------------------------------------------------------------

class SampleOut(Schema):
    kind: str
    id: int
    title: str


class ItemOut(Schema):
    id: int
    ref: str
    title: str
    position: int
    guidance: str
    to_sample: list[SampleOut]
    result: str
    notes: str
    evidence_ids: list[int]
    checked_by: str | None
    checked_at: str | None
    version: int


class ItemList(Schema):
    items: list[ItemOut]
    count: int


class ItemPatch(StrictSchema):
    version: StrictInt
    result: Literal[tuple(ItemResult.values)] | None = None
    notes: str | None = Field(None, max_length=10000)
    evidence_ids: list[StrictInt] | None = None


def _item_out(i) -> dict:
    return {"id": i.pk, "ref": i.ref, "title": i.title, "position": i.position, "guidance": i.guidance,
            "to_sample": i.to_sample, "result": i.result, "notes": i.notes,
            "evidence_ids": sorted(e.pk for e in i.evidence.all()),
            "checked_by": i.checked_by.email if i.checked_by_id else None,
            "checked_at": i.checked_at.isoformat() if i.checked_at else None, "version": i.version}


@router.get("{org}/audits/{int:pk}/items", response=ItemList, operation_id="list_audit_items",
            summary="The audit's checklist", description="One item per clause and control in scope, with the "
            "catalog's guidance, the evidence to sample, the result and the objective evidence seen.")
def list_items(request, org: str, pk: int, page: Query[Page]):
    m = org_membership(request, org)
    audit = _get(AUDIT_ACCESS, AUDIT, m, pk)
    qs = audit.items.all().select_related("checked_by").prefetch_related("evidence")
    items, count = page_of(qs, page.offset, page.limit)
    return json_response({"items": [_item_out(i) for i in items], "count": count})


@router.get("{org}/audits/{int:pk}/items/{int:item_pk}", response=ItemOut, operation_id="get_audit_item",
            summary="One checklist item")
def get_item(request, org: str, pk: int, item_pk: int):
    m = org_membership(request, org)
    audit = _get(AUDIT_ACCESS, AUDIT, m, pk)
    item = audit.items.filter(pk=item_pk).select_related("checked_by").prefetch_related("evidence").first()
    if item is None:
        raise Http404
    return json_response(_item_out(item))


@router.post("{org}/audits/{int:pk}/items/regenerate", response=ItemList, operation_id="regenerate_audit_items",
             summary="Rebuild the checklist from the scope", description="Results of refs still in scope are kept.")
def regenerate_items(request, org: str, pk: int):
    m = org_membership(request, org)
    audit = services.regenerate(m, _get(AUDIT_ACCESS, AUDIT, m, pk))
    items = list(audit.items.all().select_related("checked_by").prefetch_related("evidence"))
    return json_response({"items": [_item_out(i) for i in items], "count": len(items)})


@router.patch("{org}/audits/{int:pk}/items/{int:item_pk}", response=ItemOut, operation_id="record_audit_item",
              summary="Record a checklist item's result",
              description="While the audit is in progress or reporting, by the audit team or whoever manages "
                          "audits. Evidence ids must be the organisation's.")
def record_item(request, org: str, pk: int, item_pk: int, body: ItemPatch):
    m = org_membership(request, org)
    audit = _get(AUDIT_ACCESS, AUDIT, m, pk)
    item = audit.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    data = {k: v for k, v in body.dict(exclude_unset=True, exclude={"version"}).items() if v is not None}
    item = services.record_result(m, item, data, version=body.version)
    item = audit.items.select_related("checked_by").prefetch_related("evidence").get(pk=item.pk)
    return json_response(_item_out(item))
