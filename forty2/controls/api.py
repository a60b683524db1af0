"""REST endpoints of the SoA, the clause assessments and readiness (ISO/IEC 42001 6.1.3 f, 9.1, 9.2).

/api/v1/orgs/{org}/soa, /soa/{ref}, /soa/versions, /soa/versions/compare, /soa/export, /clause-assessments,
/clause-assessments/{ref}, /readiness.
"""

import datetime as dt
from typing import Annotated, Literal

from django.http import Http404, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from forty2.api.common import (
    PATCH_ANSWERS,
    Id,
    JsonInt,
    Page,
    StrictSchema,
    WholePage,
    enum_from,
    json_response,
    org_membership,
    paginate,
    patch_version,
)
from forty2.catalog.models import Requirement
from forty2.records.schemas import input_schemas

from . import clauses, justifications, queries, readiness, register_rules, services
from .definitions import SOA_ENTRY
from .importexport import export_soa
from .models import SoAEntry, SoAVersion

router = Router(tags=["Statement of Applicability and readiness"])

SoAEntryIn, SoAEntryPatch = input_schemas(SOA_ENTRY, "SoAEntry")


class LinkOut(Schema):
    id: int
    record_type: str
    object_id: int
    name: str
    note: str


class SoAEntryOut(Schema):
    id: int
    ref: str
    title: str
    group: str
    own: bool
    applicable: bool | None
    justification: str
    status: str
    owner: str | None
    implementation: str
    last_reviewed: dt.date | None
    justification_links: list[LinkOut]
    evidence_count: int
    suggestion: dict | None
    version: int
    updated_at: dt.datetime


class SoAState(Schema):
    version: int
    approved_version: int | None
    approved_at: dt.datetime | None
    approved_by: str | None
    stale: bool
    changes_since_approved: int | None
    shared_justifications: list[dict] = []
    register_contradictions: list[dict] = []


class SoAList(Schema):
    items: list[SoAEntryOut]
    count: int
    soa: SoAState


class SoAFilters(Page):
    applicable: Literal["true", "false", "undecided"] | None = None
    status: Literal["not_started", "planned", "partial", "implemented"] | None = None
    group: str | None = Field(None, max_length=20)
    q: str | None = Field(None, max_length=200)
    suggestion: Literal["pending", "confirmed", "rejected"] | None = None


def _soa_state(org, soa, entries=None) -> dict:
    entries = entries if entries is not None else services.frozen_entries(org)
    state = services.approval_state(org, entries, soa)
    last = SoAVersion.objects.for_org(org).select_related("approved_by").first() if state.approval else None
    changes = services.changes_since_approved(org, entries, last) if last else None
    return {"version": soa.version, "approved_version": last.number if last else None,
            "approved_at": last.approved_at if last else None,
            "approved_by": last.approved_by.email if last and last.approved_by_id else None,
            "stale": state.stale, "changes_since_approved": len(changes) if changes is not None else None,
            "shared_justifications": services.shared_justifications(entries),
            "register_contradictions": register_rules.contradictions(org, entries)}


def _entry(m, ref) -> SoAEntry:
    try:
        return queries.entry(m.organization, ref)
    except SoAEntry.DoesNotExist:
        raise Http404 from None


@router.get("{org}/soa/export", summary="Export the SoA (CSV or XLSX)", response={200: None})
def soa_export(request, org: str, format: Literal["csv", "xlsx"] = "csv"):
    m = org_membership(request, org)
    data, content_type, name = export_soa(m, format)  # the service checks the export permission
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class VersionSummary(Schema):
    number: int
    soa_version: int
    approved_by: str | None
    approved_at: dt.datetime
    note: str
    entries: int


class VersionList(Schema):
    items: list[VersionSummary]
    count: int
    changes_since_approved: list[dict] | None


