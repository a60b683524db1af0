"""The API of the improvement log (ISO/IEC 42001 10.1) and of "closing the loop" (10.2 from incidents, metrics
and concerns).

``/orgs/{org}/improvements`` comes from the records kit (``record_routes``); each status step is a
``POST …/improvements/{id}/<step>`` with the version read (plan, start, complete, reject, reopen). An incident, a
metric whose latest value breaches its threshold, or a concern opens a nonconformity in one call:
``POST /orgs/{org}/incidents/{id}/nonconformity`` (also ``metrics/{id}/…`` and ``concerns/{id}/…``) raises the
finding with the record as its source and answers the nonconformity's id and page.
"""

from typing import Literal

from ninja import Field, Router, Schema
from pydantic import StrictInt, create_model

from forty2.api.common import StrictSchema, json_response, org_membership
from forty2.records.routes import record_routes
from forty2.records.schemas import output_schema

from . import log_services, loop
from .log import ACCESS, IMPROVEMENT

router = Router(tags=["Continual improvement"])

ImprovementOut = create_model(
    "ImprovementOut", __base__=output_schema(IMPROVEMENT, "ImprovementBase"),
    finding=(int | None, Field(..., description="The opportunity-for-improvement finding it came from")),
    nonconformity=(int | None, Field(..., description="The closed nonconformity whose lesson it records")),
    overdue=(bool, Field(..., description="Not done or rejected, and past its due date")))

record_routes(router, IMPROVEMENT, ACCESS, path="improvements", schema_prefix="Improvement",
              schema_out=ImprovementOut)


class ImprovementStepIn(StrictSchema):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000)


class ImprovementStepNoteIn(ImprovementStepIn):
    note: str = Field(..., min_length=1, max_length=2000, pattern=r"\S", description="Why (required)")


def _step_route(step):
    body_schema = ImprovementStepNoteIn if step.note_required else ImprovementStepIn

    def view(request, org: str, pk: int, body: body_schema):
        m = org_membership(request, org)
        obj = ACCESS.get(IMPROVEMENT, m.organization, pk)
        done = log_services.improvement_step(m, obj, step.name, version=body.version, note=body.note)
        return json_response(ACCESS.shape(IMPROVEMENT, [done])[0])

    view.__name__ = f"improvement_{step.name}"
    flow = log_services.IMPROVEMENT_FLOW
    router.post("{org}/improvements/{int:pk}/" + step.name, response=ImprovementOut,
                operation_id=f"improvements_{step.name}", summary=f"{step.label} (improvement)",
                description=f"From {', '.join(flow.label(s).lower() for s in step.sources)} to "
                            f"{flow.label(step.target).lower()}. Audited.")(view)


for _step in log_services.IMPROVEMENT_FLOW.transitions.values():
    _step_route(_step)


# --- closing the loop: a nonconformity from an incident, a metric breach or a concern ------------------------------

class LoopOpenNCIn(StrictSchema):
    kind: Literal["major_nc", "minor_nc"] = Field("minor_nc", description="Major or minor nonconformity")
    title: str = Field("", max_length=200, description="Default: from the record")
    requirement_ref: str = Field("", max_length=40, description="Default: A.8.4 for an incident, 9.1 for a metric "
                                 "breach, A.3.3 for a concern")
    objective_evidence: str = Field("", max_length=10000, description="Default: from the record")


class LoopOpenNCOut(Schema):
    finding: int
    nonconformity: int
    url: str


def _open_route(source: str, path: str, noun: str):
    def view(request, org: str, pk: int, body: LoopOpenNCIn):
        m = org_membership(request, org)
        nc = loop.open_nonconformity(m, source, pk, body.dict())
        return json_response({"finding": nc.finding_id, "nonconformity": nc.pk,
                              "url": loop.nc_url(m.organization, nc)}, status=201)

    view.__name__ = f"{path}_open_nonconformity"
    router.post("{org}/" + path + "/{int:pk}/nonconformity", response={201: LoopOpenNCOut},
                operation_id=f"{path}_open_nonconformity", summary=f"Open a nonconformity from {noun}",
                description=f"Raises a finding with {noun} as its source (requirement, title and objective "
                            "evidence prefilled from the record, each can be given) and its nonconformity, in one "
                            "step (10.2). 422 when the record cannot open one (a metric not in breach).")(view)


_open_route("incident", "incidents", "an AI incident")
_open_route("metric_breach", "metrics", "a metric whose latest value breaches its threshold")
_open_route("concern", "concerns", "a concern")
