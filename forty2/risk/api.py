"""REST endpoints of AI risk management and impact assessment (ISO/IEC 42001 6.1.1–6.1.4, 8.2–8.4, A.5):
/api/v1/orgs/{org}/risk-methodology, risks, risk-assessments, impact-assessments, risk-library."""

from typing import Literal

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from forty2.api.common import PATCH_ANSWERS, Page, json_response, org_membership, patch_version
from forty2.core.spreadsheets import CONTENT_TYPES
from forty2.jobs.api import JobOut, job_out
from forty2.records import jobs as import_jobs
from forty2.records.io import ImportResult

from . import assessments as ia_services
from . import importexport, library, queries, runs, services
from . import methodology as methodologies
from .models import Impact, ImpactAssessment, Risk, RiskMethodology, TreatmentAction
from .schemas import (
    ActionIn,
    ActionPatch,
    AdoptIn,
    AssessmentIn,
    AssessmentPatch,
    AssessmentQuery,
    ImpactIn,
    ImpactPatch,
    MethodologyIn,
    MethodologyPatch,
    RiskIn,
    RiskList,
    RiskOut,
    RiskPatch,
    RiskQuery,
    RunIn,
    VersionNote,
    action_out,
    approval_out,
    assessment_out,
    impact_out,
    risk_out,
    run_out,
)

router = Router(tags=["AI risks and impact assessments"])


