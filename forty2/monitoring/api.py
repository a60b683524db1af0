"""REST endpoints of objectives and monitoring (ISO/IEC 42001 6.2, 9.1, A.6.2.6).

* ``/orgs/{org}/objectives`` and ``/orgs/{org}/metrics``: the records kit's routes (list, create, read, patch,
  archive, restore, history, import, export); a metric also answers its ``state`` (ok, warning, breach, none),
  ``on_target``, ``overdue`` and ``next_due``.
* ``GET /orgs/{org}/metrics/{metric_pk}/measurements``: the measurements, newest first, paged.
* ``POST /orgs/{org}/metrics/{metric_pk}/measurements``: one measurement (an object) or a batch (a list of up to
  1,000): every row is checked first; a bad row is a 422 naming the row and the field
  (``["body", 3, "value"]``) and nothing is saved.
* ``DELETE /orgs/{org}/metrics/{metric_pk}/measurements/{pk}``: AIMS managers and owners only; audited with the
  deleted value. Measurements are never changed: a correction is a new measurement with a note.
* ``POST /orgs/{org}/metrics/{metric_pk}/measurements/{pk}/response``: what was done about a breach.
* ``POST /orgs/{org}/measurements/import`` and ``GET …/measurements/export``: spreadsheets through the kit, the
  metric named in each row (when the kit's reference kind is there).
"""

import datetime as dt
import json

from django.http import Http404
from ninja import Field as NField
from ninja import Query, Router, Schema, Status
from pydantic import create_model

from forty2.api.common import Page, StrictSchema, json_response, org_membership, page_of
from forty2.core import text
from forty2.core.errors import InvalidInput
from forty2.records.routes import Names, record_routes
from forty2.records.schemas import output_schema

from . import faces, services
from .definitions import MEASUREMENT, METRIC, OBJECTIVE
from .models import Measurement, Metric, Source

router = Router(tags=["Objectives and monitoring"])

record_routes(router, OBJECTIVE, faces.OBJECTIVE_ACCESS, path="objectives", schema_prefix="Objective")

_number = (str | None, NField(..., description="A decimal number as text, e.g. \"95.5\"; null when not set."))
MetricOut = create_model(
    "MetricOut", __base__=output_schema(METRIC, "MetricBase"),
    **{key: _number for key in faces.NUMBERS},
    state=(str, NField(..., description="The latest value against the thresholds: ok, warning, breach, or none "
                                        "(never measured).")),
    on_target=(bool | None, NField(..., description="Whether the latest value reaches the target value.")),
    overdue=(bool, NField(..., description="No measurement within the frequency and its grace period.")),
    next_due=(dt.datetime, NField(..., description="When the next measurement is expected.")))
record_routes(router, METRIC, faces.METRIC_ACCESS, path="metrics", schema_prefix="Metric", schema_out=MetricOut)

if MEASUREMENT is not None:
    record_routes(router, MEASUREMENT, faces.MEASUREMENT_ACCESS, path="measurements", schema_prefix="Measurement",
                  skip=("list", "create", "get", "patch", "delete", "history"),
                  names=Names(operation_ids={"import": "import_measurements", "export": "export_measurements"}))


class MeasurementOut(Schema):
    id: int
    measured_at: dt.datetime
    value: str
    note: str
    source: str
    entered_by: str | None
    state: str = NField(..., description="ok, warning or breach against the metric's thresholds now.")
    response: str
    responded_at: dt.datetime | None
    created_at: dt.datetime


class MeasurementList(Schema):
    items: list[MeasurementOut]
    count: int


class MeasurementsAdded(Schema):
    items: list[MeasurementOut]
    count: int
    metric: MetricOut


class ResponseIn(StrictSchema):
    response: str = NField(..., min_length=1, max_length=services.NOTE_MAX, pattern=r"\S")


_ROW = {"type": "object", "additionalProperties": False, "required": ["measured_at", "value"], "properties": {
    "measured_at": {"type": "string", "format": "date-time",
                    "description": "When it was measured (ISO 8601; a date alone is midnight); not in the future."},
    "value": {"oneOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*-?\d+([.,]\d+)?\s*$"}],
              "description": "The value: a number, or a decimal as text (\"95.5\")."},
    "note": {"type": "string", "maxLength": services.NOTE_MAX,
             "description": "What a reader should know, e.g. 'corrects the value of 3 May'."}}}
