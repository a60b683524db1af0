"""REST endpoints of the standards catalog (/api/v1/catalog/...) and of an organisation's standing on its
requirements (/api/v1/orgs/{org}/requirements/...). ISO/IEC 42001 4.2, 6.1.3, 9.1.

The catalog is reference data: any valid token may read it. Requirement lists are small fixed collections,
in document order, paged like every list (``limit`` up to 500, the default, and ``offset``); refs are written
as the source writes them (``A.6.2.4``, ``GOVERN 1.1``, ``Art. 27``) and URL-encoded in paths.
"""

from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from forty2.api.common import StrictSchema, WholePage, answers, org_membership, paginate
from forty2.core.errors import Conflict, InvalidInput, field_error

from . import inference, queries, services, status_providers
from .models import ConformityStatus, Framework, Kind, Requirement

router = Router(tags=["Standards catalog"])
org_router = Router(tags=["Standards catalog"])


class FrameworkOut(Schema):
    slug: str
    name: str
    short_name: str
    version: str
    publisher: str
    licence_note: str
    data_version: int
    origin: str
    requirement_count: int
    assessable_count: int


class FrameworkList(Schema):
    items: list[FrameworkOut]
    count: int


class RequirementOut(Schema):
    ref: str
    title: str
    kind: str
    assessable: bool
    parent: str | None
    depth: int
    guidance: str
    typical_evidence: list[str]
    documented_information: list[str]
    has_official_text: bool
    withdrawn: bool = Field(description="withdrawn by its publisher: shown, never assessable")
    guidance_source: str = Field(description="whose words the guidance is; empty: Forty2's own")
    official_text_by: str = Field(description="publisher (official wording) or third_party (summary/paraphrase)")


class RequirementList(Schema):
    items: list[RequirementOut]
    count: int


class Correction(Schema):
    original_ref: str
    reason: str


class MappedOut(Schema):
    direction: str
    framework: str
    ref: str
    title: str
    relationship: str
    note: str
    provenance: str
    published_as: str
    correction: Correction | None


class RequirementDetail(RequirementOut):
    framework: str
    official_text: str | None
    official_text_source: str
    mappings: list[MappedOut]


class MappingOut(Schema):
    source_framework: str
    source_ref: str
    target_framework: str
    target_ref: str
    relationship: str
    note: str
    provenance: str
    published_as: str
    correction: Correction | None
    reversed: bool


class MappingList(Schema):
    items: list[MappingOut]
    count: int


class RequirementFilters(WholePage):
    assessable: bool | None = None
    kind: Literal[tuple(Kind.values)] | None = None
    q: str | None = Field(None, max_length=200)


class MappingFilters(WholePage):
    source: str | None = Field(None, max_length=100, description="A framework's slug (404 if there is none)")
    target: str | None = Field(None, max_length=100, description="A framework's slug (404 if there is none)")


def _framework(slug: str) -> Framework:
    try:
        return queries.framework(slug)
    except Framework.DoesNotExist:
        raise Http404 from None


def _requirement(slug: str, ref: str) -> Requirement:
    try:
        return queries.requirement(slug, ref)
    except Requirement.DoesNotExist:
        raise Http404 from None


def requirement_out(r: Requirement) -> dict:
    return {"ref": r.ref, "title": r.title, "kind": r.kind, "assessable": r.assessable,
            "parent": r.parent.ref if r.parent_id else None, "depth": r.depth, "guidance": r.guidance,
            "typical_evidence": r.typical_evidence, "documented_information": r.documented_information,
            "has_official_text": bool(r.official_text), "withdrawn": r.withdrawn,
            "guidance_source": r.guidance_source, "official_text_by": r.official_text_by}


def _correction(m):
    if not m.correction_original_ref:
        return None
    return {"original_ref": m.correction_original_ref, "reason": m.correction_reason}


