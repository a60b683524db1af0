"""The API of the certification project plan and of planned changes (issue #19 items 7, 8; ISO/IEC 42001 6.3).

``GET /orgs/{org}/plan``: the phases with their estimated weeks and reasons, planned and actual dates, the
profile the estimate read and the expected certification date (before a plan is saved: the estimate it would
start from, ``saved`` false, version 0). ``PUT /orgs/{org}/plan``: create it (version 0) or change its start, its
declared certificates and phases' planned dates (a stale version is a 409). ``POST /orgs/{org}/plan/re-estimate``:
estimate again, keeping the dates a person set unless ``keep_manual`` is false. ``/orgs/{org}/changes`` comes from
the records kit, with one ``POST …/{id}/<step>`` per workflow step. ``GET /orgs/{org}/path``: the path to
certification (item 9), the same :func:`forty2.planning.path.path` as the overview page's first panel.
"""

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Router, Schema
from pydantic import StrictBool, StrictInt, create_model

from forty2.api.common import StrictSchema, json_response, org_membership
from forty2.core.errors import StaleVersion
from forty2.records.routes import record_routes
from forty2.records.schemas import output_schema

from . import changes
from . import path as path_of
from . import plan as plans
from .definitions import PLANNED_CHANGE
from .estimator import CERTIFICATES
from .faces import ACCESS

router = Router(tags=["Project plan and planned changes"])

PhaseKey = Literal[tuple(plans.PHASE_KEYS)]
Certificate = Literal[CERTIFICATES]


class PhaseOut(Schema):
    key: str
    label: str
    estimated_weeks: int
    reasons: list[str]
    planned_start: date
    planned_end: date
    manual: bool = Field(..., description="Dated by a person: kept when the plan is re-estimated")
    actual_start: date | None
    actual_end: date | None
    state: str


class PlanOut(Schema):
    saved: bool
    version: int
    start_on: date
    declared_certificates: list[str]
    profile: dict
    estimated_at: datetime | None
    total_weeks: int
    planned_end: date
    decision_on: date | None
    expected_certification: date
    phases: list[PhaseOut]


class PhaseIn(StrictSchema):
    key: PhaseKey
    planned_start: date | None = None
    planned_end: date | None = None
    reset: StrictBool = Field(False, description="Give the phase back to the estimate (its dates follow again)")


class PlanIn(StrictSchema):
    version: int = Field(..., ge=0, description="The version you read; 0 creates the plan")
    start_on: date | None = None
    declared_certificates: list[Certificate] | None = Field(None, max_length=2)
    phases: list[PhaseIn] | None = Field(None, max_length=6)


class ReEstimateIn(StrictSchema):
    version: int = Field(..., ge=1, description="The version you read; a stale one is refused with 409")
    keep_manual: StrictBool = Field(True, description="Keep the planned dates a person set")


def plan_out(org, plan=None) -> dict:
    data = plans.view(org, plan)
    phases = [{"key": p.key, "label": p.label, "estimated_weeks": p.estimated_weeks, "reasons": p.reasons,
               "planned_start": p.planned_start, "planned_end": p.planned_end, "manual": p.manual,
               "actual_start": p.actual_start, "actual_end": p.actual_end, "state": p.state} for p in data["phases"]]
    keys = ("saved", "version", "start_on", "declared_certificates", "profile", "estimated_at", "total_weeks",
            "planned_end", "decision_on", "expected_certification")
    return {**{k: data[k] for k in keys}, "phases": phases}


@router.get("{org}/plan", response=PlanOut, operation_id="get_plan", summary="The project plan and timeline",
            description="Phases with estimated weeks and the reasons, planned and actual dates (actuals from the "
                        "records' own dates), and the expected certification date.")
def get_plan(request, org: str):
    return json_response(plan_out(org_membership(request, org).organization))


@router.put("{org}/plan", response=PlanOut, operation_id="put_plan", summary="Create or change the project plan",
            description="Version 0 creates the plan from today's estimate; otherwise the version you read (409 when "
                        "stale). A phase given planned dates keeps them (`manual`); `reset` gives it back to the "
                        "estimate. Owners and AIMS managers.")
def put_plan(request, org: str, body: PlanIn):
    m = org_membership(request, org)
    current = plans.get(m.organization)
    phases = [p.dict() for p in body.phases] if body.phases is not None else None
    if current is None and body.version == 0:
        current = plans.create(m, start_on=body.start_on, declared_certificates=body.declared_certificates or ())
        if phases:
            current = plans.update(m, current, version=current.version, phases=phases)
    elif current is None:
        raise StaleVersion(0, body.version)  # no plan yet: version 0 creates it
    else:
        current = plans.update(m, current, version=body.version, start_on=body.start_on,
                               declared_certificates=body.declared_certificates, phases=phases)
    return json_response(plan_out(m.organization, current))


