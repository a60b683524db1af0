"""REST endpoints of the EU AI Act classification (Regulation (EU) 2024/1689) and the risk profile.

``/api/v1/ai-act/…`` (any valid token): the questions and a stateless classification.
``/api/v1/orgs/{org}/ai-systems/{id}/ai-act`` (GET, PUT), ``…/ai-act/history``, ``…/ai-act/sign-off``,
``…/ai-systems/{id}/risk-profile`` and ``/api/v1/orgs/{org}/risk-profile``. The answers object is read as raw
JSON and checked by :func:`forty2.aiact.validation.validate_answers`, so every mistake comes back as one 422
listing every field, never a 500.
"""

import json
from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from forty2.api.common import Page, StrictSchema, WholePage, org_membership, paginate
from forty2.core.errors import InvalidInput
from forty2.inventory import queries as inventory_queries
from forty2.inventory.models import AISystem
from forty2.tenancy.access import require

from . import queries, services
from .engine import TIERS, classify
from .profile import derive_risk_profile
from .questions import QUESTIONS, relevant_questions
from .validation import ANNEX_III_LETTERS, ANSWER_FIELDS, AnswersError, validate_answers

router = Router(tags=["EU AI Act"])
org_router = Router(tags=["EU AI Act"])


def _answers_schema() -> dict:
    """JSON Schema of the answers object, for the OpenAPI document (validation itself is validate_answers)."""
    props = {}
    for name, spec in ANSWER_FIELDS.items():
        kind = spec["type"]
        if kind == "bool":
            prop = {"type": "boolean"}
        elif kind == "choice":
            prop = {"type": ["string", "null"], "enum": [*spec["choices"], None]}
        elif kind == "multi":
            prop = {"type": ["array", "null"], "items": {"enum": list(spec["choices"])}, "uniqueItems": True}
        elif kind == "number":
            prop = {"type": ["number", "null"], "minimum": 0}
        elif name == "annex_iii_point":  # every point Annex III has ('2' and '2(a)' are the same point)
            points = [f"{n}({c})" for n, letters in ANNEX_III_LETTERS.items() for c in letters]
            prop = {"type": ["string", "null"], "enum": sorted([*points, "2", "2(a)"]) + [None],
                    "examples": spec.get("examples", [])}
        else:
            prop = {"type": ["string", "null"], "pattern": spec["pattern"], "examples": spec.get("examples", [])}
        props[name] = {**prop, "description": spec["article"]}
    return {"type": "object", "properties": props, "additionalProperties": False,
            "description": "Answers to the EU AI Act questionnaire; an absent yes/no answer means no."}


ANSWERS_BODY = {"requestBody": {"required": True,
                                "content": {"application/json": {"schema": _answers_schema()}}}}


def _answers_body(request):
    try:
        return json.loads(request.body or b"null")
    except (ValueError, RecursionError):
        raise InvalidInput([{"loc": ["body"], "msg": "The request body must be a JSON object of answers.",
                             "type": "json_invalid"}]) from None


class ObligationOut(Schema):
    article: str
    duty: str
    applies_from: str = Field(..., description="ISO date from which the duty applies (Art. 113)")


class ResultOut(Schema):
    tier: Literal[TIERS]
    high_risk_route: Literal["annex_i", "annex_iii"] | None
    art6_3_exempted: bool
    transparency: list[str]
    gpai: Literal["gpai", "gpai_systemic_risk"] | None
    fria_required: bool
    articles: list[str]
    obligations: list[ObligationOut]
    reasons: list[str]


class ClassificationOut(Schema):
    id: int
    version: int = Field(..., description="1 for the system's first classification, then 2, 3, …")
    is_current: bool
    answers: dict
    result: ResultOut
    rules_version: str
    note: str
    changes: dict = Field(..., description="What changed against the previous classification")
    classified_by: str | None
    classified_at: datetime
    signed_off_by: str | None
    signed_off_at: datetime | None
    sign_off_note: str


class CurrentOut(ClassificationOut):
    history_count: int = Field(..., description="How many earlier classifications are kept")


class HistoryOut(Schema):
    items: list[ClassificationOut]
    count: int


class QuestionOut(Schema):
    key: str
    label: str
    help: str
    article: str
    type: str
    choices: list[tuple[str, str]]


class QuestionList(Schema):
    items: list[QuestionOut]
    count: int


class SignOffIn(StrictSchema):
    version: int = Field(..., description="The classification version you reviewed; another one is a 409")
    note: str = Field("", max_length=services.SIGN_OFF_NOTE_MAX)


