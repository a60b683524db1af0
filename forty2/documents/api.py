"""REST endpoints of documents, their versions, acknowledgements, the communication plan and the transparency page
(ISO/IEC 42001 5.2, 7.3-7.5, A.2, A.8.2). Documents and communications are the records kit's routes; a version's
life is one route per step, each needing the version you read (a stale one is 409)."""

import datetime as dt
from typing import Literal

from django.http import Http404, HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field, StrictInt

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
from forty2.records.routes import attach_links, record_routes
from forty2.records.schemas import input_schemas, output, output_schema
from forty2.tenancy.models import Role

from . import faces, services, starters, transparency
from .definitions import COMMUNICATION, DOCUMENT, DOCUMENT_VERSION, TRANSPARENCY
from .models import Acknowledgement, DocumentVersion

router = Router(tags=["Documents and policies"])

record_routes(router, DOCUMENT, faces.DOCUMENTS, path="documents", schema_prefix="Document")
record_routes(router, COMMUNICATION, faces.COMMUNICATIONS, path="communications", schema_prefix="Communication")


# --- versions ----------------------------------------------------------------------------------------------------

class DocumentVersionOut(Schema):
    id: int
    document: int
    number: int
    state: str
    body: str
    file: str | None
    change_summary: str
    author: str | None
    reviewer: str | None
    reviewed_at: dt.datetime | None
    approved_by: str | None
    approved_at: dt.datetime | None
    sha256: str
    verified: bool | None = Field(description="Whether the content still hashes to the SHA-256 recorded when it "
                                              "was sent for review or approved")
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


def _email(user):
    return user.email if user is not None else None


def version_out(v: DocumentVersion) -> dict:
    return {"id": v.pk, "document": v.document_id, "number": v.number, "state": v.state, "body": v.body,
            "file": v.file.original_name if v.file_id else None, "change_summary": v.change_summary,
            "author": _email(v.created_by), "reviewer": _email(v.reviewer), "reviewed_at": v.reviewed_at,
            "approved_by": _email(v.approved_by), "approved_at": v.approved_at, "sha256": v.sha256,
            "verified": services.verify(v) if v.sha256 else None, "version": v.version, "created_at": v.created_at,
            "updated_at": v.updated_at}


class DocumentVersionList(Schema):
    items: list[DocumentVersionOut]
    count: int


_VersionIn, VersionPatch = input_schemas(DOCUMENT_VERSION, "DocumentVersion")


def _document(m, pk):
    return faces.DOCUMENTS.get(DOCUMENT, m.organization, pk)


def _version(m, pk, number) -> DocumentVersion:
    if max(pk, number) >= 2**63:  # beyond what a BIGINT key holds: no such version
        raise Http404
    found = (DocumentVersion.objects.for_org(m.organization).select_related(
        "document", "created_by", "reviewer", "approved_by", "file").filter(document_id=pk, number=number).first())
    if found is None:
        raise Http404
    return found


@router.get("{org}/documents/{int:pk}/versions", response=DocumentVersionList, summary="The versions of a document")
def list_versions(request, org: str, pk: int, page: Query[Page]):
    m = org_membership(request, org)
    versions = _document(m, pk).versions.select_related("created_by", "reviewer", "approved_by", "file")
    return json_response(paginate(versions, page, version_out))


class VersionStartIn(StrictSchema):
    change_summary: str = Field("", max_length=500)


@router.post("{org}/documents/{int:pk}/versions", response={201: DocumentVersionOut}, summary="Start a new version",
             description="A draft copied from the version in force; refused (409) while a draft or a version in "
                         "review exists.")
def start_version(request, org: str, pk: int, body: VersionStartIn):
    m = org_membership(request, org)
    v = services.start_version(m, _document(m, pk), summary=body.change_summary)
    return json_response(version_out(v), status=201)


@router.get("{org}/documents/{int:pk}/versions/compare", summary="Compare two versions line by line")
def compare_versions(request, org: str, pk: int, a: int, b: int):
    m = org_membership(request, org)
    rows = services.compare(_version(m, pk, a), _version(m, pk, b))
    return {"a": a, "b": b, "rows": [{"kind": k, "a": left, "b": right} for k, left, right in rows]}


@router.get("{org}/documents/{int:pk}/versions/{int:number}", response=DocumentVersionOut, summary="One version")
def get_version(request, org: str, pk: int, number: int):
    m = org_membership(request, org)
    return json_response(version_out(_version(m, pk, number)))


