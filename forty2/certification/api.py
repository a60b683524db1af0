"""REST endpoints of the certification cycle: the certification with its schedule, the certification body's audits
and the recorded events (ISO/IEC 42001 9.2, 10.2 as a certification body audits them)."""

import datetime as dt
from typing import Literal

from ninja import Field as PField
from ninja import Query, Router, Schema
from pydantic import create_model

from forty2.api.common import (
    PATCH_ANSWERS,
    JsonInt,
    Page,
    StrictSchema,
    json_response,
    org_membership,
    page_of,
    patch_version,
    with_etag,
)
from forty2.records.schemas import input_schemas, output_schema

from . import services, status
from .definitions import CERTIFICATION
from .models import CertificationEvent, EventKind

router = Router(tags=["Certification"])

CertificationBase = output_schema(CERTIFICATION, "Certification")
_In, CertificationPatch = input_schemas(CERTIFICATION, "Certification")


class CertificationDueOut(Schema):
    key: str
    kind: str
    label: str
    due: dt.date
    done_on: dt.date | None
    days_left: int
    reminder: int | None = PField(description="The reminder threshold reached (90, 30 or 7 days), if any")


class CertificationCarriedOut(Schema):
    id: int
    title: str
    kind: str
    audit: str
    state: str
    action_plan: bool


CertificationOut = create_model(
    "CertificationOut", __base__=CertificationBase, version=(int, ...), phase=(str, ...),
    schedule=(list[CertificationDueOut], ...), next_due=(CertificationDueOut | None, ...),
    carried_over=(list[CertificationCarriedOut], ...), decision_blockers=(list[str], ...))


class CertificationPut(StrictSchema):
    certification_body: str = PField("", max_length=200)
    accreditation_body: str = PField("", max_length=200)
    scope: str = PField("", max_length=5000)
    standard: str = PField("ISO/IEC 42001:2023", max_length=60)
    certificate_number: str = PField("", max_length=100)
    version: JsonInt = PField(description="The version you read (a stale one is refused with 409 when a field "
                                          "sent changed since)")


class CertificationAuditOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    certification_body: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    completed_on: dt.date | None
    conclusion: str
    findings: dict


class CertificationAuditList(Schema):
    items: list[CertificationAuditOut]
    count: int


class CertificationAuditIn(StrictSchema):
    kind: Literal["stage1", "stage2", "surveillance", "recertification"]
    title: str = PField("", max_length=200)
    planned_start: dt.date
    planned_end: dt.date | None = None
    completed_on: dt.date | None = PField(None, description="Record an audit already held (completed that day)")
    certification_body: str = PField("", max_length=200)
    objectives: str = PField("", max_length=5000)
    conclusion: str = PField("", max_length=10000)


class CertificationEventOut(Schema):
    id: int
    kind: str
    date: dt.date
    note: str
    by: str | None
    audit_id: int | None
    certificate_number: str
    scope: str
    status_before: str
    status_after: str
    recorded_at: dt.datetime


class CertificationEventList(Schema):
    items: list[CertificationEventOut]
    count: int


class CertificationEventIn(StrictSchema):
    kind: Literal[tuple(EventKind.values)]
    date: dt.date
    note: str = PField("", max_length=2000)
    certificate_number: str = PField("", max_length=100, description="Required for a decision")
    scope: str = PField("", max_length=5000, description="The scope after a scope extension or reduction")
    version: JsonInt | None = PField(None, description="The certification's version you read (409 when stale)")


def _certification(org) -> tuple:
    cert = services.certification(org)
    return cert, status.detail(org, cert)


def _audit_out(a, findings) -> dict:
    return {"id": a.pk, "kind": a.kind, "title": a.title, "status": a.status,
            "certification_body": a.certification_body, "planned_start": a.planned_start,
            "planned_end": a.planned_end, "completed_on": services.done_on(a), "conclusion": a.conclusion,
            "findings": findings.get(a.pk, {})}


def _event_out(e) -> dict:
    return {"id": e.pk, "kind": e.kind, "date": e.date, "note": e.note, "by": e.by.email if e.by else None,
            "audit_id": e.audit_id, "certificate_number": e.certificate_number, "scope": e.scope,
            "status_before": e.status_before, "status_after": e.status_after, "recorded_at": e.created_at}


@router.get("{org}/certification", response=CertificationOut, summary="The certification and its schedule",
            description="Certification body, scope, certificate and expiry, the surveillance and recertification "
                        "audits due (first within 12 months of the decision, then every calendar year, "
                        "recertification before expiry) and the next due date.")
def get_certification(request, org: str):
    m = org_membership(request, org)
    cert, data = _certification(m.organization)
    return with_etag(json_response(data), cert)


def _write(request, m, body, data):
    cert = services.certification(m.organization)
    version = patch_version(request, data, cert.pk)
    cert = services.update(m, cert, data, version=version)
    cert, out = _certification(m.organization)
    return with_etag(json_response(out), cert)


@router.patch("{org}/certification", response=CertificationOut, summary="Change the certification's fields",
              openapi_extra=PATCH_ANSWERS)
def patch_certification(request, org: str, body: CertificationPatch):
    m = org_membership(request, org)
    return _write(request, m, body, body.dict(exclude_unset=True))


@router.put("{org}/certification", response=CertificationOut, summary="Replace the certification's fields",
            description="Every editable field at once (a field left out is emptied); status, decision and expiry "
                        "change only through events.", openapi_extra=PATCH_ANSWERS)
def put_certification(request, org: str, body: CertificationPut):
    m = org_membership(request, org)
    return _write(request, m, body, body.dict())


@router.get("{org}/certification/audits", response=CertificationAuditList, summary="The certification body's audits",
            description="Stage 1, stage 2, surveillance and recertification audits with their dates, results and "
                        "nonconformity counts.")
def list_audits(request, org: str, page: Query[Page]):
    m = org_membership(request, org)
    audits, count = page_of(services.certification_audits(m.organization), page.offset, page.limit)
    findings = status.finding_counts(m.organization, [a.pk for a in audits])
    return json_response({"items": [_audit_out(a, findings) for a in audits], "count": count})


@router.post("{org}/certification/audits", response={201: CertificationAuditOut}, summary="Plan a certification audit",
             description="Plan stage 1, stage 2, a surveillance or the recertification audit (or record one held, "
                         "with `completed_on`). Stage 2 needs a stage 1; surveillance and recertification a decision.")
def plan_audit(request, org: str, body: CertificationAuditIn):
    m = org_membership(request, org)
    a = services.plan_audit(m, body.dict(exclude_unset=True))
    return json_response(_audit_out(a, {}), status=201)


@router.get("{org}/certification/events", response=CertificationEventList,
            summary="The certification's recorded events")
def list_events(request, org: str, page: Query[Page]):
    m = org_membership(request, org)
    qs = CertificationEvent.objects.for_org(m.organization).select_related("by").order_by("-date", "-id")
    events, count = page_of(qs, page.offset, page.limit)
    return json_response({"items": [_event_out(e) for e in events], "count": count})


@router.post("{org}/certification/events", response={201: CertificationEventOut}, summary="Record an event",
             description="A decision (needs a completed stage 2 audit after stage 1, no open major nonconformity "
                         "from it and an action plan for each minor one: 409 naming them otherwise), suspension, "
                         "reinstatement, withdrawal, scope extension or reduction, renewal.")
def record_event(request, org: str, body: CertificationEventIn):
    m = org_membership(request, org)
    data = body.dict()
    event = services.record_event(m, data.pop("kind"), **data)
    return json_response(_event_out(event), status=201)
