"""REST endpoints of evidence (ISO/IEC 42001 7.5): /api/v1/orgs/{org}/evidence (multipart upload, download),
links to the records it supports, file versions, and /evidence-requests."""

import datetime as dt
from typing import Literal

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status
from pydantic import Field

from forty2.api.common import (
    HTTP_LINK,
    NOT_BLANK,
    PATCH_ANSWERS,
    Id,
    Page,
    StrictSchema,
    enum_from,
    json_response,
    multipart_body,
    org_membership,
    paginate,
    patch_version,
)
from forty2.core.errors import InvalidInput, field_error
from forty2.files import services as files
from forty2.records.schemas import input_schemas

from . import links as linkables
from . import services, storage
from .definitions import EVIDENCE, EVIDENCE_REQUEST
from .models import Evidence, EvidenceLink, EvidenceRequest, EvidenceVersion, RequestStatus

router = Router(tags=["Evidence"])
_EvidenceIn, EvidencePatch = input_schemas(EVIDENCE, "Evidence")
EvidenceRequestIn, _RequestPatch = input_schemas(EVIDENCE_REQUEST, "EvidenceRequest")
FORM_FIELDS = {"title", "description", "url", "owner", "effective_date", "valid_until"}
#: the record types evidence can support (registered by the apps at start-up), as an OpenAPI enum
SUPPORTED = enum_from(lambda: linkables.LINKABLES)
#: a link that is not blank (link evidence without a file needs one)
_LINK = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://"
_DAY = {"type": "string", "format": "date", "description": "YYYY-MM-DD, from 1900-01-01 to 2199-12-31."}
_FORM = {
    "title": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": NOT_BLANK},
    "description": {"type": "string"},
    "url": {"type": "string", "maxLength": 1000, "pattern": HTTP_LINK,
            "description": "The link (link evidence); an http(s) address."},
    "owner": {"type": "string", "maxLength": 254, "description": "E-mail of a member of the organisation."},
    "effective_date": _DAY, "valid_until": _DAY,
}
#: the request body of ``POST …/evidence`` (read from the form by the route itself)
UPLOAD_BODY = multipart_body({
    **_FORM,
    "file": {"type": "string", "format": "binary", "description": "The file (PDF, image, Office/OpenDocument, "
                                                                  "JSON, text/CSV; checked by content)."},
    "record_type": {"type": "string", "description": "Link it at once to a record of this type…",
                    "x-enum": lambda: sorted(linkables.LINKABLES)},
    "object_id": {"type": "integer", "minimum": 1, "description": "…with this id."},
}, ["title"], anyOf=[{"required": ["file"]}, {"required": ["url"], "properties": {"url": {"pattern": _LINK}}}],
    dependentRequired={
    "record_type": ["object_id"]})
#: the request body of ``POST …/evidence/{pk}/versions``
VERSION_BODY = multipart_body({
    "file": {"type": "string", "format": "binary", "description": "The new file (checked by content)."},
    "version": {"type": "integer", "description": "The evidence's version as read; a stale one is a 409."},
}, ["file", "version"])


def evidence_out(e: Evidence, links=None) -> dict:
    return {"id": e.pk, "title": e.title, "kind": e.kind, "description": e.description, "url": e.url or None,
            "owner": e.owner.email if e.owner_id else None, "effective_date": e.effective_date,
            "valid_until": e.valid_until, "expired": e.expired,
            "file": ({"name": e.file_name, "sha256": e.sha256, "size": e.size, "content_type": e.content_type,
                      "version": e.file_version} if e.kind == "file" else None),
            "links": links if links is not None else [
                {"record_type": t, "object_id": o} for t, o in e.links.values_list("record_type", "object_id")],
            "version": e.version, "created_at": e.created_at, "updated_at": e.updated_at}


def _get(m, pk) -> Evidence:
    e = Evidence.objects.for_org(m.organization).select_related("owner").filter(pk=pk).first()
    if e is None:
        raise Http404
    return e


class EvidenceFilters(Page):
    q: str | None = Field(None, max_length=200)
    kind: Literal["file", "link"] | None = None
    expired: bool | None = None
    record_type: str | None = Field(None, max_length=40)
    object_id: int | None = Field(None, ge=1, le=2**63 - 1)


@router.get("{org}/evidence", summary="List evidence",
            description="Filters: q (title), kind, expired, and record_type + object_id (evidence supporting one "
                        "record, e.g. soa_entry).")
