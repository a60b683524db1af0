"""API schemas of the AI system register, derived from its definitions (:mod:`forty2.inventory.definitions`)."""

from ninja import Schema

from forty2.records.filters import query_schema
from forty2.records.schemas import input_schemas, output, output_schema

from .definitions import AI_MODEL, AI_SYSTEM, DATASET, SUPPLIER


class Ref(Schema):
    id: int
    name: str


class ModelRef(Ref):
    version: str


#: Filters of the register, shared by the list and the export; an unknown value is a 422, not an empty list.
SystemQuery = query_schema(AI_SYSTEM, "System")
AISystemIn, AISystemPatch = input_schemas(AI_SYSTEM, "AISystem")
AISystemOut = output_schema(AI_SYSTEM, "AISystem", link_items={"models": ModelRef, "datasets": Ref, "suppliers": Ref})


class AISystemList(Schema):
    items: list[AISystemOut]
    count: int


system_out = output(AI_SYSTEM)

AIModelIn, AIModelPatch = input_schemas(AI_MODEL, "AIModel")
DatasetIn, DatasetPatch = input_schemas(DATASET, "Dataset")
SupplierIn, SupplierPatch = input_schemas(SUPPLIER, "Supplier")
_LINKED_OUT = {rt.model: output(rt) for rt in (AI_MODEL, DATASET, SUPPLIER)}


def linked_out(obj) -> dict:
    return _LINKED_OUT[type(obj)](obj)
