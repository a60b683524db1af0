"""Shared pieces of the REST API: membership resolution, list envelopes and paging.

See docs/architecture.md, "API conventions"."""

import datetime as dt
import json
from typing import Annotated, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Func, Subquery
from django.http import Http404, HttpResponse
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, field_validator

from forty2.core.errors import PermissionDenied
from forty2.tenancy.access import membership_for, require_session_mfa, sso_refusal
from forty2.tenancy.models import Membership


def _no_nul(value):
    """PostgreSQL text cannot hold NUL characters: refuse them as bad input (422 naming the field) instead of
    letting the database fail with a 500. SQLite would store them silently."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("May not contain NUL characters.")
    if isinstance(value, list | tuple):
        for item in value:
            _no_nul(item)
    return value


def _in_utc(value):
    """PostgreSQL refuses UTC offsets beyond ±15:59 that Python accepts (``+20:00`` answered 500): a moment is
    taken in UTC; one that UTC cannot hold (year 1 at +01:00) is a 422."""
    if value is not None and value.tzinfo is not None:
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise ValueError("This moment is outside the dates that can be stored.") from None
    return value


def _whole_number(value):
    """JSON has one kind of number: ``3.0`` is the integer 3 (as JSON Schema's ``integer`` says); ``true`` and
    ``"3"`` are not numbers and stay refused, as with pydantic's StrictInt."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Must be a whole number.")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("Must be a whole number.")
        return int(value)
    return value


#: a whole number from a JSON body (an id, a version, a count of days): 3 and 3.0, never "3" nor true
JsonInt = Annotated[int, BeforeValidator(_whole_number)]

#: the id of a record in a JSON body: a whole number a BIGINT key can hold (beyond it the database fails)
Id = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(_whole_number)]  # Field first: its bounds documented

#: a date and time from a client (query parameter or body field), normalised to UTC
UtcDatetime = Annotated[dt.datetime, AfterValidator(_in_utc)]


class StrictSchema(Schema):
    """Input schema: unknown fields are a 422, not silently ignored; NUL characters are a 422 too."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _refuse_nul(cls, value):
        return _no_nul(value)


class Page(Schema):
    """Paging of a list; subclasses add the list's filters (query parameters, NUL characters refused)."""

    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**62)  # beyond 64 bits the database fails instead of answering "none"

    @field_validator("*")
    @classmethod
    def _refuse_nul(cls, value):
        return _no_nul(value)


class WholePage(Page):
    """Paging of a small list that used to come back whole (a framework's requirements, the methodology
    versions, the questionnaire): a page of 500 by default, so such a list still fits in one page."""

    limit: int = Field(500, ge=1, le=500)


def org_membership(request, slug: str) -> Membership:
    """The caller's membership in ``slug``. A token only reaches the organisation it was issued for;
    anything else answers 404, exactly as an unknown organisation. A session (the browsable docs, the pages'
    scripts) meets the organisation's two-factor requirement as the pages do (403 without TOTP), and a
    session not signed in through single sign-on gets 403 from an organisation that admits nothing else."""
    token = getattr(request, "api_token", None)
    if token is not None:
        if token.organization.slug != slug:
            raise Http404("No such organisation.")
        return token.membership  # checked active (and TOTP where required) by authenticate_token
    membership = membership_for(request.user, slug)
    require_session_mfa(membership)
    refusal = sso_refusal(request, membership.organization)
    if refusal:  # a browser session in an organisation that admits single sign-on only: 403 saying why
        raise PermissionDenied(refusal)
    return membership


def page_of(qs, offset: int, limit: int) -> tuple[list, int]:
    """(the records from ``offset``, at most ``limit`` of them; how many the whole list has) in one statement:
    the page carries the list's count as a scalar subquery, computed once (an index count, so a page of 50 stays
    flat as the list grows; ``COUNT(*) OVER ()`` would read every row first). A page past the end, or a DISTINCT,
    combined or grouped (aggregated) list, asks the count on its own."""
    grouped = qs.query.group_by is not None or any(
        getattr(a, "contains_aggregate", False) for a in qs.query.annotations.values())
    if qs.query.distinct or qs.query.combinator or grouped:
        return list(qs[offset: offset + limit]), qs.count()
    total = Subquery(qs.order_by().annotate(_n=Func("pk", function="COUNT")).values("_n"))
    rows = list(qs.annotate(_list_count=total)[offset: offset + limit])
    if not rows:
        return rows, (qs.count() if offset else 0)
    if isinstance(rows[0], dict):
        count = rows[0]["_list_count"]
        for row in rows:
            del row["_list_count"]
    else:
        count = rows[0]._list_count
    return rows, count