@router.get("frameworks", response=FrameworkList, summary="List frameworks")
def list_frameworks(request, page: Query[WholePage]):
    return paginate(queries.frameworks(), page, lambda f: {key: getattr(f, key) for key in FrameworkOut.model_fields})


@router.get("frameworks/{slug}", response=FrameworkOut, summary="Read a framework")
def get_framework(request, slug: str):
    fw = queries.frameworks().filter(slug=slug).first()
    if fw is None:
        raise Http404
    return {key: getattr(fw, key) for key in FrameworkOut.model_fields}


@router.get("frameworks/{slug}/requirements", response=RequirementList, summary="List a framework's requirements")
def list_requirements(request, slug: str, filters: Query[RequirementFilters]):
    fw = _framework(slug)
    rows = list(queries.requirements(fw, **filters.dict(exclude={"limit", "offset"})))
    return {"items": [requirement_out(r) for r in rows[filters.offset: filters.offset + filters.limit]],
            "count": len(rows)}


@router.get("frameworks/{slug}/requirements/{ref}", response=RequirementDetail, summary="Read a requirement")
def get_requirement(request, slug: str, ref: str):
    r = _requirement(slug, ref)
    mapped = [{"direction": v.direction, "framework": v.other.framework.slug, "ref": v.other.ref,
               "title": v.other.title, "relationship": v.relationship, "note": v.mapping.note,
               "provenance": v.mapping.provenance, "published_as": v.mapping.published_as,
               "correction": _correction(v.mapping)} for v in queries.mappings_of(r)]
    return {**requirement_out(r), "framework": slug, "official_text": r.official_text or None,
            "official_text_source": r.official_text_source, "mappings": mapped}


@router.get("mappings", response=MappingList, summary="List mappings between frameworks",
            openapi_extra=answers(404, "No framework with the `source` or `target` slug."))
def list_mappings(request, filters: Query[MappingFilters]):
    """Rows read "source is <relationship> of target". Asking for the reverse of a shipped crosswalk returns
    its rows reversed, with subset and superset swapped (``reversed: true``)."""
    source = _framework(filters.source) if filters.source else None
    target = _framework(filters.target) if filters.target else None
    rows = queries.mapping_rows(source, target)
    items = [{"source_framework": row.source.framework.slug, "source_ref": row.source.ref,
              "target_framework": row.target.framework.slug, "target_ref": row.target.ref,
              "relationship": row.relationship, "note": row.mapping.note, "provenance": row.mapping.provenance,
              "published_as": row.mapping.published_as, "correction": _correction(row.mapping),
              "reversed": row.reversed} for row in rows[filters.offset: filters.offset + filters.limit]]
    return {"items": items, "count": len(rows)}


# --- one organisation's standing ------------------------------------------------------------------


class RequirementRef(Schema):
    framework: str
    ref: str


class DecidedBy(Schema):
    record: str = Field(description="the kind of record that decides this status: soa_entry or clause_assessment")
    source: str = Field(description="where the status comes from, in plain words (e.g. the approved SoA version)")
    url: str = Field(description="the page where it is changed")
    note: str


class LegacyStatus(Schema):
    status: str
    source: str
    note: str
    updated_at: datetime | None
    updated_by: str | None


class StatusOut(Schema):
    framework: str
    ref: str
    status: str = Field(description="conforming, partial, not_conforming or not_assessed; where another record "
                                    "decides it (decided_by), also not_applicable or needs_review")
    source: str | None
    decided_by: DecidedBy | None = Field(None, description="set where the status is read from the record that "
                                                           "decides it (ISO/IEC 42001: the SoA entry of an Annex A "
                                                           "control, the clause assessment of a clause); setting it "
                                                           "here is then refused (409) with its place")
    catalog_status: LegacyStatus | None = Field(None, description="a status the catalog held before another record "
                                                                  "decided it: kept, no longer counted")
    note: str
    version: int
    updated_at: datetime | None
    updated_by: str | None
    inferred_from: RequirementRef | None
    inferred_relationship: str | None
    confirmed_by: str | None
    confirmed_at: datetime | None


