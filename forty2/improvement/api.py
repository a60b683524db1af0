"""The API of findings, nonconformities and corrective actions (ISO/IEC 42001 9.2.1, 10.2).

``/orgs/{org}/findings``, ``/nonconformities`` and ``/corrective-actions`` come from the records kit
(``record_routes``): a nonconformity is opened by raising a finding of kind ``major_nc`` or ``minor_nc``, so it
has no create, import or delete of its own. Each step is ``POST …/{id}/steps/{step}`` with the version read and
the step's data: ``correct`` (``correction``), ``analyse`` (``cause_method`` with ``whys`` or ``categories``,
``cause_summary``, ``similar_elsewhere``, ``similar_note``), ``start_actions``, ``submit``, ``close`` and
``ineffective_actions`` / ``ineffective_analysis`` (the verification's ``note``), ``reopen`` /
``reopen_analysis`` (``note``). Every step is audited.
"""

from typing import Literal

from ninja import Field, Router
from pydantic import StrictBool, StrictInt, create_model

from forty2.api.common import StrictSchema, json_response, org_membership
from forty2.records.routes import record_routes
from forty2.records.schemas import output_schema

from . import services
from .definitions import CORRECTIVE_ACTION, FINDING, NONCONFORMITY
from .faces import ACTION_ACCESS, FINDING_ACCESS, NC_ACCESS

router = Router(tags=["Findings, nonconformities and corrective actions"])

FindingOut = output_schema(FINDING, "Finding")
record_routes(router, FINDING, FINDING_ACCESS, path="findings", schema_prefix="Finding", schema_out=FindingOut)

NonconformityOut = create_model(
    "NonconformityOut", __base__=output_schema(NONCONFORMITY, "NonconformityBase"), title=(str, ...),
    requirement_ref=(str, ...), root_cause=(dict, Field(..., description="{\"whys\": [...]} or "
                                                               "{\"categories\": [...]}")),
    raised_by=(str | None, ...))
record_routes(router, NONCONFORMITY, NC_ACCESS, path="nonconformities", schema_prefix="Nonconformity",
              schema_out=NonconformityOut, skip=("create", "import", "delete"))

ActionOut = output_schema(CORRECTIVE_ACTION, "CorrectiveAction")
record_routes(router, CORRECTIVE_ACTION, ACTION_ACCESS, path="corrective-actions", schema_prefix="CorrectiveAction",
              schema_out=ActionOut)


class FindingStepIn(StrictSchema):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000, description="Required to verify, to find not effective and to reopen")


class NonconformityStepIn(FindingStepIn):
    correction: str | None = Field(None, max_length=5000, description="correct: the correction made (10.2 a)")
    cause_method: Literal["five_whys", "categories"] | None = Field(None, description="analyse")
    whys: list[str] | None = Field(None, max_length=services.MAX_WHYS, description="analyse, five whys: 1-5")
    categories: list[Literal[tuple(services.CAUSE_CATEGORIES)]] | None = Field(
        None, description="analyse, cause categories")
    cause_summary: str | None = Field(None, max_length=5000, description="analyse: the root cause")
    similar_elsewhere: StrictBool | None = Field(None, description="analyse: 10.2 b, do similar "
                                                                   "nonconformities exist or could they occur?")
    similar_note: str | None = Field(None, max_length=2000, description="analyse: 10.2 b note")


class CorrectiveActionStepIn(FindingStepIn):
    outcome: str | None = Field(None, max_length=5000, description="done: what was done and what it changed")


@router.post("{org}/nonconformities/{int:pk}/steps/{step}", response=NonconformityOut,
             operation_id="nonconformities_step", summary="Take a step of a nonconformity (10.2)",
             description="correct → analyse → start_actions → submit → close (or ineffective_actions / "
                         "ineffective_analysis); reopen / reopen_analysis. The verifier is neither an action owner "
                         "nor whoever raised the finding (403), and verifies no sooner than verify_after (409).")
def nonconformity_step(request, org: str, pk: int, step: Literal[tuple(services.NC_FLOW.transitions)],
                       body: NonconformityStepIn):
    m = org_membership(request, org)
    obj = NC_ACCESS.get(NONCONFORMITY, m.organization, pk)
    data = body.dict(exclude={"version", "note"})
    done = services.nc_step(m, obj, step, version=body.version, note=body.note, data=data)
    return json_response(NC_ACCESS.shape(NONCONFORMITY, [NC_ACCESS.get(NONCONFORMITY, m.organization, done.pk)])[0])


@router.post("{org}/corrective-actions/{int:pk}/steps/{step}", response=ActionOut,
             operation_id="corrective_actions_step", summary="Take a step of a corrective action",
             description="start, done (needs the outcome), cancel (note), reopen (note). Audited.")
def action_step(request, org: str, pk: int, step: Literal[tuple(services.ACTION_FLOW.transitions)],
                body: CorrectiveActionStepIn):
    m = org_membership(request, org)
    obj = ACTION_ACCESS.get(CORRECTIVE_ACTION, m.organization, pk)
    done = services.action_step(m, obj, step, version=body.version, note=body.note, outcome=body.outcome)
    return json_response(ACTION_ACCESS.shape(CORRECTIVE_ACTION, [done])[0])


@router.post("{org}/findings/{int:pk}/steps/{step}", response=FindingOut, operation_id="findings_step",
             summary="Close or reopen an observation or opportunity for improvement",
             description="A nonconformity's finding closes and reopens with its nonconformity (409).")
def finding_step(request, org: str, pk: int, step: Literal[tuple(services.FINDING_FLOW.transitions)],
                 body: FindingStepIn):
    m = org_membership(request, org)
    obj = FINDING_ACCESS.get(FINDING, m.organization, pk)
    done = services.finding_step(m, obj, step, version=body.version, note=body.note)
    return json_response(FINDING_ACCESS.shape(FINDING, [done])[0])
