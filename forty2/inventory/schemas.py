"""API schemas of the AI system register. Enum fields are typed so OpenAPI documents the allowed values."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field, StrictBool, StrictInt

from forty2.api.common import StrictSchema

from .models import AIRole, Automation, Criticality, LifecycleStage, PersonalData, SystemStatus

Stage = Literal[tuple(LifecycleStage.values)]
Status = Literal[tuple(SystemStatus.values)]
AutomationT = Literal[tuple(Automation.values)]
PersonalDataT = Literal[tuple(PersonalData.values)]
CriticalityT = Literal[tuple(Criticality.values)]
RoleT = Literal[tuple(AIRole.values)]


TierFilter = Literal["out_of_scope", "prohibited", "high_risk", "limited_risk", "minimal_risk", "unclassified"]


class SystemQuery(Schema):
    """Filters of the register, shared by the list and the export; an unknown value is a 422, not an empty list."""

    q: str | None = Field(None, max_length=200)
    lifecycle_stage: Stage | None = None
    status: Status | None = None
    criticality: CriticalityT | None = None
    automation: AutomationT | None = None
    personal_data: PersonalDataT | None = None
    business_unit: str | None = Field(None, max_length=200)
    ai_role: RoleT | None = None
    owner: str | None = Field(None, max_length=254)
    tier: TierFilter | None = Field(None, description="EU AI Act tier, or unclassified")
    archived: bool = False
    ordering: str | None = None


class AISystemFields(StrictSchema):
    intended_use: str | None = Field(None, max_length=5000)
    description: str | None = Field(None, max_length=10000)
    business_owner: str | None = Field(None, max_length=254, description="E-mail of a member of the organisation")
    technical_owner: str | None = Field(None, max_length=254)
    business_unit: str | None = Field(None, max_length=200)
    lifecycle_stage: Stage | None = None
    ai_roles: list[RoleT] | None = Field(None, description="ISO/IEC 22989 AI roles of the organisation")
    deployment_context: str | None = Field(None, max_length=5000)
    geography: str | None = Field(None, max_length=300)
    affected_people: str | None = Field(None, max_length=5000)
    vulnerable_groups: StrictBool | None = None  # "yes" or 1 is a mistake to report, not a True to guess
    automation: AutomationT | None = None
    human_oversight: str | None = Field(None, max_length=5000)
    personal_data: PersonalDataT | None = None
    personal_data_notes: str | None = Field(None, max_length=5000)
    criticality: CriticalityT | None = None
    status: Status | None = None
    model_ids: list[StrictInt] | None = None
    dataset_ids: list[StrictInt] | None = None
    supplier_ids: list[StrictInt] | None = None


class AISystemIn(AISystemFields):
    name: str = Field(..., min_length=1, max_length=200)
    purpose: str = Field(..., min_length=1, max_length=5000, description="Purpose and intended use")


class AISystemPatch(AISystemFields):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    name: str | None = Field(None, min_length=1, max_length=200)
    purpose: str | None = Field(None, min_length=1, max_length=5000)


class Ref(Schema):
    id: int
    name: str


class ModelRef(Ref):
    version: str


class AISystemOut(Schema):
    id: int
    name: str
    purpose: str
    intended_use: str
    description: str
    business_owner: str | None
    technical_owner: str | None
    business_unit: str
    lifecycle_stage: str
    ai_roles: list[str]
    deployment_context: str
    geography: str
    affected_people: str
    vulnerable_groups: bool | None
    automation: str | None
    human_oversight: str
    personal_data: str | None
    personal_data_notes: str
    criticality: str | None
    status: str
    approved_by: str | None
    approved_at: datetime | None
    models: list[ModelRef]
    datasets: list[Ref]
    suppliers: list[Ref]
    archived: bool
    ai_act_tier: str | None = Field(None, description="EU AI Act tier of the current classification (forty2.aiact)")
    risk_profile_level: str | None = Field(None, description="low, medium, high, critical or incomplete")
    version: int
    created_at: datetime
    updated_at: datetime


class AISystemList(Schema):
    items: list[AISystemOut]
    count: int


def _links(s) -> dict:
    links = getattr(s, "links", None)
    if links is not None:  # set by queries.attach_links
        return links
    return {"models": [{"id": m.pk, "name": m.name, "version": m.model_version} for m in s.ai_models.all()],
            "datasets": [{"id": d.pk, "name": d.name} for d in s.datasets.all()],
            "suppliers": [{"id": x.pk, "name": x.name} for x in s.suppliers.all()]}


def system_out(s) -> dict:
    email = lambda u: u.email if u else None  # noqa: E731
    return {
        "id": s.pk, "name": s.name, "purpose": s.purpose, "intended_use": s.intended_use,
        "description": s.description, "business_owner": email(s.business_owner),
        "technical_owner": email(s.technical_owner), "business_unit": s.business_unit,
        "lifecycle_stage": s.lifecycle_stage, "ai_roles": list(s.ai_roles),
        "deployment_context": s.deployment_context, "geography": s.geography,
        "affected_people": s.affected_people, "vulnerable_groups": s.vulnerable_groups,
        "automation": s.automation or None, "human_oversight": s.human_oversight,
        "personal_data": s.personal_data or None, "personal_data_notes": s.personal_data_notes,
        "criticality": s.criticality or None, "status": s.status, "approved_by": email(s.approved_by),
        "approved_at": s.approved_at,
        **_links(s),
        "archived": s.archived_at is not None,
        "ai_act_tier": s.ai_act_tier or None, "risk_profile_level": s.risk_profile_level or None,
        "version": s.version, "created_at": s.created_at, "updated_at": s.updated_at,
    }


# --- linked records -----------------------------------------------------------------------------

class AIModelIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=200)
    version: str = Field("", max_length=100)
    provider: str = Field("", max_length=200)
    licence: str = Field("", max_length=200)
    model_card_url: str = Field("", max_length=500)
    description: str = Field("", max_length=5000)


class DatasetIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=200)
    source: str = Field("", max_length=300)
    provenance: str = Field("", max_length=5000)
    licence: str = Field("", max_length=200)
    personal_data: PersonalDataT = "none"
    known_biases: str = Field("", max_length=5000)


class SupplierIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=200)
    services: str = Field("", max_length=5000)
    country: str = Field("", max_length=100)
    contact: str = Field("", max_length=300)
    contract_reference: str = Field("", max_length=200)


def _patch_of(schema):
    fields = {name: (f.annotation | None, Field(None)) for name, f in schema.model_fields.items()}
    fields["version"] = (StrictInt, Field(..., description="The version you read; a stale one is refused with 409"))
    from pydantic import create_model

    return create_model(f"{schema.__name__[:-2]}Patch", __base__=StrictSchema, **fields)


AIModelPatch, DatasetPatch, SupplierPatch = (_patch_of(s) for s in (AIModelIn, DatasetIn, SupplierIn))


def linked_out(obj) -> dict:
    from .linked import ALIASES, FIELDS

    reverse = {v: k for k, v in ALIASES.get(type(obj), {}).items()}
    data = {"id": obj.pk}
    data.update({reverse.get(attr, attr): getattr(obj, attr) for attr in FIELDS[type(obj)]})
    data.update({"version": obj.version, "created_at": obj.created_at, "updated_at": obj.updated_at})
    return data