class StatusList(Schema):
    items: list[StatusOut]
    count: int


class StatusIn(StrictSchema):
    status: Literal[tuple(ConformityStatus.values)]
    note: str = ""
    version: int | None = Field(None, description="The status's version as read; another one is a 409.")


class InferenceOut(Schema):
    from_framework: str
    from_ref: str
    from_title: str
    from_status: str
    to_framework: str
    to_ref: str
    relationship: str
    implied_status: str | None
    kind: str
    state: str
    label: str
    provenance: str
    note: str


class InferenceList(Schema):
    items: list[InferenceOut]
    count: int


class InferenceAction(StrictSchema):
    from_framework: str
    from_ref: str
    note: str = ""


def status_out(r: Requirement, s, owned: status_providers.OwnedStatus | None = None) -> dict:
    if owned is not None:
        return _owned_out(r, s, owned)
    if s is None:
        return {"framework": r.framework.slug, "ref": r.ref, "status": "not_assessed", "source": None, "note": "",
                "version": 0, "updated_at": None, "updated_by": None, "inferred_from": None,
                "inferred_relationship": None, "confirmed_by": None, "confirmed_at": None}
    inferred = ({"framework": s.inferred_from.framework.slug, "ref": s.inferred_from.ref}
                if s.inferred_from_id else None)
    return {"framework": r.framework.slug, "ref": r.ref, "status": s.status, "source": s.source, "note": s.note,
            "version": s.version, "updated_at": s.updated_at,
            "updated_by": s.updated_by.email if s.updated_by_id else None, "inferred_from": inferred,
            "inferred_relationship": s.inferred_relationship or None,
            "confirmed_by": s.confirmed_by.email if s.confirmed_by_id else None, "confirmed_at": s.confirmed_at}


def _owned_out(r: Requirement, s, owned: status_providers.OwnedStatus) -> dict:
    """The status the owning record decides; the clause assessment keeps its note (and its stored declaration)
    in the catalog's row, any other catalog row is an earlier status, reported as ``catalog_status``."""
    base = status_out(r, s)
    clause = owned.owner == "clause_assessment"
    legacy = None
    if s is not None and not clause and s.status != "not_assessed":
        legacy = {"status": s.status, "source": s.source, "note": s.note, "updated_at": s.updated_at,
                  "updated_by": s.updated_by.email if s.updated_by_id else None}
    return {**base, "status": owned.status, "source": owned.owner, "note": base["note"] if clause else "",
            "decided_by": {"record": owned.owner, "source": owned.source, "url": owned.url, "note": owned.note},
            "catalog_status": legacy}


def _refuse_owned(m, r: Requirement) -> None:
    """409 when another record decides ``r``'s status, naming where it is changed (after the role's rights: a
    read-only role is still a 403)."""
    services.require_status_rights(m, r)
    owned = status_providers.owner_of(m.organization, r) if r.assessable else None
    if owned is not None:
        raise Conflict(status_providers.refusal(r, owned))


def inference_out(i: inference.Inference) -> dict:
    return {"from_framework": i.source.framework.slug, "from_ref": i.source.ref, "from_title": i.source.title,
            "from_status": i.from_status, "to_framework": i.target.framework.slug, "to_ref": i.target.ref,
            "relationship": i.relationship, "implied_status": i.implied_status, "kind": i.kind, "state": i.state,
            "label": i.label, "provenance": i.mapping.provenance, "note": i.mapping.note}


@org_router.get("{org}/requirements/{framework}", response=StatusList,
                summary="List the organisation's statuses in a framework")