class RiskProfileOut(Schema):
    level: Literal["low", "medium", "high", "critical", "incomplete"]
    reasons: list[str]
    missing: list[str]
    inputs: dict


class OrgProfileOut(Schema):
    total_systems: int
    in_operation: int
    by_tier: dict[str, int]
    by_profile_level: dict[str, int]
    highest_level: str | None
    high_or_critical_process_share: float
    high_or_critical_process_percent: float
    summary: str


def classification_out(c) -> dict:
    email = lambda u: u.email if u else None  # noqa: E731
    return {"id": c.pk, "version": c.version, "is_current": c.is_current, "answers": c.answers, "result": c.result,
            "rules_version": c.rules_version, "note": c.note, "changes": c.changes,
            "classified_by": email(c.created_by), "classified_at": c.created_at,
            "signed_off_by": email(c.signed_off_by), "signed_off_at": c.signed_off_at,
            "sign_off_note": c.sign_off_note}


def _current_out(org, system) -> dict:
    current = queries.current(org, system)
    if current is None:
        raise Http404
    return {**classification_out(current), "history_count": queries.history(org, system).count()}


def _system(membership, pk) -> AISystem:
    try:
        return inventory_queries.ai_system(membership.organization, pk)
    except AISystem.DoesNotExist:
        raise Http404 from None


@router.get("questions", response=QuestionList, summary="The EU AI Act questionnaire")
def list_questions(request, page: Query[WholePage]):
    return paginate(list(QUESTIONS), page, lambda q: q)


@router.post("questions/relevant", response=list[str], summary="Questions still relevant for partial answers",
             openapi_extra=ANSWERS_BODY)
def relevant(request):
    """Partial answers are checked as the classification checks them (a 422 lists every mistake)."""
    answers = _answers_body(request)
    try:
        validate_answers(answers)
    except AnswersError as exc:
        raise InvalidInput(exc.errors) from None
    return relevant_questions(answers)


@router.post("classify", response=ResultOut, summary="Classify answers without storing them",
             openapi_extra=ANSWERS_BODY)
def classify_answers(request):
    try:
        return classify(_answers_body(request)).to_dict()
    except AnswersError as exc:
        raise InvalidInput(exc.errors) from None


@org_router.get("{org}/ai-systems/{int:system_id}/ai-act", response=CurrentOut,
                summary="Current EU AI Act classification of an AI system")
def get_classification(request, org: str, system_id: int):
    m = org_membership(request, org)
    return _current_out(m.organization, _system(m, system_id))


@org_router.put("{org}/ai-systems/{int:system_id}/ai-act", response={200: CurrentOut, 201: CurrentOut},
                summary="Classify an AI system (store answers and result)", openapi_extra=ANSWERS_BODY)
def put_classification(request, org: str, system_id: int):
    """201 for the first classification, 200 after; identical answers store nothing (200, same version)."""
    m = org_membership(request, org)
    system = _system(m, system_id)
    require(m, "edit_record", system)
    row, stored = services.classify_system(m, system, _answers_body(request))
    return Status(201 if stored and row.version == 1 else 200, _current_out(m.organization, system))


@org_router.get("{org}/ai-systems/{int:system_id}/ai-act/history", response=HistoryOut,
                summary="Earlier EU AI Act classifications of an AI system")
def get_history(request, org: str, system_id: int, page: Query[Page]):
    m = org_membership(request, org)
    return paginate(queries.history(m.organization, _system(m, system_id)), page, classification_out)


@org_router.post("{org}/ai-systems/{int:system_id}/ai-act/sign-off", response=CurrentOut,
                 summary="Sign off the current EU AI Act classification")
def post_sign_off(request, org: str, system_id: int, body: SignOffIn):
    m = org_membership(request, org)
    system = _system(m, system_id)
    services.sign_off(m, system, version=body.version, note=body.note)
    return _current_out(m.organization, system)


@org_router.get("{org}/ai-systems/{int:system_id}/risk-profile", response=RiskProfileOut,
                summary="Risk profile of an AI system")
def get_risk_profile(request, org: str, system_id: int):
    m = org_membership(request, org)
    inputs = services.profile_inputs(_system(m, system_id))
    return {**derive_risk_profile(inputs), "inputs": inputs}


@org_router.get("{org}/risk-profile", response=OrgProfileOut,
                summary="Degree of AI integration and risk of the organisation")
def get_org_profile(request, org: str):
    m = org_membership(request, org)
    return queries.org_profile(m.organization)