def _version_summary(v: SoAVersion) -> dict:
    return {"number": v.number, "soa_version": v.soa_version, "approved_at": v.approved_at, "note": v.note,
            "approved_by": v.approved_by.email if v.approved_by_id else None, "entries": len(v.entries)}


@router.get("{org}/soa/versions", response=VersionList, summary="Approved SoA versions",
            description="Every approved version, newest first, and what changed since the last one.")
def soa_versions(request, org: str, page: Query[Page]):
    m = org_membership(request, org)
    qs = SoAVersion.objects.for_org(m.organization).select_related("approved_by")
    return json_response({**paginate(qs, page, _version_summary),
                          "changes_since_approved": services.changes_since_approved(m.organization)})


class SoAApproveIn(StrictSchema):
    note: str = Field("", max_length=2000)
    soa_version: JsonInt | None = Field(None, description="The SoA version you reviewed; a newer one is a 409")


@router.post("{org}/soa/versions", response={201: dict}, summary="Approve the SoA (freeze a version)",
             description="Freezes the SoA as it is now (ISO/IEC 42001 6.1.3 f, 7.5.2). Refused (422) while any "
                         "control is undecided or excluded without a justification. Owners and AIMS managers.")
def soa_approve(request, org: str, body: SoAApproveIn):
    m = org_membership(request, org)
    v = services.approve_soa(m, note=body.note, soa_version=body.soa_version)
    return json_response({**_version_summary(v), "entries": v.entries}, status=201)


#: a version of the SoA as the comparison names it (an unknown number is a 422 naming it)
VersionName = Annotated[str, Field(pattern=r"^([0-9]{1,9}|approved|current)$")]


@router.get("{org}/soa/versions/compare", summary="Compare two SoA versions",
            description="`a` and `b` are version numbers, `approved` (the last approved) or `current`.")
def soa_compare(request, org: str, a: VersionName = "approved", b: VersionName = "current"):
    m = org_membership(request, org)
    return json_response({"a": a, "b": b, "differences": services.compare(
        services.version_entries(m.organization, a), services.version_entries(m.organization, b))})


@router.get("{org}/soa/versions/{int:number}", summary="One approved SoA version with its frozen entries")
def soa_version(request, org: str, number: int):
    m = org_membership(request, org)
    v = SoAVersion.objects.for_org(m.organization).filter(number=number).first()
    if v is None:
        raise Http404
    return json_response({**_version_summary(v), "entries": v.entries})


@router.get("{org}/soa", response=SoAList, summary="The Statement of Applicability",
            description="Every Annex A control (all 38) and the organisation's own controls, in SoA order, paged "
                        "like every list (`limit`, `offset`; `count` is the number of entries matching the "
                        "filters); `soa` is the state of the whole SoA.")
def soa_list(request, org: str, filters: Query[SoAFilters]):
    m = org_membership(request, org)
    soa = services.ensure_soa(m.organization)
    params = filters.dict(exclude={"limit", "offset"})
    rows = list(queries.entries(m.organization, soa=soa, **params))
    whole = not any(params.values()) and filters.offset == 0 and filters.limit >= len(rows)
    page = queries.attach(m.organization, rows[filters.offset: filters.offset + filters.limit])
    frozen = services.frozen_from(page) if whole else None  # the whole SoA was read: no second read for its state
    return json_response({"items": [queries.entry_out(e) for e in page], "count": len(rows),
                          "soa": _soa_state(m.organization, soa, frozen)})


@router.post("{org}/soa", response={201: SoAEntryOut}, summary="Add an own control to the SoA")
def soa_create(request, org: str, body: SoAEntryIn):
    m = org_membership(request, org)
    e = services.create_own_control(m, body.dict(exclude_unset=True))
    return json_response(queries.entry_out(queries.entry(m.organization, e.ref)), status=201)


@router.get("{org}/soa/{ref}", response=SoAEntryOut, summary="One SoA entry")
def soa_get(request, org: str, ref: str):
    m = org_membership(request, org)
    return json_response(queries.entry_out(_entry(m, ref)))


