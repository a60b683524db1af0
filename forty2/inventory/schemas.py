"""API schemas of the AI system register, derived from its definitions (:mod:`forty2.inventory.definitions`)."""

from typing import Literal

from ninja import Schema
from pydantic import Field, create_model

from forty2.records.filters import query_schema
from forty2.records.schemas import input_schemas, output, output_schema

from .definitions import AI_SYSTEM


class Ref(Schema):
    id: int
    name: str


class ModelRef(Ref):
    version: str


#: Filters of the register, shared by the list and the export; an unknown value is a 422, not an empty list.
SystemQuery = query_schema(AI_SYSTEM, "System")
AISystemIn, AISystemPatch = input_schemas(AI_SYSTEM, "AISystem")
#: the approval state the system's page shows: "stale" once the system changed after its approval (7.5.2)
ApprovalState = Literal["approved", "stale", "none"]
AISystemOut = create_model(
    "AISystemOut", __base__=output_schema(AI_SYSTEM, "AISystemRecord",
                                          link_items={"models": ModelRef, "datasets": Ref, "suppliers": Ref}),
    approval_state=(ApprovalState, Field(..., description="approved: an approval in force covers the system as it "
                                                          "is; stale: it changed since it was approved (approve it "
                                                          "again); none: no approval in force")))


_record_out = output(AI_SYSTEM)


def systems_out(systems, states: dict) -> list[dict]:
    """The API's view of systems (links attached) with their approval state (``services.approval_states``)."""
    return [{**_record_out(s), "approval_state": states[s.pk]} for s in systems]