def evidence_list(request, org: str, filters: Query[EvidenceFilters]):
    m = org_membership(request, org)
    qs = Evidence.objects.for_org(m.organization).select_related("owner").order_by("title", "id")
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.expired is not None:
        today = timezone.localdate()
        qs = qs.filter(valid_until__lt=today) if filters.expired else qs.exclude(valid_until__lt=today)
    if filters.record_type and filters.object_id:
        qs = qs.filter(links__record_type=filters.record_type, links__object_id=filters.object_id)
    limit, offset = filters.limit, filters.offset
    page = list(qs[offset: offset + limit])
    links: dict[int, list] = {}
    for ev, t, o in EvidenceLink.objects.filter(evidence__in=page).values_list("evidence_id", "record_type",
                                                                               "object_id"):
        links.setdefault(ev, []).append({"record_type": t, "object_id": o})
    return json_response({"items": [evidence_out(e, links.get(e.pk, [])) for e in page], "count": qs.count()})


def _form_data(request) -> dict:
    unknown = set(request.POST) - FORM_FIELDS - {"file", "record_type", "object_id"}
    if unknown:
        raise InvalidInput([field_error(k, "Unknown field.", "extra_forbidden") for k in sorted(unknown)])
    return {k: request.POST[k] for k in FORM_FIELDS if k in request.POST}


@router.post("{org}/evidence", response={201: dict}, summary="Add evidence (multipart: a file, or a link)",
             openapi_extra=UPLOAD_BODY,
             description="multipart/form-data with `title` and either `file` (checked by content: PDF, images, "
                         "Office/OpenDocument, JSON, text/CSV; the name's extension must match the content; at most "
                         "`FORTY2_MAX_UPLOAD_BYTES`, 25 MB by default, else 422; a request body over that plus 1 MB "
                         "is 413) or `url`; optional "
                         "`description`, `owner`, `effective_date`, `valid_until`, and `record_type` + "
                         "`object_id` to link it at once. Identical content is stored once per organisation.")
def evidence_create(request, org: str):
    m = org_membership(request, org)
    data = _form_data(request)
    upload = request.FILES.get("file")
    if upload is not None:
        e = services.upload_evidence(m, data, name=upload.name, fileobj=upload)
    else:
        e = services.add_link_evidence(m, data)
    if request.POST.get("record_type"):
        try:
            object_id = int(request.POST.get("object_id", ""))
        except ValueError:
            raise InvalidInput([field_error("object_id", "Must be an integer id.", "int_parsing")]) from None
        services.link(m, e, request.POST["record_type"], object_id)
    return json_response(evidence_out(_get(m, e.pk)), status=201)


@router.get("{org}/evidence/{int:pk}", summary="Read evidence")
def evidence_get(request, org: str, pk: int):
    m = org_membership(request, org)
    e = _get(m, pk)
    data = evidence_out(e)
    data["versions"] = [{"number": v.number, "name": v.file_name, "sha256": v.sha256, "size": v.size,
                         "content_type": v.content_type, "uploaded_at": v.created_at}
                        for v in EvidenceVersion.objects.filter(evidence=e)]
    return json_response(data)


@router.patch("{org}/evidence/{int:pk}", summary="Change evidence", openapi_extra=PATCH_ANSWERS)
def evidence_patch(request, org: str, pk: int, body: EvidencePatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, pk)
    return json_response(evidence_out(services.update_evidence(m, _get(m, pk), data, version=version)))


@router.delete("{org}/evidence/{int:pk}", response={204: None}, summary="Delete unlinked evidence")
def evidence_delete(request, org: str, pk: int):
    m = org_membership(request, org)
    services.delete_evidence(m, _get(m, pk))
    return Status(204, None)


@router.post("{org}/evidence/{int:pk}/versions", response={201: dict}, summary="Upload a new file version",
             openapi_extra=VERSION_BODY,
             description="multipart/form-data with `file` and `version` (the evidence's version as read).")
def evidence_new_version(request, org: str, pk: int):
    m = org_membership(request, org)
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput([field_error("file", "Choose a file to upload.", "missing")])
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        raise InvalidInput([field_error("version", "The version you read is required.", "missing")]) from None
    e = services.add_file_version(m, _get(m, pk), name=upload.name, fileobj=upload, version=version)
    return json_response(evidence_out(_get(m, e.pk)), status=201)