MEASUREMENTS_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "oneOf": [_ROW, {"type": "array", "items": _ROW, "minItems": 1, "maxItems": services.MAX_BATCH}]}}}}}


def _metric(m, pk) -> Metric:
    found = faces.METRIC_ACCESS.get(METRIC, m.organization, pk, include_archived=True)
    return found


def measurement_out(metric):
    from . import status

    def out(row: Measurement) -> dict:
        return {"id": row.pk, "measured_at": row.measured_at, "value": row.value, "note": row.note,
                "source": row.source, "entered_by": row.entered_by.email if row.entered_by_id else None,
                "state": status.of(metric, row.value), "response": row.response,
                "responded_at": row.responded_at, "created_at": row.created_at}
    return out


def _body(request):
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, RecursionError):
        raise InvalidInput([{"loc": ["body"], "msg": "The request body must be a JSON object or a list of them.",
                             "type": "json_invalid"}]) from None
    problems = text.bad_strings(data)
    if problems:
        raise InvalidInput([{"loc": ["body", *path], "msg": msg, "type": "string_unicode"}
                            for path, msg in problems])
    return data


@router.get("{org}/metrics/{int:metric_pk}/measurements", response=MeasurementList,
            summary="List the measurements of a metric", description="Newest first, paged (ISO/IEC 42001 9.1).")
def list_measurements(request, org: str, metric_pk: int, page: Query[Page]):
    m = org_membership(request, org)
    metric = _metric(m, metric_pk)
    qs = Measurement.objects.filter(metric=metric).select_related("entered_by").order_by("-measured_at", "-id")
    rows, count = page_of(qs, page.offset, page.limit)
    return json_response({"items": [measurement_out(metric)(r) for r in rows], "count": count})


@router.post("{org}/metrics/{int:metric_pk}/measurements", response={201: MeasurementsAdded},
             summary="Add one measurement or a batch", openapi_extra=MEASUREMENTS_BODY,
             description="One measurement (an object) or a list of up to 1,000. Every row is checked first: a bad "
                         "row is a 422 naming the row and the field (`[\"body\", 3, \"value\"]`) and nothing is "
                         "saved. Measurements are append-only: correct a value with a new measurement and a note.")
def add_measurements(request, org: str, metric_pk: int):
    m = org_membership(request, org)
    metric = _metric(m, metric_pk)
    data = _body(request)
    batch = isinstance(data, list)
    made = services.add_measurements(m, metric, data, source=Source.API, batch=batch)
    metric = _metric(m, metric_pk)
    out = measurement_out(metric)
    return json_response({"items": [out(r) for r in made], "count": len(made),
                          "metric": faces.metric_out(metric)}, status=201)


def _measurement(metric, pk) -> Measurement:
    found = Measurement.objects.filter(metric=metric, pk=pk).select_related("entered_by").first() \
        if 0 < pk < 2**63 else None
    if found is None:
        raise Http404
    return found


@router.delete("{org}/metrics/{int:metric_pk}/measurements/{int:pk}", response={204: None},
               summary="Delete a measurement", description="AIMS managers and owners only; the audit log keeps the "
                                                           "deleted value. To correct a value, add a new measurement "
                                                           "with a note instead.")
def delete_measurement(request, org: str, metric_pk: int, pk: int):
    m = org_membership(request, org)
    services.delete_measurement(m, _measurement(_metric(m, metric_pk), pk))
    return Status(204, None)


@router.post("{org}/metrics/{int:metric_pk}/measurements/{int:pk}/response", response=MeasurementOut,
             summary="Record the response to a breach",
             description="What was done about the value (9.1, 10.2); the value itself never changes.")
def respond(request, org: str, metric_pk: int, pk: int, body: ResponseIn):
    m = org_membership(request, org)
    metric = _metric(m, metric_pk)
    row = services.respond(m, _measurement(metric, pk), body.response)
    return json_response(measurement_out(metric)(row))
