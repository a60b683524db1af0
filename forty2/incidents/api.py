"""The API of concerns and AI incidents (ISO/IEC 42001 A.3.3, A.8.3, A.8.4; EU AI Act Art. 73).

``/orgs/{org}/concerns`` and ``/orgs/{org}/incidents`` come from the records kit (``record_routes``); a concern's
list, read and export are this app's own so that the reporter's identity reaches only the people who handle
concerns. Each workflow step is a ``POST …/{id}/<step>`` with the version read. An incident's output carries its
Art. 73 deadline. ``/public/{org}/concerns`` is the public channel: no credentials, its own throttle, and the
follow-up code travels in a header, never in the address.
"""

from datetime import date
from typing import Literal

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema
from ninja import Path as NinjaPath
from pydantic import StrictBool, StrictInt, create_model

from forty2.api.common import StrictSchema, json_response, org_membership, page_of, with_etag
from forty2.core.spreadsheets import CONTENT_TYPES
from forty2.records import filters as kit_filters
from forty2.records.routes import list_query, record_routes
from forty2.records.schemas import output, output_schema
from forty2.tenancy.models import Organization

from . import access as identity
from . import reporting, services, throttle
from .definitions import CONCERN, INCIDENT
from .faces import CONCERN_ACCESS, INCIDENT_ACCESS
from .models import ConcernKind

router = Router(tags=["Concerns and incidents"])

# --- concerns --------------------------------------------------------------------------------------------------

ConcernOut = output_schema(CONCERN, "Concern")
ConcernList = create_model("ConcernList", __base__=Schema, items=(list[ConcernOut], ...), count=(int, ...))
ConcernFilters = list_query(CONCERN, "Concern")
ConcernExportFilters = create_model("ConcernExportQuery", format=(Literal["csv", "xlsx"], "csv"),
                                    __base__=kit_filters.query_schema(CONCERN, "Concern"))
record_routes(router, CONCERN, CONCERN_ACCESS, path="concerns", schema_prefix="Concern", schema_out=ConcernOut,
              skip=("list", "get", "export"))


@router.get("{org}/concerns/export", response={200: None}, operation_id="export_concerns",
            summary="Export concerns as CSV or XLSX",
            description="Same filters as the list. The reporter's name and e-mail read 'identity withheld' unless "
                        "you handle concerns (owner, AIMS manager, concern handler).")
