"""REST endpoints of the people records (ISO/IEC 42001 5.3, A.3.2): the records kit's routes for people,
departments, AIMS roles and role assignments (forty2/records/routes.py), and ``raci``: the RACI matrix read and
replaced as a whole, versioned (a stale ``version`` is 409 Conflict)."""

from typing import Literal

from ninja import Router, Schema
from pydantic import Field as PydanticField

from forty2.api.common import StrictSchema, json_response, org_membership
from forty2.records.routes import record_routes

from . import faces, raci
from .definitions import AIMS_ROLE, DEPARTMENT, PERSON, ROLE_ASSIGNMENT

router = Router(tags=["People and roles"])

for rt, path, prefix in ((PERSON, "people", "Person"), (DEPARTMENT, "departments", "Department"),
                         (AIMS_ROLE, "roles", "AimsRole"), (ROLE_ASSIGNMENT, "role-assignments", "RoleAssignment")):
    record_routes(router, rt, faces.ACCESS[rt.name], path=path, schema_prefix=prefix)

ProcessKey = Literal[tuple(p.key for p in raci.PROCESSES)]


class RaciCellIn(StrictSchema):
    process: ProcessKey
    role: int = PydanticField(ge=1, le=2**63 - 1, description="The id of a live AIMS role of the organisation.")
    letter: Literal["R", "A", "C", "I", ""] | None = PydanticField(
        None, description="R, A, C or I; blank or null clears the cell.")


class RaciIn(StrictSchema):
    version: int = PydanticField(ge=0, le=2**31 - 1, description="The matrix version you read (GET); a stale one "
                                                                 "is refused with 409.")
    cells: list[RaciCellIn] = PydanticField(max_length=5000)


class RaciCellOut(Schema):
    role: int
    letter: str


class RaciProcessOut(Schema):
    key: str
    number: int
    title: str
    refs: str
    complete: bool
    problem: str
    cells: list[RaciCellOut]


class RaciRoleOut(Schema):
    id: int
    name: str
    kind: str


class RaciOut(Schema):
    version: int
    roles: list[RaciRoleOut]
    processes: list[RaciProcessOut]


@router.get("{org}/raci", response=RaciOut, summary="The RACI matrix",
            description="Every AIMS process (numbered, with the clauses and controls it serves) with the letters "
                        "R, A, C, I of the live AIMS roles, and whether the process is complete: exactly one "
                        "role Accountable (A.3.2). `version` is the matrix's version.")
def get_raci(request, org: str):
    m = org_membership(request, org)
    return json_response(raci.as_dict(m.organization))


@router.put("{org}/raci", response=RaciOut, summary="Replace the RACI matrix",
            description="The whole matrix in one transaction: the cells given are set, every other cell is "
                        "cleared. `version` is the matrix version you read; a stale one answers 409 with the "
                        "current version and saves nothing. One audit event lists the cells that changed.")
def put_raci(request, org: str, body: RaciIn):
    m = org_membership(request, org)
    cells = [c.dict() for c in body.cells]
    raci.save(m, cells, version=body.version, replace=True)
    return json_response(raci.as_dict(m.organization))
