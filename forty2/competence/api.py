"""REST endpoints of competence (ISO/IEC 42001 7.2, A.4.6): the records kit's routes for requirements
(``competences``), evidence and actions, and ``competence-gaps``: the gap view by person, a page at a time."""

import datetime as dt

from ninja import Query, Router, Schema
from pydantic import Field as PydField

from forty2.api.common import Page, org_membership
from forty2.records.routes import record_routes

from . import faces, gaps
from .definitions import COMPETENCE_ACTION, COMPETENCE_EVIDENCE, COMPETENCE_REQUIREMENT
from .models import ActionStatus, RequirementKind

router = Router(tags=["Competence"])

for rt, access, path, prefix in ((COMPETENCE_REQUIREMENT, faces.REQUIREMENTS, "competences", "CompetenceRequirement"),
                                 (COMPETENCE_EVIDENCE, faces.EVIDENCE, "competence-evidence", "CompetenceEvidence"),
                                 (COMPETENCE_ACTION, faces.ACTIONS, "competence-actions", "CompetenceAction")):
    record_routes(router, rt, access, path=path, schema_prefix=prefix)


class GapFilters(Page):
    role: int | None = PydField(None, ge=1, le=2**63 - 1, description="Only this role's holders and requirements.")
    department: int | None = PydField(None, ge=1, le=2**63 - 1, description="Only people of this department.")
    person: int | None = PydField(None, ge=1, le=2**63 - 1, description="Only this person.")
    only_gaps: bool = PydField(False, description="Only people with at least one gap (an unmet mandatory "
                                                  "requirement).")
    unplanned: bool = PydField(False, description="With `only_gaps`: only gaps no open action is against.")


class GapAction(Schema):
    id: int
    kind: str
    status: ActionStatus
    owner: str | None
    due_date: dt.date | None
    overdue: bool


class GapLine(Schema):
    requirement: int
    title: str
    kind: RequirementKind
    mandatory: bool
    role: int
    met: bool
    met_by: str | None = PydField(description="`evidence`, `training` or null (not met).")
    gap: bool
    action: GapAction | None = PydField(description="The open action against the gap, if any.")


class GapRole(Schema):
    id: int
    name: str


class GapPerson(Schema):
    id: int
    name: str
    department: int | None
    roles: list[GapRole]
    gaps: int
    unplanned: int
    requirements: list[GapLine]


class GapList(Schema):
    items: list[GapPerson]
    count: int


def _line(line: gaps.Line) -> dict:
    a = line.action
    return {"requirement": line.requirement_id, "title": line.title, "kind": line.kind, "mandatory": line.mandatory,
            "role": line.role_id, "met": line.met, "met_by": line.met_by or None, "gap": line.gap,
            "action": None if a is None else {"id": a.id, "kind": a.kind, "status": a.status,
                                              "owner": a.owner.email if a.owner else None, "due_date": a.due_date,
                                              "overdue": a.overdue}}


def person_out(row: gaps.PersonGaps) -> dict:
    p = row.person
    return {"id": p.pk, "name": p.name, "department": p.department_id,
            "roles": [{"id": rid, "name": name} for rid, name in row.roles], "gaps": len(row.gaps),
            "unplanned": len(row.unplanned), "requirements": [_line(line) for line in row.lines]}


@router.get("{org}/competence-gaps", response=GapList, summary="Competence gaps by person",
            description="For every active person holding an AIMS role: each requirement of their roles in force, "
                        "whether it is met (by evidence or a training record) and the open action against a gap "
                        "(ISO/IEC 42001 7.2). People in name order, paged.")
def competence_gaps(request, org: str, filters: Query[GapFilters]):
    m = org_membership(request, org)
    page = gaps.person_page(m.organization, role=filters.role, department=filters.department,
                            person=filters.person, only_gaps=filters.only_gaps or filters.unplanned,
                            unplanned=filters.unplanned, offset=filters.offset, limit=filters.limit)
    return {"items": [person_out(r) for r in page.rows], "count": page.count}