def download_response(e: Evidence, number: int | None = None) -> HttpResponse:
    """The file with headers that make a browser save it, never render or run it."""
    if e.kind != "file":
        raise Http404
    v = (EvidenceVersion.objects.select_related("stored_file")
         .filter(evidence=e, number=e.file_version if number is None else number).first())
    if v is None:
        raise Http404
    response = HttpResponse(files.read_file(v.stored_file))
    for key, value in storage.download_headers(v.file_name, v.content_type).items():
        response[key] = value
    return response


@router.get("{org}/evidence/{int:pk}/download", summary="Download the file (attachment, never inline)",
            response={200: None})
def evidence_download(request, org: str, pk: int, version: int | None = None):
    m = org_membership(request, org)
    return download_response(_get(m, pk), version)


class EvidenceLinkIn(StrictSchema):
    record_type: str = Field(..., max_length=40, json_schema_extra=SUPPORTED)
    object_id: Id


@router.post("{org}/evidence/{int:pk}/links", response={201: dict}, summary="Let evidence support a record")
def evidence_link(request, org: str, pk: int, body: EvidenceLinkIn):
    m = org_membership(request, org)
    e = _get(m, pk)
    services.link(m, e, body.record_type, body.object_id)
    return json_response(evidence_out(e), status=201)


@router.delete("{org}/evidence/{int:pk}/links", response={204: None}, summary="Stop evidence supporting a record")
def evidence_unlink(request, org: str, pk: int, record_type: str, object_id: int):
    m = org_membership(request, org)
    services.unlink(m, _get(m, pk), record_type, object_id)
    return Status(204, None)


# --- evidence requests --------------------------------------------------------------------------------------------

def request_out(r: EvidenceRequest) -> dict:
    return {"id": r.pk, "title": r.title, "description": r.description,
            "assignee": r.assignee.email if r.assignee_id else None,
            "requested_by": r.requested_by.email if r.requested_by_id else None, "due_date": r.due_date,
            "overdue": r.overdue, "status": r.status, "record_type": r.record_type or None,
            "object_id": r.object_id, "evidence_id": r.evidence_id, "version": r.version}


class RequestFilters(Page):
    mine: bool = Field(False, description="Only the requests asked of me.")
    status: Literal[tuple(RequestStatus.values)] | None = None


@router.get("{org}/evidence-requests", summary="Evidence requests (mine=true: asked of me)")
def requests_list(request, org: str, filters: Query[RequestFilters]):
    m = org_membership(request, org)
    qs = EvidenceRequest.objects.for_org(m.organization).select_related("assignee", "requested_by")
    if filters.mine:
        qs = qs.filter(assignee=m.user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return json_response(paginate(qs, filters, request_out))


class RequestIn(EvidenceRequestIn):
    """``due_date`` is required: a request says by when the evidence is needed (the service refuses one without)."""

    due_date: dt.date = Field(..., description="When it is needed (YYYY-MM-DD, 1900-01-01 to 2199-12-31).")
    record_type: str | None = Field(None, max_length=40, json_schema_extra=enum_from(lambda: linkables.LINKABLES,
                                                                                      nullable=True))
    object_id: Id | None = None


@router.post("{org}/evidence-requests", response={201: dict}, summary="Ask a member for evidence by a date")
def requests_create(request, org: str, body: RequestIn):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    record_type, object_id = data.pop("record_type", None) or "", data.pop("object_id", None)
    r = services.request_evidence(m, data, record_type=record_type, object_id=object_id)
    return json_response(request_out(r), status=201)


class FulfilIn(StrictSchema):
    evidence_id: Id


def _request(m, pk) -> EvidenceRequest:
    r = EvidenceRequest.objects.for_org(m.organization).filter(pk=pk).first()
    if r is None:
        raise Http404
    return r


@router.post("{org}/evidence-requests/{int:pk}/fulfil", summary="Answer a request with evidence")
def requests_fulfil(request, org: str, pk: int, body: FulfilIn):
    m = org_membership(request, org)
    return json_response(request_out(services.fulfil_request(m, _request(m, pk), _get(m, body.evidence_id))))


@router.post("{org}/evidence-requests/{int:pk}/cancel", summary="Cancel a request")
def requests_cancel(request, org: str, pk: int):
    m = org_membership(request, org)
    return json_response(request_out(services.cancel_request(m, _request(m, pk))))

