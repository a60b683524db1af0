"""API schemas of the risk app, derived from its definitions (:mod:`forty2.risk.definitions`)."""

from typing import Literal

from ninja import Schema
from pydantic import Field, StrictBool

from forty2.api.common import NOT_BLANK, Id, JsonInt, StrictSchema
from forty2.records.filters import query_schema
from forty2.records.schemas import input_schemas, output, output_schema
from forty2.tenancy.models import Role

from .definitions import ACTION, IMPACT, IMPACT_ASSESSMENT, RISK, RUN
from .models import Level


class Ref(Schema):
    id: int
    name: str


_RiskQuery = query_schema(RISK, "Risk")


class RiskQuery(_RiskQuery):
    system: int | None = Field(None, ge=1, description="Only risks of this AI system (id)")
    level: Literal[tuple(Level.values)] | None = Field(None, description="Residual level, else inherent")
    overdue: bool = Field(False, description="Only risks whose next review date has passed")
    reassessment_due: bool = Field(False, description="Only risks flagged for re-assessment")


RiskIn, RiskPatch = input_schemas(RISK, "Risk")
RiskOut = output_schema(RISK, "Risk", link_items={"ai_systems": Ref})
_risk_out = output(RISK)


def risk_out(risk) -> dict:
    data = _risk_out(risk)
    data["reassessment_due"] = bool(risk.reassessment_due)
    data["methodology_version"] = risk.methodology.number
    data["source_assessment"] = risk.source_assessment_id
    return data


class RiskList(Schema):
    items: list[RiskOut]
    count: int


ActionIn, ActionPatch = input_schemas(ACTION, "RiskAction")
action_out = output(ACTION)

_IAQuery = query_schema(IMPACT_ASSESSMENT, "ImpactAssessment")


class AssessmentQuery(_IAQuery):
    system: int | None = Field(None, ge=1, description="Only assessments of this AI system (id)")
    reassessment_due: bool = False


_IAIn, AssessmentPatch = input_schemas(IMPACT_ASSESSMENT, "ImpactAssessment")


class AssessmentIn(_IAIn):
    ai_system: Id = Field(..., description="Id of the AI system assessed")


_ia_out = output(IMPACT_ASSESSMENT)
ImpactIn, ImpactPatch = input_schemas(IMPACT, "Impact")
impact_out = output(IMPACT)

RunIn, _RunPatch = input_schemas(RUN, "RiskAssessment")
_run_out = output(RUN)


class VersionNote(StrictSchema):
    version: JsonInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000)


_Level = Literal[tuple(Level.values)]


class ScaleLevel(StrictSchema):
    """One level of a likelihood or consequence scale (ISO/IEC 42001 6.1.2 c: criteria for assessing risks)."""

    label: str = Field(..., max_length=100, pattern=NOT_BLANK)
    description: str | None = Field(None, max_length=1000)
    by_dimension: dict[str, str] | None = Field(None, description="The level's meaning per consequence dimension")


class AcceptanceRule(StrictSchema):
    """Who may accept a risk of one level (ISO/IEC 42001 6.1.2 b: risk acceptance criteria)."""

    acceptable: StrictBool | None = None
    risk_owner: StrictBool | None = None
    roles: list[Literal[Role.OWNER.value, Role.AIMS_MANAGER.value, Role.CONTRIBUTOR.value]] | None = None


class Dimension(StrictSchema):
    key: str | None = Field(None, max_length=40)
    label: str = Field(..., max_length=100, pattern=NOT_BLANK)
    description: str | None = Field(None, max_length=500)


#: a scale has 3 to 5 levels, lowest first; the matrix one row per likelihood level of one level per consequence
#: level; acceptance is keyed by level. The counts and keys are stated here for the document and checked by the
#: service (risk/methodology.py check_structure), whose messages name the rule ("Give 3 to 5 levels").
_Scale = Field(None, description="3 to 5 levels, lowest first", json_schema_extra={"minItems": 3, "maxItems": 5})


class MethodologyIn(StrictSchema):
    """A risk methodology version; a part left out is taken from the version it starts from. ``null`` is not a
    value of any part (leave it out instead)."""

    name: str = Field(None, max_length=200, json_schema_extra={"pattern": NOT_BLANK})
    notes: str = Field(None, max_length=5000)
    likelihood_scale: list[ScaleLevel] = _Scale
    consequence_scale: list[ScaleLevel] = _Scale
    matrix: list[list[_Level]] = Field(None, description="One row per likelihood level (lowest first), one cell per "
                                                         "consequence level", json_schema_extra={
        "minItems": 3, "maxItems": 5, "items": {"type": "array", "minItems": 3, "maxItems": 5,
                                                "items": {"enum": list(Level.values), "type": "string"}}})
    acceptance: dict[str, AcceptanceRule | None] = Field(None, description="Who may accept a risk, per level",
                                                         json_schema_extra={"propertyNames": {
                                                             "enum": list(Level.values)}})
    dimensions: list[Dimension] = Field(None, min_length=1)
    review_interval_days: JsonInt = Field(None, description="From 30 to 1095 days",
                                          json_schema_extra={"minimum": 30, "maximum": 1095})
    impact_four_eyes: StrictBool = None


class MethodologyPatch(MethodologyIn):
    version: JsonInt


class AdoptIn(StrictSchema):
    ai_system_ids: list[Id] = Field(default_factory=list)
    owner: str | None = Field(None, max_length=254)


def approval_out(state) -> dict | None:
    a = state.approval
    if a is None:
        return None
    return {"approved_by": a.approved_by.email if a.approved_by_id else None, "approved_at": a.approved_at,
            "subject_version": a.subject_version, "note": a.note, "stale": state.stale}


def assessment_out(ia, *, state=None, impacts=None) -> dict:
    data = _ia_out(ia)
    data["ai_system"] = {"id": ia.ai_system_id, "name": ia.ai_system.name}
    data["reassessment_due"] = bool(ia.reassessment_due)
    data["last_edited_by"] = ia.last_edited_by.email if ia.last_edited_by_id else None
    if state is not None:
        data["approval"] = approval_out(state)
        data["approval_state"] = state.word  # as the assessment's page and list read it
    if impacts is not None:
        data["impacts"] = [impact_out(i) for i in impacts]
    return data


def run_out(run, *, full: bool = True) -> dict:
    data = _run_out(run)
    data["methodology_version"] = run.methodology.number
    data["previous"] = run.previous_id
    data["risk_count"] = len(run.results)
    if full:
        data["results"] = run.results
        data["changes"] = run.changes
    return data