def list_statuses(request, org: str, framework: str, page: Query[WholePage]):
    m = org_membership(request, org)
    fw = _framework(framework)
    stored = queries.statuses(m.organization, fw)
    if not status_providers.has_providers(fw.slug):
        records = sorted(stored.values(), key=lambda s: s.requirement.position)
        return paginate(records, page, lambda s: status_out(s.requirement, s))
    # every requirement whose status another record decides is listed (with that status), plus the catalog's own
    assessable = list(queries.requirements(fw, assessable=True).filter(withdrawn=False).select_related("framework"))
    owned = status_providers.resolve(m.organization, fw.slug, [r.pk for r in assessable])
    rows = [(r, stored.get(r.pk)) for r in assessable if r.pk in owned or r.pk in stored]
    return paginate(rows, page, lambda row: status_out(row[0], row[1], owned.get(row[0].pk)))


@org_router.get("{org}/requirements/{framework}/{ref}/status", response=StatusOut,
                summary="Read the organisation's status on a requirement")
def get_status(request, org: str, framework: str, ref: str):
    m = org_membership(request, org)
    r = _requirement(framework, ref)
    owned = status_providers.owner_of(m.organization, r) if r.assessable and not r.withdrawn else None
    return status_out(r, queries.status_of(m.organization, r), owned)


@org_router.put("{org}/requirements/{framework}/{ref}/status", response=StatusOut,
                summary="Set the organisation's status on a requirement",
                description="Refused (409, naming the page) where another record decides the status: the SoA "
                            "entry of an ISO/IEC 42001 Annex A control, the clause assessment of a clause.")
def put_status(request, org: str, framework: str, ref: str, body: StatusIn):
    m = org_membership(request, org)
    r = _requirement(framework, ref)
    _refuse_owned(m, r)
    services.set_status(m, r, status=body.status, note=body.note, version=body.version)
    return status_out(r, queries.status_of(m.organization, r))


@org_router.get("{org}/requirements/{framework}/{ref}/inferences", response=InferenceList,
                summary="What mapped requirements' statuses imply for this one")
def list_inferences(request, org: str, framework: str, ref: str, page: Query[WholePage]):
    m = org_membership(request, org)
    return paginate(list(inference.for_requirement(m.organization, _requirement(framework, ref))), page,
                    inference_out)


@org_router.get("{org}/requirements/{framework}/{ref}/implications", response=InferenceList,
                summary="What this requirement's status implies for the requirements mapped to it")
def list_implications(request, org: str, framework: str, ref: str, page: Query[WholePage]):
    m = org_membership(request, org)
    return paginate(list(inference.implications_of(m.organization, _requirement(framework, ref))), page,
                    inference_out)


def _source(body: InferenceAction) -> Requirement:
    try:
        return queries.requirement(body.from_framework, body.from_ref)
    except Requirement.DoesNotExist:
        raise InvalidInput([field_error("from_ref", f"No requirement {body.from_ref!r} in "
                                                    f"{body.from_framework!r}.", "not_found")]) from None


@org_router.post("{org}/requirements/{framework}/{ref}/inferences/confirm", response=StatusOut,
                 summary="Confirm an inferred status",
                 description="Refused (409, naming the page) where another record decides the status: there the "
                             "inference is a suggestion, taken over in the SoA entry or the clause assessment.")
def confirm(request, org: str, framework: str, ref: str, body: InferenceAction):
    m = org_membership(request, org)
    r = _requirement(framework, ref)
    _refuse_owned(m, r)
    services.confirm_inference(m, r, source=_source(body), note=body.note)
    return status_out(r, queries.status_of(m.organization, r))


@org_router.post("{org}/requirements/{framework}/{ref}/inferences/reject", response=InferenceList,
                 summary="Reject an inferred status (or dismiss a review suggestion)")
def reject(request, org: str, framework: str, ref: str, body: InferenceAction):
    m = org_membership(request, org)
    r = _requirement(framework, ref)
    services.reject_inference(m, r, source=_source(body), note=body.note)
    items = [inference_out(i) for i in inference.for_requirement(m.organization, r)]
    return {"items": items, "count": len(items)}