@router.post("{org}/plan/re-estimate", response=PlanOut, operation_id="re_estimate_plan",
             summary="Estimate the plan again from today's profile",
             description="Planned dates a person set stay unless `keep_manual` is false. Audited.")
def re_estimate(request, org: str, body: ReEstimateIn):
    m = org_membership(request, org)
    current = plans.get(m.organization)
    if current is None:
        raise Http404("The organisation has no project plan yet.")
    current = plans.re_estimate(m, current, version=body.version, keep_manual=body.keep_manual)
    return json_response(plan_out(m.organization, current))


# --- planned changes (6.3) --------------------------------------------------------------------------------------

ChangeOut = create_model("PlannedChangeOut", __base__=output_schema(PLANNED_CHANGE, "PlannedChangeBase"),
                         approval_state=(str, ...), approved_at=(datetime | None, ...))
record_routes(router, PLANNED_CHANGE, ACCESS, path="changes", schema_prefix="PlannedChange", schema_out=ChangeOut)


class StepIn(StrictSchema):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000)


class StepWithNoteIn(StepIn):
    note: str = Field(..., min_length=1, max_length=2000, pattern=r"\S", description="Why (required)")


def _step_routes():
    for t in changes.CHANGE_FLOW.transitions.values():
        def make(step=t):
            body_schema = StepWithNoteIn if step.note_required else StepIn

            def view(request, org: str, pk: int, body: body_schema):
                m = org_membership(request, org)
                obj = ACCESS.get(PLANNED_CHANGE, m.organization, pk)
                done = changes.change_step(m, obj, step.name, version=body.version, note=body.note)
                return json_response(ACCESS.shape(PLANNED_CHANGE, [done])[0])

            view.__name__ = f"changes_{step.name}"
            router.post("{org}/changes/{int:pk}/" + step.name, response=ChangeOut,
                        operation_id=f"changes_{step.name}", summary=f"{step.label} (planned change)",
                        description=f"From {', '.join(changes.CHANGE_FLOW.label(s).lower() for s in step.sources)} "
                                    f"to {changes.CHANGE_FLOW.label(step.target).lower()}. Audited.")(view)
        make()


_step_routes()


# --- the path to certification (issue #19 item 9) -------------------------------------------------------------


class PathPhaseOut(Schema):
    key: str = Field(..., description="The certification's status once decided (certified, suspended), a "
                                      "certification audit under way (stage1, stage2), else the plan's phase")
    label: str
    state: str


class PathDateOut(Schema):
    kind: Literal["expected_certification", "surveillance", "recertification", "expiry"]
    label: str
    date: date


class PathItemOut(Schema):
    kind: Literal["stage1", "blocker", "certification", "work"]
    title: str
    detail: str = Field(..., description="What is missing, in plain words")
    why: str = Field(..., description="Why it matters")
    ref: str = Field(..., description="The clause (or certification rule) it serves; empty for My work items")
    url: str | None = Field(..., description="The page that fixes it; null when your role may not open it")
    action: str = Field(..., description="Fix, Open or View: what your role may do there")
    due: date | None


class PathOut(Schema):
    certified: bool
    ready: bool = Field(..., description="No stage 1 item open and no readiness blocker: the strict checks pass")
    headline: str
    phase: PathPhaseOut
    readiness: int = Field(..., description="The readiness score, 0-100")
    blockers: int = Field(..., description="Stage 1 items not done")
    stage1_total: int
    readiness_blockers: int
    next_date: PathDateOut
    items: list[PathItemOut] = Field(..., description="The next three things to do, in priority order")
    more: int = Field(..., description="How many more things are waiting beyond these three")
    done_message: str
    done_url: str | None
    readiness_url: str
    plan_url: str


@router.get("{org}/path", response=PathOut, operation_id="get_path", summary="The path to certification",
            description="Where the organisation stands (phase, readiness, stage 1 items open, next certification "
                        "date) and the next three things to do: stage 1 items in the order a certification body "
                        "asks, other readiness blockers, certification audits due, then your overdue My work. "
                        "The same data as the overview page's first panel.")
def get_path(request, org: str):
    return json_response(path_of.path(org_membership(request, org)))