@router.patch("{org}/documents/{int:pk}/versions/{int:number}", response=DocumentVersionOut, summary="Change a draft",
              openapi_extra=PATCH_ANSWERS,
              description="Only a draft changes; an approved, superseded or retired version answers 409.")
def patch_version_route(request, org: str, pk: int, number: int, body: VersionPatch):
    m = org_membership(request, org)
    v = _version(m, pk, number)
    data = body.dict(exclude_unset=True)
    given = patch_version(request, data, v.pk)
    return json_response(version_out(services.update_version(m, v, data, version_number=given)))


class VersionStepIn(StrictSchema):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000)


class VersionReturnIn(VersionStepIn):
    note: str = Field(..., min_length=1, max_length=2000, description="Why it goes back to draft")


def _step(name: str, summary: str, description: str):
    body_schema = VersionReturnIn if name == "return" else VersionStepIn

    @router.post("{org}/documents/{int:pk}/versions/{int:number}/" + name, response=DocumentVersionOut, summary=summary,
                 description=description, operation_id=f"version_{name}")
    def step(request, org: str, pk: int, number: int, body: body_schema):
        m = org_membership(request, org)
        fn = {"submit": services.submit, "review": services.review, "return": services.return_to_draft,
              "approve": services.approve}[name]
        return json_response(version_out(fn(m, _version(m, pk, number), version_number=body.version,
                                            note=body.note)))


_step("submit", "Send a draft for review", "Needs content and a named reviewer who is not the author.")
_step("review", "Record the review", "Only the named reviewer.")
_step("return", "Return a version in review to draft", "The reviewer or an editor; a note is required.")
_step("approve", "Approve a reviewed version", "Owners and AIMS managers other than the reviewer (four eyes). "
                                               "The version in force is superseded and everyone asked to "
                                               "acknowledge it is asked again.")


@router.post("{org}/documents/{int:pk}/versions/{int:number}/file", response=DocumentVersionOut,
             summary="Upload a PDF or DOCX as a draft's content")
def upload_file(request, org: str, pk: int, number: int, file: File[UploadedFile], version: Form[int]):
    m = org_membership(request, org)
    v = services.attach_file(m, _version(m, pk, number), file.name or "", file, version_number=version)
    return json_response(version_out(v))


@router.get("{org}/documents/{int:pk}/versions/{int:number}/download", response={200: None},
            summary="Download a version's content (its file, or its text as Markdown or DOCX)")
def download_version(request, org: str, pk: int, number: int, format: Literal["md", "docx"] = "md"):
    from forty2.evidence.storage import download_headers
    from forty2.files.services import read_file

    from .views import content_response

    m = org_membership(request, org)
    v = _version(m, pk, number)
    if not v.file_id:
        return content_response(v, format)
    response = HttpResponse(read_file(v.file))
    for key, value in download_headers(v.file.original_name, v.file.content_type).items():
        response[key] = value
    return response


class RetireIn(StrictSchema):
    note: str = Field(..., min_length=1, max_length=2000)


@router.post("{org}/documents/{int:pk}/retire", summary="Retire a document",
             description="Its version in force is retired; the content is kept until the retention period ends.")
def retire_document(request, org: str, pk: int, body: RetireIn):
    m = org_membership(request, org)
    doc = services.retire(m, _document(m, pk), note=body.note)
    return {"id": doc.pk, "retired_at": doc.retired_at, "retention_until": services.retention_until(doc)}


@router.post("{org}/documents/{int:pk}/dispose", summary="Dispose of a retired document's content")
def dispose_document(request, org: str, pk: int):
    m = org_membership(request, org)
    doc = services.dispose(m, _document(m, pk))
    return {"id": doc.pk, "disposed_at": doc.disposed_at}


class DocumentStartersIn(StrictSchema):
    keys: list[str] | None = Field(None, description="Starter keys; all when left out")


@router.post("{org}/documents/starters", response={201: dict}, summary="Create drafts from the starter documents")
def create_starters(request, org: str, body: DocumentStartersIn):
    m = org_membership(request, org)
    made = starters.create_from_starters(m, body.keys)
    return Status(201, {"created": [d.reference for d in made], "available": list(starters.starters())})


# --- acknowledgements --------------------------------------------------------------------------------------------

class AcknowledgementRequestIn(StrictSchema):
    everyone: bool = False
    roles: list[Literal[tuple(r for r in Role.values if r != Role.EXTERNAL_AUDITOR)]] = []
    emails: list[str] = Field([], max_length=500)
    due_date: dt.date | None = None


@router.post("{org}/documents/{int:pk}/versions/{int:number}/acknowledgements", response={201: dict},
             summary="Ask people to acknowledge an approved version")