def _get(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


# --- methodology ------------------------------------------------------------------------------------------------

@router.get("{org}/risk-methodology", summary="The risk methodology in force")
def get_methodology(request, org: str):
    m = org_membership(request, org)
    return json_response(methodologies.out(methodologies.current(m.organization)))


@router.get("{org}/risk-methodology/versions", summary="Every version of the risk methodology")
def list_methodology_versions(request, org: str):
    m = org_membership(request, org)
    items = [methodologies.out(v) for v in methodologies.versions(m.organization)]
    return json_response({"items": items, "count": len(items)})


@router.post("{org}/risk-methodology/versions", response={201: dict}, summary="Start a new (draft) version")
def create_methodology_version(request, org: str, body: MethodologyIn):
    m = org_membership(request, org)
    v = methodologies.create_version(m, body.dict(exclude_unset=True))
    return json_response(methodologies.out(v), status=201)


def _version(m, pk):
    methodologies.current(m.organization)
    return _get(RiskMethodology.objects.for_org(m.organization).select_related("approved_by"), pk)


@router.get("{org}/risk-methodology/versions/{int:pk}", summary="One version of the risk methodology")
def get_methodology_version(request, org: str, pk: int):
    m = org_membership(request, org)
    return json_response(methodologies.out(_version(m, pk)))


@router.patch("{org}/risk-methodology/versions/{int:pk}", summary="Change a draft version", openapi_extra=PATCH_ANSWERS)
def patch_methodology_version(request, org: str, pk: int, body: MethodologyPatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, pk)
    return json_response(methodologies.out(methodologies.update_version(m, _version(m, pk), data, version=version)))


@router.post("{org}/risk-methodology/versions/{int:pk}/approve", summary="Approve a draft version",
             description="The draft becomes the methodology in force; risks scored under earlier versions keep "
                         "their scores and are flagged for re-assessment.")
def approve_methodology_version(request, org: str, pk: int, body: VersionNote):
    m = org_membership(request, org)
    v = methodologies.approve_version(m, _version(m, pk), version=body.version, note=body.note)
    return json_response(methodologies.out(v))


@router.delete("{org}/risk-methodology/versions/{int:pk}", response={204: None},
               summary="Delete a methodology version nothing uses")
def delete_methodology_version(request, org: str, pk: int):
    m = org_membership(request, org)
    methodologies.delete_version(m, _version(m, pk))
    return Status(204, None)


# --- risks ------------------------------------------------------------------------------------------------------

class RiskFilters(Page, RiskQuery):
    pass


def _risk(m, pk) -> Risk:
    try:
        return queries.risk(m.organization, pk)
    except Risk.DoesNotExist:
        raise Http404 from None


def _risk_detail(risk) -> dict:
    data = risk_out(queries.attach_systems([risk])[0])
    data["acceptance_detail"] = approval_out(services.acceptance_state(risk)) if risk.acceptance else None
    data["actions"] = [action_out(a) for a in risk.actions.select_related("owner")]
    return data


@router.get("{org}/risks", response=RiskList, summary="List risks")
def list_risks(request, org: str, filters: Query[RiskFilters]):
    m = org_membership(request, org)
    params = filters.dict(exclude={"limit", "offset"}, exclude_none=True)
    qs = queries.risks(m.organization, params)
    page = queries.attach_systems(list(qs[filters.offset: filters.offset + filters.limit]))
    return json_response({"items": [risk_out(r) for r in page], "count": qs.count()})


@router.post("{org}/risks", response={201: RiskOut}, summary="Add a risk")
def create_risk(request, org: str, body: RiskIn):
    m = org_membership(request, org)
    risk = services.create_risk(m, body.dict(exclude_unset=True))
    return json_response(_risk_detail(risk), status=201)


@router.get("{org}/risks/heatmap", summary="Heat map of risks, inherent and residual")
def risk_heatmap(request, org: str, filters: Query[RiskQuery]):
    m = org_membership(request, org)
    qs = queries.risks(m.organization, filters.dict(exclude_none=True))
    grids = queries.heatmap(m.organization, qs)
    return json_response({name: [{"likelihood": lk, "consequence": ck, "count": n}
                                 for (lk, ck), n in sorted(cells.items())] for name, cells in grids.items()})


@router.get("{org}/risks/{int:pk}", response=RiskOut, summary="Read a risk")
def get_risk(request, org: str, pk: int):
    m = org_membership(request, org)
    return json_response(_risk_detail(_risk(m, pk)))


@router.patch("{org}/risks/{int:pk}", response=RiskOut, summary="Change a risk", openapi_extra=PATCH_ANSWERS)
def patch_risk(request, org: str, pk: int, body: RiskPatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, pk)
    risk = services.update_risk(m, _risk(m, pk), data, version=version)
    return json_response(_risk_detail(risk))


@router.delete("{org}/risks/{int:pk}", response={204: None}, summary="Delete a risk")
def delete_risk(request, org: str, pk: int):
    m = org_membership(request, org)
    services.delete_risk(m, _risk(m, pk))
    return Status(204, None)


@router.post("{org}/risks/{int:pk}/accept", response=RiskOut, summary="Accept a risk's residual level",
             description="The risk owner, or a role the methodology allows for the risk's level, accepts the risk "
                         "and its treatment plan as they are now (ISO/IEC 42001 6.1.3). The acceptance turns stale "
                         "when the risk changes. 403 names the roles allowed.")
def accept_risk(request, org: str, pk: int, body: VersionNote):
    m = org_membership(request, org)
    services.accept_risk(m, _risk(m, pk), version=body.version, note=body.note)
    return json_response(_risk_detail(_risk(m, pk)))


@router.post("{org}/risks/{int:pk}/actions", response={201: dict}, summary="Add a treatment action")
def create_action(request, org: str, pk: int, body: ActionIn):
    m = org_membership(request, org)
    action = services.add_action(m, _risk(m, pk), body.dict(exclude_unset=True))
    return json_response(action_out(action), status=201)


def _action(m, risk_pk, pk) -> TreatmentAction:
    # ``risk__pk``, not ``risk_id``: Django answers "none" for an id too large for the database (a 404, not a 500)
    return _get(TreatmentAction.objects.for_org(m.organization).filter(risk__pk=risk_pk).select_related("risk"), pk)


@router.patch("{org}/risks/{int:risk_pk}/actions/{int:pk}", summary="Change a treatment action",
              openapi_extra=PATCH_ANSWERS)
def patch_action(request, org: str, risk_pk: int, pk: int, body: ActionPatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, pk)
    return json_response(action_out(services.update_action(m, _action(m, risk_pk, pk), data, version=version)))


@router.delete("{org}/risks/{int:risk_pk}/actions/{int:pk}", response={204: None},
               summary="Delete a treatment action")
def delete_action(request, org: str, risk_pk: int, pk: int):
    m = org_membership(request, org)
    services.delete_action(m, _action(m, risk_pk, pk))
    return Status(204, None)


# --- starter library ----------------------------------------------------------------------------------------------

@router.get("{org}/risk-library", summary="The starter library of common AI risks")
def list_library(request, org: str):
    org_membership(request, org)
    items = [library.out(e) for e in library.ENTRIES]
    return json_response({"items": items, "count": len(items)})


@router.post("{org}/risk-library/{key}/adopt", response={201: RiskOut}, summary="Adopt a library risk")
def adopt_library_risk(request, org: str, key: str, body: AdoptIn):
    m = org_membership(request, org)
    entry = library.BY_KEY.get(key)
    if entry is None:
        raise Http404
    risk = library.adopt(m, entry, ai_system_ids=body.ai_system_ids, owner=body.owner)
    return json_response(_risk_detail(_risk(m, risk.pk)), status=201)


# --- risk assessment runs ---------------------------------------------------------------------------------------

@router.get("{org}/risk-assessments", summary="List risk assessment runs")
def list_runs(request, org: str, page: Query[Page]):
    m = org_membership(request, org)
    qs = queries.runs(m.organization)
    items = list(qs[page.offset: page.offset + page.limit].prefetch_related("ai_systems"))
    for run in items:
        run.links = {"ai_systems": [{"id": s.pk, "name": s.name} for s in run.ai_systems.all()]}
    return json_response({"items": [run_out(r, full=False) for r in items], "count": qs.count()})


@router.post("{org}/risk-assessments", response={201: dict}, summary="Run a risk assessment (freeze results)")
def create_run(request, org: str, body: RunIn):
    m = org_membership(request, org)
    run = runs.create_run(m, body.dict(exclude_unset=True))
    run.links = {"ai_systems": [{"id": s.pk, "name": s.name} for s in run.ai_systems.all()]}
    return json_response(run_out(run), status=201)


@router.get("{org}/risk-assessments/{int:pk}", summary="Read a risk assessment run and what changed")
def get_run(request, org: str, pk: int):
    m = org_membership(request, org)
    run = _get(queries.runs(m.organization), pk)
    run.links = {"ai_systems": [{"id": s.pk, "name": s.name} for s in run.ai_systems.all()]}
    return json_response(run_out(run))


# --- impact assessments -----------------------------------------------------------------------------------------

class AssessmentFilters(Page, AssessmentQuery):
    pass


def _ia(m, pk) -> ImpactAssessment:
    try:
        return queries.assessment(m.organization, pk)
    except ImpactAssessment.DoesNotExist:
        raise Http404 from None


def _ia_detail(ia) -> dict:
    return assessment_out(ia, state=ia_services.approval_state(ia), impacts=list(ia.impacts.all()))


@router.get("{org}/impact-assessments", summary="List impact assessments")
def list_assessments(request, org: str, filters: Query[AssessmentFilters]):
    m = org_membership(request, org)
    qs = queries.assessments(m.organization, filters.dict(exclude={"limit", "offset"}, exclude_none=True))
    items = [assessment_out(ia) for ia in qs[filters.offset: filters.offset + filters.limit]]
    return json_response({"items": items, "count": qs.count()})


@router.post("{org}/impact-assessments", response={201: dict}, summary="Start an impact assessment")
def create_assessment(request, org: str, body: AssessmentIn):
    m = org_membership(request, org)
    ia = ia_services.create_assessment(m, body.dict(exclude_unset=True))
    return json_response(_ia_detail(_ia(m, ia.pk)), status=201)


@router.get("{org}/impact-assessments/{int:pk}", summary="Read an impact assessment")
def get_assessment(request, org: str, pk: int):
    m = org_membership(request, org)
    return json_response(_ia_detail(_ia(m, pk)))


@router.patch("{org}/impact-assessments/{int:pk}", summary="Change an impact assessment", openapi_extra=PATCH_ANSWERS)
def patch_assessment(request, org: str, pk: int, body: AssessmentPatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, pk)
    ia_services.update_assessment(m, _ia(m, pk), data, version=version)
    return json_response(_ia_detail(_ia(m, pk)))


@router.post("{org}/impact-assessments/{int:pk}/approve", summary="Approve (sign off) an impact assessment",
             description="Owners and AIMS managers; under the methodology's four-eyes rule not the last editor "
                         "(ISO/IEC 42001 6.1.4, A.5.3).")
def approve_assessment(request, org: str, pk: int, body: VersionNote):
    m = org_membership(request, org)
    ia_services.approve_assessment(m, _ia(m, pk), version=body.version, note=body.note)
    return json_response(_ia_detail(_ia(m, pk)))


@router.post("{org}/impact-assessments/{int:pk}/impacts", response={201: dict}, summary="Add an impact")
def create_impact(request, org: str, pk: int, body: ImpactIn):
    m = org_membership(request, org)
    return json_response(impact_out(ia_services.add_impact(m, _ia(m, pk), body.dict(exclude_unset=True))),
                         status=201)


def _impact(m, ia_pk, pk) -> Impact:
    return _get(Impact.objects.for_org(m.organization).filter(assessment__pk=ia_pk), pk)


@router.patch("{org}/impact-assessments/{int:ia_pk}/impacts/{int:pk}", summary="Change an impact",
              openapi_extra=PATCH_ANSWERS)
def patch_impact(request, org: str, ia_pk: int, pk: int, body: ImpactPatch):
    m = org_membership(request, org)
    data = body.dict(exclude_unset=True)
    version = patch_version(request, data, pk)
    return json_response(impact_out(ia_services.update_impact(m, _impact(m, ia_pk, pk), data, version=version)))


@router.delete("{org}/impact-assessments/{int:ia_pk}/impacts/{int:pk}", response={204: None},
               summary="Delete an impact")
def delete_impact(request, org: str, ia_pk: int, pk: int):
    m = org_membership(request, org)
    ia_services.delete_impact(m, _impact(m, ia_pk, pk))
    return Status(204, None)


# --- import and export (CSV/XLSX, all-or-nothing; large files become a job) ------------------------------------

class RiskImportOut(Schema):
    imported: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool


class RiskImportJobOut(JobOut):
    """A queued risk import: the job as ``GET /orgs/{org}/jobs/{id}`` answers it, and that address."""

    url: str


@router.post("{org}/risks/import", response={200: RiskImportOut, 202: RiskImportJobOut},
             summary="Import risks from CSV or XLSX",
             description="All-or-nothing: any problem answers 422 naming each spreadsheet row and column, and "
                         "nothing is saved. Large files (unless dry_run) are queued: 202 with the job, whose "
                         "status is at GET /orgs/{org}/jobs/{id}.")
def import_risks(request, org: str, file: File[UploadedFile], update_existing: Form[bool] = False,
                 dry_run: Form[bool] = False):
    m = org_membership(request, org)
    result = import_jobs.import_or_queue(importexport.IMPORT_KIND, m, file, file.name or "",
                                         update_existing=update_existing, dry_run=dry_run,
                                         update_hint="send update_existing=true")
    if not isinstance(result, ImportResult):  # queued: the job, as the jobs API shows it
        return Status(202, {**job_out(result), "url": f"/api/v1/orgs/{org}/jobs/{result.pk}"})
    return {"imported": result.imported, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "dry_run": result.dry_run}


@router.get("{org}/risks/export", response={200: None}, summary="Export risks as CSV or XLSX",
            description="Same filters as the list; the columns re-import unchanged.")
def export_risks(request, org: str, filters: Query[RiskFilters], format: Literal["csv", "xlsx"] = "csv"):
    m = org_membership(request, org)
    qs = queries.risks(m.organization, filters.dict(exclude={"limit", "offset"}, exclude_none=True))
    response = HttpResponse(importexport.export_risks(m, qs, format), content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = (f'attachment; filename="{m.organization.slug}-risks-'
                                       f'{timezone.localdate():%Y-%m-%d}.{format}"')
    return response