def paginate(qs, page: Page, serialize) -> dict[str, Any]:
    """``{"items", "count"}`` of one page of a queryset (its count in the page's own statement) or of a list."""
    if isinstance(qs, list | tuple):
        items, count = qs[page.offset: page.offset + page.limit], len(qs)
    else:
        items, count = page_of(qs, page.offset, page.limit)
    return {"items": [serialize(obj) for obj in items], "count": count}


def json_response(data, status: int = 200) -> HttpResponse:
    """Answer with data already shaped by a ``*_out`` function, skipping a second pydantic validation of
    the response (the route's ``response=`` schema still documents it in OpenAPI)."""
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json")


def etag(obj) -> str:
    """A record's entity tag: its id and version (a strong validator: any change bumps the version)."""
    return f'"{obj.pk}-{obj.version}"'


def with_etag(response, obj):
    response["ETag"] = etag(obj)
    return response


#: ``openapi_extra`` of a PATCH route: the If-Match header. Every error answer of every route (403, 404, 409, 422…)
#: and the If-Match header of every versioned PATCH are declared centrally (forty2/api/openapi.py); kept so that a
#: route may still name it.
PATCH_ANSWERS = {
    "parameters": [{"in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
                    "description": "The record's ETag, instead of `version` in the body."}],
}


def patch_version(request, data: dict, pk) -> int:
    """The version a PATCH was based on: the body's ``version``, or ``If-Match`` with the record's ETag.
    Neither is a 422 naming ``version``; an ETag of another record is an unknown version (409 follows). A stale
    version is merged by the write path unless a field sent changed since (:func:`forty2.records.writes.update`)."""
    from forty2.core.errors import InvalidInput, field_error

    version = data.pop("version", None)
    if version is not None:
        return version
    header = request.headers.get("If-Match", "").strip()
    if header.startswith("W/"):
        header = header[2:]
    tag = header.strip('"')
    record, _, number = tag.rpartition("-")
    if header and number.isdigit() and record == str(pk):
        return int(number)
    if header:
        return -1
    raise InvalidInput([field_error("version", "Give the version you read (or send If-Match with the record's "
                                               "ETag); a stale one is refused with 409.", "missing")])


def answers(status: int, description: str, schema: str = "Error") -> dict:
    """``openapi_extra`` declaring one more answer of a route that forty2/api/openapi.py cannot infer from the
    route's shape (e.g. a 404 for a query parameter naming a record), with the shared error body."""
    return {"responses": {str(status): {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema}"}}}}}}


def enum_from(values, *, nullable: bool = False):
    """``json_schema_extra`` of a text field whose allowed values come from a registry filled at start-up (the
    service still checks the value, naming the field): the OpenAPI document lists them as its ``enum``."""

    def extra(schema: dict) -> None:
        schema["enum"] = [*sorted(values()), *([None] if nullable else [])]

    return extra


def multipart_body(properties: dict, required: list[str], **extra) -> dict:
    """``openapi_extra`` of a route that reads ``multipart/form-data`` itself: its request body, documented
    (an upload is a ``format: binary`` string; form values are strings, numbers or booleans as sent). A property
    may give ``"x-enum": callable``: its values from a registry filled at start-up, listed when the document is
    made (forty2/api/openapi.py)."""
    schema = {"type": "object", "properties": properties, "required": required, "additionalProperties": False,
              **extra}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


#: JSON Schema of an http(s) link as the records kit accepts it (blank allowed; checked case-insensitively)
HTTP_LINK = r"^\s*([Hh][Tt][Tt][Pp][Ss]?://|$)"
#: JSON Schema of text that must not be blank
NOT_BLANK = r"\S"