@router.patch("{org}/soa/{ref}", response=SoAEntryOut, summary="Change an SoA entry",
              description="Excluding a control (`applicable: false`) needs a `justification` (422 otherwise).",
              openapi_extra=PATCH_ANSWERS)
def soa_patch(request, org: str, ref: str, body: SoAEntryPatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, ref)
    e = services.update_entry(m, _entry(m, ref), data, version=version)
    return json_response(queries.entry_out(queries.entry(m.organization, e.ref)))


@router.delete("{org}/soa/{ref}", response={204: None}, summary="Remove an own control")
def soa_delete(request, org: str, ref: str):
    m = org_membership(request, org)
    services.delete_own_control(m, _entry(m, ref))
    return Status(204, None)


class JustificationLinkIn(StrictSchema):
    record_type: str = Field(..., max_length=40, json_schema_extra=enum_from(lambda: justifications.TARGETS))
    object_id: Id
    note: str = Field("", max_length=300)


@router.post("{org}/soa/{ref}/links", response={201: SoAEntryOut}, summary="Link a justification",
             description="Link the risk, impact assessment, AI system or requirement that calls for the control.")
def soa_link(request, org: str, ref: str, body: JustificationLinkIn):
    m = org_membership(request, org)
    services.link_justification(m, _entry(m, ref), body.record_type, body.object_id, body.note)
    return json_response(queries.entry_out(queries.entry(m.organization, ref)), status=201)


@router.delete("{org}/soa/{ref}/links/{int:link_id}", response={204: None}, summary="Remove a justification link")
def soa_unlink(request, org: str, ref: str, link_id: int):
    m = org_membership(request, org)
    services.unlink_justification(m, _entry(m, ref), link_id)
    return Status(204, None)


class SuggestionIn(StrictSchema):
    action: Literal["confirm", "reject"]
    note: str = Field("", max_length=300)


@router.post("{org}/soa/{ref}/suggestion", response=SoAEntryOut, summary="Confirm or reject an inferred entry",
             description="An entry inferred from an imported ISO/IEC 27001 SoA stays a suggestion until confirmed.")
def soa_suggestion(request, org: str, ref: str, body: SuggestionIn):
    m = org_membership(request, org)
    e = _entry(m, ref)
    if body.action == "confirm":
        services.confirm_suggestion(m, e)
    else:
        services.reject_suggestion(m, e, body.note)
    return json_response(queries.entry_out(queries.entry(m.organization, ref)))


class ContradictionAnswerIn(StrictSchema):
    justification: str = Field(..., min_length=20, max_length=2000,
                               description="Why the exclusion holds although the register contradicts it.")


class ContradictionOut(Schema):
    ref: str
    message: str
    answered: bool
    answer: str


@router.post("{org}/soa/{ref}/contradiction-answer", response=ContradictionOut,
             summary="Answer an exclusion the register contradicts",
             description="An exclusion the AI register contradicts blocks the SoA's approval until a person records "
                         "why it holds (6.1.3 f); the answer is audited and the contradiction stays a warning.")
def soa_contradiction_answer(request, org: str, ref: str, body: ContradictionAnswerIn):
    m = org_membership(request, org)
    return services.answer_contradiction(m, _entry(m, ref), body.justification)


# --- clause assessments ---------------------------------------------------------------------------------------

class CheckOut(Schema):
    code: str
    label: str
    managed: bool
    ok: bool
    outcome: Literal["passes", "fails", "needs_review"] = Field(
        description="needs_review: a record kind Forty2 does not hold, with valid evidence linked (never passes)")
    gap: str
    fix_url: str = Field(description="The page that fixes it (empty when it passes)")