def export_concerns(request, org: str, filters: Query[ConcernExportFilters]):
    m = org_membership(request, org)
    params = filters.dict()
    fmt = params.pop("format")
    response = HttpResponse(CONCERN_ACCESS.export(CONCERN, m, params, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (f'attachment; filename="{m.organization.slug}-concerns-'
                                       f'{timezone.localdate():%Y-%m-%d}.{fmt}"')
    return response


@router.get("{org}/concerns", response=ConcernList, operation_id="list_concerns", summary="List concerns",
            description="Filters, search (`q`), sort and paging. The reporter's identity is shown only to the "
                        "people who handle concerns; everyone else reads 'identity withheld'.")
def list_concerns(request, org: str, filters: Query[ConcernFilters]):
    m = org_membership(request, org)
    visible = identity.handles_concerns(m)
    params = filters.dict(exclude={"limit", "offset"})
    qs = kit_filters.apply(CONCERN, CONCERN_ACCESS.queryset(m.organization), params)
    page, count = page_of(qs, filters.offset, filters.limit)
    return json_response({"items": CONCERN_ACCESS.shape(CONCERN, [identity.shown(c, visible) for c in page]),
                          "count": count})


@router.get("{org}/concerns/{int:pk}", response=ConcernOut, operation_id="get_concerns", summary="Read a concern")
def get_concern(request, org: str, pk: int):
    m = org_membership(request, org)
    obj = CONCERN_ACCESS.get(CONCERN, m.organization, pk)
    obj = identity.shown(obj, identity.handles_concerns(m))
    return with_etag(json_response(CONCERN_ACCESS.shape(CONCERN, [obj])[0]), obj)


class StepIn(StrictSchema):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000)


class StepWithNoteIn(StepIn):
    note: str = Field(..., min_length=1, max_length=2000, pattern=r"\S", description="Why (required)")


def _step_routes(flow, noun, path, access, rt, run, out_schema, shape):
    for t in flow.transitions.values():
        def make(step=t):
            body_schema = StepWithNoteIn if step.note_required else StepIn

            def view(request, org: str, pk: int, body: body_schema):
                m = org_membership(request, org)
                obj = access.get(rt, m.organization, pk)
                return json_response(shape(m, run(m, obj, step.name, version=body.version, note=body.note)))

            view.__name__ = f"{path}_{step.name}"
            router.post("{org}/" + path + "/{int:pk}/" + step.name, response=out_schema,
                        operation_id=f"{path.replace('-', '_')}_{step.name}",
                        summary=f"{step.label} ({noun})",
                        description=f"From {', '.join(flow.label(s).lower() for s in step.sources)} to "
                                    f"{flow.label(step.target).lower()}. Audited.")(view)
        make()


def _concern_shape(m, obj):
    return CONCERN_ACCESS.shape(CONCERN, [identity.shown(obj, identity.handles_concerns(m))])[0]


_step_routes(services.CONCERN_FLOW, "concern", "concerns", CONCERN_ACCESS, CONCERN, services.concern_step,
             ConcernOut, _concern_shape)


class ChannelOut(Schema):
    enabled: bool
    intro: str
    public_page: str


class ChannelIn(StrictSchema):
    enabled: StrictBool
    intro: str = Field("", max_length=2000)


def _channel_out(org) -> dict:
    found = services.channel(org)
    return {"enabled": bool(found and found.enabled), "intro": found.intro if found else "",
            "public_page": f"/c/{org.slug}/"}


@router.get("{org}/concern-channel", response=ChannelOut, summary="The public concern channel",
            description="Whether anyone may raise a concern through the public page (A.3.3, A.8.3).")
def get_channel(request, org: str):
    return _channel_out(org_membership(request, org).organization)


@router.put("{org}/concern-channel", response=ChannelOut, summary="Turn the public concern channel on or off",
            description="Owners and AIMS managers.")
def put_channel(request, org: str, body: ChannelIn):
    m = org_membership(request, org)
    services.set_channel(m, enabled=body.enabled, intro=body.intro)
    return _channel_out(m.organization)


# --- incidents -------------------------------------------------------------------------------------------------

class Art73Out(Schema):
    applies: bool
    provisional: bool
    days: int | None
    due: date | None
    rule: str
    countdown: str
    state: str
    reports_to: list[dict]


_incident_base = output(INCIDENT)


def incident_out(obj) -> dict:
    data = _incident_base(obj)
    panel = reporting.panel(obj)
    d = panel["deadline"]
    data["art73"] = {"applies": d.applies, "provisional": d.provisional, "days": d.days, "due": d.due,
                     "rule": d.rule, "countdown": panel["countdown"]["text"], "state": panel["countdown"]["state"],
                     "reports_to": [{"system": r.system, "role": r.role, "reports_to": r.reports_to,
                                     "steps": list(r.steps)} for r in panel["routes"]]}
    return data


INCIDENT_ACCESS.out = incident_out
IncidentOut = create_model("IncidentOut", __base__=output_schema(INCIDENT, "IncidentBase"), art73=(Art73Out, ...))
record_routes(router, INCIDENT, INCIDENT_ACCESS, path="incidents", schema_prefix="Incident", schema_out=IncidentOut)
_step_routes(services.INCIDENT_FLOW, "AI incident", "incidents", INCIDENT_ACCESS, INCIDENT, services.incident_step,
             IncidentOut, lambda m, obj: INCIDENT_ACCESS.shape(INCIDENT, [obj])[0])


# --- the public channel ----------------------------------------------------------------------------------------

public_router = Router(tags=["Public concern channel"], auth=None)


#: an e-mail address as Django's validator accepts it (or nothing), so the document says the rule
EMAIL = (r"^$|^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}){0,3}"
         r"@([A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?\.){1,3}[A-Za-z]{2,20}$")


class PublicConcernIn(StrictSchema):
    kind: Literal[tuple(ConcernKind.values)] = ConcernKind.CONCERN
    subject: str = Field(..., min_length=1, max_length=200, pattern=r"\S")
    description: str = Field("", max_length=10000)
    system_text: str = Field("", max_length=300, description="Which AI system, in your words")
    anonymous: StrictBool = Field(True, description="Keep no name or e-mail (and never an address or browser)")
    name: str = Field("", max_length=200, description="Only when not anonymous")
    email: str = Field("", max_length=254, pattern=EMAIL, description="Only when not anonymous")


class PublicReceivedOut(Schema):
    follow_up_code: str = Field(..., description="Shown once: keep it to read the answer")
    status: str
    anonymous: bool
    triage_due: date


class PublicFollowUpOut(Schema):
    subject: str
    kind: str
    status: str
    status_label: str
    received_on: date
    answer: str | None
    answered_on: date | None


class Throttled(Schema):
    detail: str


def _channel_org(slug: str) -> Organization:
    org = Organization.objects.filter(slug=slug).first()
    if org is None or not services.channel_open(org):
        raise Http404("No such concern channel.")
    return org


def _throttled():
    return json_response({"detail": "Too many requests from your connection; try again in an hour."}, status=429)


@public_router.post("{org}/concerns", response={201: PublicReceivedOut, 429: Throttled},
                    operation_id="public_submit_concern", summary="Raise a concern (no login)",
                    description="Anonymous unless `anonymous` is false and a name or e-mail is given. Nothing about "
                                "the sender's connection is stored. At most a few per hour from one connection "
                                "(429). The answer holds the follow-up code, shown once.")
def public_submit(request, org: str = NinjaPath(..., max_length=50), *, body: PublicConcernIn):
    organization = _channel_org(org)
    if not throttle.allow(request, organization, "submit"):
        return _throttled()
    concern, code = services.submit_concern(organization, kind=body.kind, subject=body.subject,
                                            description=body.description, system_text=body.system_text,
                                            anonymous=body.anonymous, name=body.name, email=body.email)
    return json_response({"follow_up_code": code, "status": concern.status, "anonymous": concern.anonymous,
                          "triage_due": concern.triage_due}, status=201)


@public_router.get("{org}/concerns/follow-up", response={200: PublicFollowUpOut, 429: Throttled},
                   operation_id="public_follow_up_concern", summary="Read the answer to a concern",
                   description="The follow-up code goes in the `X-Follow-Up-Code` header, never in the address. "
                               "An unknown code is a 404.")
def public_follow_up(request, org: str = NinjaPath(..., max_length=50), *,
                     code: str = Header(..., alias="X-Follow-Up-Code", min_length=1, max_length=40)):
    organization = _channel_org(org)
    if not throttle.allow(request, organization, "follow_up"):
        return _throttled()
    concern = services.follow_up(organization, code)
    if concern is None:
        raise Http404("No concern has this code.")
    return json_response(services.public_view(concern))