def request_acks(request, org: str, pk: int, number: int, body: AcknowledgementRequestIn):
    m = org_membership(request, org)
    count = services.request_acknowledgements(m, _version(m, pk, number), everyone=body.everyone, roles=body.roles,
                                              emails=body.emails, due_date=body.due_date)
    return Status(201, {"requested": count})


class AcknowledgementOut(Schema):
    id: int
    document: int
    reference: str
    version_number: int
    person: str
    due_date: dt.date | None
    acknowledged_at: dt.datetime | None


class AcknowledgementList(Schema):
    items: list[AcknowledgementOut]
    count: int


def ack_out(a) -> dict:
    return {"id": a.pk, "document": a.document_version.document_id,
            "reference": a.document_version.document.reference, "version_number": a.document_version.number,
            "person": a.user.email, "due_date": a.due_date, "acknowledged_at": a.acknowledged_at}


class AcknowledgementFilters(Page):
    everyone: bool = Field(False, description="Everyone's (owners, AIMS managers and auditors); yours otherwise")
    pending: bool = False


@router.get("{org}/acknowledgements", response=AcknowledgementList,
            summary="Acknowledgements asked of you (or of everyone)")
def list_acks(request, org: str, filters: Query[AcknowledgementFilters]):
    from forty2.tenancy.roles import can

    m = org_membership(request, org)
    qs = Acknowledgement.objects.for_org(m.organization).select_related("document_version__document", "user")
    if not (filters.everyone and can(m, "view_audit_log")):
        qs = qs.filter(user=m.user)
    if filters.pending:
        qs = qs.filter(acknowledged_at__isnull=True)
    qs = qs.order_by("-created_at", "-id")
    return {"items": [ack_out(a) for a in qs[filters.offset: filters.offset + filters.limit]], "count": qs.count()}


@router.post("{org}/acknowledgements/{int:pk}/acknowledge", response=AcknowledgementOut,
             summary="Acknowledge a version")
def acknowledge(request, org: str, pk: int):
    m = org_membership(request, org)
    ack = Acknowledgement.objects.for_org(m.organization).filter(pk=pk).first()
    if ack is None:
        raise Http404
    services.acknowledge(m, ack)
    ack.refresh_from_db()
    return ack_out(ack)


# --- communication plan sendings ---------------------------------------------------------------------------------

class CommunicationSendingIn(StrictSchema):
    sent_on: dt.date
    recipients: str = Field("", max_length=300)
    note: str = Field("", max_length=2000)


@router.post("{org}/communications/{int:pk}/sendings", response={201: dict}, summary="Record a sending")
def record_sending(request, org: str, pk: int, body: CommunicationSendingIn):
    m = org_membership(request, org)
    line = faces.COMMUNICATIONS.get(COMMUNICATION, m.organization, pk)
    sent = services.record_sending(m, line, **body.dict())
    return Status(201, {"id": sent.pk, "sent_on": sent.sent_on, "recipients": sent.recipients, "note": sent.note})


# --- transparency page -------------------------------------------------------------------------------------------

TransparencyOut = output_schema(TRANSPARENCY, "TransparencyPage")
_TransparencyIn, TransparencyPatch = input_schemas(TRANSPARENCY, "TransparencyPage")
_transparency_out = output(TRANSPARENCY)


def _draft_out(draft) -> dict:
    return _transparency_out(attach_links(TRANSPARENCY, [draft])[0])


@router.get("{org}/transparency", response=TransparencyOut, summary="The transparency page's draft")
def get_transparency(request, org: str):
    m = org_membership(request, org)
    draft = transparency.page(m.organization)
    return with_etag(json_response(_draft_out(draft)), draft)


@router.patch("{org}/transparency", response=TransparencyOut, summary="Change the transparency page's draft",
              openapi_extra=PATCH_ANSWERS)
def patch_transparency(request, org: str, body: TransparencyPatch):
    m = org_membership(request, org)
    draft = transparency.page(m.organization)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, draft.pk)
    draft = transparency.update(m, draft, data, version=version)
    return with_etag(json_response(_draft_out(draft)), draft)


@router.post("{org}/transparency/publish", response={201: dict}, summary="Publish the transparency page")
def publish_transparency(request, org: str):
    m = org_membership(request, org)
    published = transparency.publish(m)
    return Status(201, {"number": published.number, "sha256": published.sha256, "content": published.content})


@router.post("{org}/transparency/withdraw", response={204: None}, summary="Take the public page down")
def withdraw_transparency(request, org: str):
    m = org_membership(request, org)
    transparency.withdraw(m)
    return Status(204, None)