class ClauseOut(Schema):
    ref: str
    title: str
    status: str = Field(description="The declared status, or not_conforming while a nonconformity is open")
    declared_status: str = Field(description="The status the person declared in the clause assessment")
    conflict: bool = Field(description="Declared conforming or partial while a check fails")
    effective_status: str = Field(description="The status that counts (readiness): not_conforming on an open "
                                              "nonconformity or a conflict, needs_review when a declared conformity "
                                              "rests on evidence a person must review, else the declared status")
    source: str | None
    note: str
    owner: str | None
    documented_information: list[str]
    checks: list[CheckOut]
    evidence_count: int
    version: int


class ClauseList(Schema):
    items: list[ClauseOut]
    count: int


def clause_out(row) -> dict:
    a = row.assessment
    return {"ref": row.ref, "title": row.requirement.title,
            "status": "not_conforming" if row.nonconforming else row.declared_status,
            "declared_status": row.declared_status, "conflict": row.conflict,
            "effective_status": row.effective_status,
            "source": row.status.source if row.status else None, "note": row.note,
            "owner": a.owner.email if a.owner_id else None,
            "documented_information": list(row.requirement.documented_information or []),
            "checks": [{"code": c.check.code, "label": c.check.label, "managed": c.check.managed, "ok": c.ok,
                        "outcome": c.outcome, "gap": c.gap, "fix_url": c.fix_url} for c in row.checks],
            "evidence_count": row.evidence_count, "version": a.version}


@router.get("{org}/clause-assessments", response=ClauseList, summary="The clause-by-clause gap assessment",
            description="The 32 assessable clauses of ISO/IEC 42001 with status, owner, evidence and checks.")
def clause_list(request, org: str, page: Query[WholePage]):
    m = org_membership(request, org)
    return json_response(paginate(list(clauses.clause_rows(m.organization)), page, clause_out))


class ClausePatch(StrictSchema):
    status: Literal["conforming", "partial", "not_conforming", "not_assessed"] | None = None
    note: str | None = Field(None, max_length=5000)
    owner: str | None = Field(None, max_length=254, description="E-mail of a member")
    version: JsonInt


@router.get("{org}/clause-assessments/{ref}", response=ClauseOut, summary="One clause assessment")
def clause_get(request, org: str, ref: str):
    m = org_membership(request, org)
    try:
        return json_response(clause_out(clauses.clause_row(m.organization, ref)))
    except Requirement.DoesNotExist:
        raise Http404 from None


@router.patch("{org}/clause-assessments/{ref}", response=ClauseOut, summary="Assess a clause",
              openapi_extra=PATCH_ANSWERS)
def clause_patch(request, org: str, ref: str, body: ClausePatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, ref)
    try:
        row = clauses.update_clause(m, ref, data, version=version)
    except Requirement.DoesNotExist:
        raise Http404 from None
    return json_response(clause_out(row))


# --- readiness ------------------------------------------------------------------------------------------------

class GroupOut(Schema):
    ref: str
    title: str
    kind: str
    score: int
    items: int


class BlockerOut(Schema):
    code: str
    message: str
    ref: str
    fix_url: str


class Stage1Out(Schema):
    key: str
    title: str
    clauses: list[str]
    state: Literal["done", "missing", "needs_review", "conflict"]
    detail: str
    fix_url: str


class ReadinessOut(Schema):
    score: int
    groups: list[GroupOut]
    blockers: list[BlockerOut]
    stage1: list[Stage1Out] = Field(description="The stage 1 list in the order a certification body asks.")


@router.get("{org}/readiness", response=ReadinessOut, summary="Certification readiness",
            description="Score 0-100 per clause group, per control group and overall (a conforming clause or an "
                        "implemented control counts 1, partial 0.5; a clause whose checks fail, need review or "
                        "conflict counts 0; justified exclusions leave the count), the blockers that would stop "
                        "certification and the stage 1 list, each with the page where it is fixed.")
def readiness_get(request, org: str):
    m = org_membership(request, org)
    return json_response(readiness.compute(m.organization))
