"""API schemas and output derived from a record definition (docs/architecture.md, "API conventions").

``input_schemas`` gives the create and patch schemas (unknown fields 422, enums documented in OpenAPI, ``version``
required on PATCH); ``output`` shapes a record as JSON data in one pass (the route's ``response=`` schema made by
``output_schema`` documents it without validating every response a second time).
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field as PField
from pydantic import StrictBool, create_model

from forty2.api.common import HTTP_LINK, NOT_BLANK, Id, JsonInt, StrictSchema

from .definition import BOOL, BOOL3, CHOICE, DATE, DATETIME, INT, LINKS, MULTI, PERSON, REF, URL, RecordType


def _type(f):
    if f.kind == CHOICE and f.choices is not None:
        return Literal[tuple(f.choice_values)]
    if f.kind == MULTI:
        return list[Literal[tuple(f.choice_values)]]
    if f.kind in (BOOL, BOOL3):
        return StrictBool  # "yes" or 1 is a mistake to report, not a True to guess
    if f.kind == DATE:
        return dt.date
    if f.kind == LINKS:
        return list[Id]
    if f.kind == REF:
        return Id
    if f.kind == INT:  # the bounds first, so the document shows them (as api.common.Id does)
        return Annotated[int, PField(ge=f.minimum, le=f.maximum), *JsonInt.__metadata__]
    return str


def _description(f) -> str | None:
    text = f.help or f.label
    if f.kind == PERSON:
        text = f"{text} E-mail of a member of the organisation."
    if f.kind == REF:
        text = (f"{text} Id of a {f.related_model._meta.verbose_name} of the organisation (not archived or "
                "retired when newly set).")
    return text or None


def input_schemas(rt: RecordType, prefix: str):
    """(Create schema, Patch schema) named ``<prefix>In`` and ``<prefix>Patch``."""
    create, patch = {}, {}
    for f in rt.writable:
        kind = _type(f)
        limits = {"max_length": f.max_length} if kind is str and f.max_length else {}
        if f.kind == PERSON:
            limits = {"max_length": 254}
        desc = _description(f)
        if kind is str and f.required:
            limits["min_length"] = 1
        # what the validation (records/validation.py) refuses, the document says: required text is not blank, a
        # link is http(s) (pattern only in the document: the validation's message names the rule), a choice
        # without a blank value is never null
        extra = {"pattern": NOT_BLANK} if kind is str and f.required and f.kind != PERSON else {}
        if f.kind == URL:
            extra = {"pattern": HTTP_LINK}
        if extra:
            limits["json_schema_extra"] = extra
        # never null where the validation refuses null: a choice without a blank value, a yes/no or a whole number
        # the database keeps (left out, it keeps the saved value or the model's default)
        never_null = (f.kind == CHOICE and not f.blank_ok) or (f.kind in (BOOL, INT) and not f.model_field.null) \
            or (f.kind == REF and (f.required or not f.model_field.null))
        optional = kind if never_null else kind | None
        if f.required:
            create[f.api_name] = (kind, PField(..., description=desc, **limits))
            patch[f.api_name] = (optional, PField(None, description=desc, **limits))
        else:
            create[f.api_name] = (optional, PField(None, description=desc, **limits))
            patch[f.api_name] = (optional, PField(None, description=desc, **limits))
    patch["version"] = (JsonInt | None, PField(None, description="The version you read (or send If-Match with "
                                                                  "the ETag); a stale one is refused with 409"))
    return (create_model(f"{prefix}In", __base__=StrictSchema, **create),
            create_model(f"{prefix}Patch", __base__=StrictSchema, **patch))


def output_schema(rt: RecordType, prefix: str, link_items: dict | None = None):
    """The documented shape of :func:`output`; ``link_items`` gives the item schema of each link list."""
    from ninja import Schema

    fields: dict[str, Any] = {"id": (int, ...)}
    for f in rt.fields:
        if f.kind == LINKS:
            fields[f.out_name] = (list[(link_items or {}).get(f.out_name, dict)], ...)
        elif f.kind == MULTI:
            fields[f.out_name] = (list[str], ...)
        elif f.kind in (BOOL, BOOL3):
            fields[f.out_name] = (bool | None, ...)
        elif f.kind == DATE:
            fields[f.out_name] = (dt.date | None, ...)
        elif f.kind == DATETIME:
            fields[f.out_name] = (dt.datetime | None, ...)
        elif f.kind == INT:
            fields[f.out_name] = (int | None, ...)
        elif f.kind == REF:
            fields[f.out_name] = (int | None, PField(..., description=_description(f)))
        elif f.kind == PERSON or _blank_is_none(f):
            fields[f.out_name] = (str | None, PField(..., description=f.help or None))
        else:
            fields[f.out_name] = (str, ...)
    if rt.archivable:
        fields["archived"] = (bool, ...)
    fields.update(version=(int, ...), created_at=(dt.datetime, ...), updated_at=(dt.datetime, ...))
    return create_model(f"{prefix}Out", __base__=Schema, **fields)


def _blank_is_none(f) -> bool:
    """Choices that may be blank ("not yet assessed") and derived values answer null rather than ""."""
    return (f.kind == CHOICE and f.blank_ok) or f.read_only


def _getter(f):
    attr = f.attr
    if f.kind == PERSON:
        # the *_id check avoids a query when nobody is named; select_related loads the rest
        return lambda o: (getattr(o, attr).email if getattr(o, attr + "_id") else None)
    if f.kind == REF:  # the id column: no query for the related record
        column = f.model_field.attname
        return lambda o: getattr(o, column)
    if f.kind == LINKS:
        key = f.out_name
        return lambda o: o.links[key]
    if f.kind == MULTI:
        return lambda o: list(getattr(o, attr) or [])
    if _blank_is_none(f):
        return lambda o: getattr(o, attr) or None
    return lambda o: getattr(o, attr)


def output(rt: RecordType):
    """A function shaping one record as the API's JSON data (links from ``obj.links``, see ``rt.attach``)."""
    getters = [(f.out_name, _getter(f)) for f in rt.fields]
    archivable = rt.archivable

    def out(obj) -> dict:
        data = {"id": obj.pk}
        for key, get in getters:
            data[key] = get(obj)
        if archivable:
            data["archived"] = obj.archived_at is not None
        data["version"], data["created_at"], data["updated_at"] = obj.version, obj.created_at, obj.updated_at
        return data

    return out
