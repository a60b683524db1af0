"""Every API operation and every page of the live URL configuration, with their path parameters filled from
real records of an organisation, so the isolation matrix and the API fuzzing cover new endpoints without being
edited (docs/architecture.md, "Tenancy: isolation by construction").

A path parameter is filled by what precedes it in the path: ``("risks", "pk")`` is a risk of the organisation,
``("{kind}", "pk")`` a record of the linked kind before it. A new endpoint whose parameter has a new name or a
new place fails with a message saying which entry to add to :func:`param_values`; it is never skipped.
"""

import functools
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from forty2.accounts.models import ApiToken
from forty2.audits.models import Audit, AuditItem, Auditor, AuditProgramme
from forty2.catalog.models import Framework, MappingSet, Requirement
from forty2.competence.models import CompetenceAction, CompetenceEvidence, CompetenceRequirement
from forty2.context.models import AimsRisk, ContextIssue, InterestedParty, LegalRequirement, ScopeExclusion
from forty2.controls.models import ClauseAssessment, JustificationLink, SoAEntry, SoAVersion
from forty2.documents.models import Acknowledgement, Communication, Document
from forty2.evidence.models import Evidence, EvidenceLink, EvidenceRequest
from forty2.improvement.models import CorrectiveAction, Finding, Improvement, Nonconformity
from forty2.incidents.models import Concern, Incident
from forty2.inventory.models import AIModel, AISystem, Dataset, Supplier
from forty2.monitoring.models import Measurement, Objective
from forty2.people.models import AimsRole, Department, Person, RoleAssignment
from forty2.planning.models import PlannedChange
from forty2.review.models import ManagementReview, ReviewAction, ReviewAttendee
from forty2.risk import library
from forty2.risk.models import Impact, RiskAssessmentRun, RiskMethodology, TreatmentAction
from forty2.tenancy.models import Invitation, Membership, Role
from forty2.training.models import Course, TrainingRecord, TrainingSession
from tests.example_app.models import ExampleTraining
from tests.ref_app.models import RefSession, RefTopic

FRAMEWORK = "iso-iec-42001-2023"
API_PREFIX = "/api/v1"
#: pages outside the organisations that the matrix does not walk: sign-in and account pages (allauth) and the API
SKIPPED_PREFIXES = ("accounts/", "api/")
#: pages meant for everyone, with why; each is tested on its own for showing only what it must
PUBLIC = {"t/<slug:org>/": "the published transparency page (ISO/IEC 42001 A.8.2): public by design, showing only "
                           "the frozen publication (tests/documents/test_document_faces.py)",
          "c/<slug:org>/": "the public concern form (ISO/IEC 42001 A.3.3): anyone may raise a concern, anonymously; "
                           "it shows nothing of the organisation's records (tests/incidents/test_public_channel.py)",
          "c/<slug:org>/follow-up": "the follow-up page: a reporter reads the answer with their code, nothing else "
                                    "(tests/incidents/test_public_channel.py)"}


#: API operations meant for everyone (no credentials), with why; each is tested on its own
PUBLIC_API = {
    "POST /api/v1/public/{org}/concerns": "the public concern channel (ISO/IEC 42001 A.3.3): anyone may raise a "
                                          "concern, throttled, answering only the follow-up code (tests/incidents/"
                                          "test_public_channel.py)",
    "GET /api/v1/public/{org}/concerns/follow-up": "a reporter reads the answer with the code in a header, nothing "
                                                   "else (tests/incidents/test_public_channel.py)",
}


class UnfilledParameter(Exception):
    pass


def param_values(org, job_id: int) -> tuple[dict, dict]:
    """(path parameter values keyed by (what precedes it, its name), required query parameter values)."""
    system = AISystem.objects.for_org(org).filter(archived_at__isnull=True).order_by("pk").first()
    action = TreatmentAction.objects.for_org(org).order_by("pk").first()
    impact = Impact.objects.for_org(org).order_by("pk").first()
    link = JustificationLink.objects.for_org(org).select_related("entry").order_by("pk").first()
    evidence = (Evidence.objects.for_org(org).filter(versions__isnull=False, links__isnull=False)
                .order_by("pk").first())
    evidence_link = EvidenceLink.objects.for_org(org).filter(evidence=evidence).order_by("pk").first()
    clause = ClauseAssessment.objects.for_org(org).select_related("requirement").order_by("pk").first()
    requirement = Requirement.objects.filter(framework__slug=FRAMEWORK).exclude(ref="").order_by("pk").first()
    mapping = MappingSet.objects.select_related("source", "target").order_by("pk").first()
    member = (Membership.objects.filter(organization=org, role=Role.VIEWER).order_by("pk").first())
    token = ApiToken.objects.filter(organization=org, revoked_at__isnull=True).order_by("pk").first()
    model = AIModel.objects.for_org(org).order_by("pk").first()
    course, session = (m.objects.for_org(org).order_by("pk").first() for m in (Course, TrainingSession))
    record = TrainingRecord.objects.for_org(org).order_by("pk").first()
    training = ExampleTraining.objects.for_org(org).order_by("pk").first()  # tests/example_app (tests/settings.py)
    # a document whose version 1 is still a draft (tests/security/world.py makes one): ("versions", "number"), the
    # SoA's first version, names that draft too, so its PATCH and steps have something to act on
    document = Document.objects.for_org(org).filter(versions__number=1, versions__state="draft").order_by("pk").first()
    measurement = Measurement.objects.for_org(org).order_by("-pk").first()
    context = {name: model.objects.for_org(org).order_by("pk").first().pk for name, model in (
        ("issues", ContextIssue), ("parties", InterestedParty), ("legal", LegalRequirement),
        ("exclusions", ScopeExclusion), ("aims-risks", AimsRisk))}
    values = {
        # API (/api/v1/…)
        ("ai-systems", "system_id"): system.pk,
        ("models", "pk"): model.pk,
        ("datasets", "pk"): Dataset.objects.for_org(org).order_by("pk").first().pk,
        ("suppliers", "pk"): Supplier.objects.for_org(org).order_by("pk").first().pk,
        ("example-trainings", "pk"): training.pk,
        # competence (API and pages)
        ("competences", "pk"): CompetenceRequirement.objects.for_org(org).order_by("pk").first().pk,
        ("requirements", "pk"): CompetenceRequirement.objects.for_org(org).order_by("pk").first().pk,
        ("competence-evidence", "pk"): CompetenceEvidence.objects.for_org(org).order_by("pk").first().pk,
        ("competence-actions", "pk"): CompetenceAction.objects.for_org(org).order_by("pk").first().pk,
        # tests/ref_app (API and pages)
        ("ref-topics", "pk"): RefTopic.objects.for_org(org).order_by("pk").first().pk,
        ("ref-sessions", "pk"): RefSession.objects.for_org(org).order_by("pk").first().pk,
        ("import-jobs", "job_id"): job_id,
        ("jobs", "job_id"): job_id,
        ("versions", "pk"): RiskMethodology.objects.for_org(org).order_by("-number").first().pk,
        ("versions", "number"): SoAVersion.objects.for_org(org).order_by("number").first().number,  # 1: see above
        ("risks", "pk"): action.risk_id,
        ("risks", "risk_pk"): action.risk_id,
        ("actions", "pk"): action.pk,
        ("risk-library", "key"): library.ENTRIES[0].key,
        ("risk-assessments", "pk"): RiskAssessmentRun.objects.for_org(org).order_by("pk").first().pk,
        ("impact-assessments", "pk"): impact.assessment_id,
        ("impact-assessments", "ia_pk"): impact.assessment_id,
        ("impacts", "pk"): impact.pk,
        ("soa", "ref"): link.entry.ref,
        ("links", "link_id"): link.pk,
        ("clause-assessments", "ref"): clause.requirement.ref,
        ("evidence", "pk"): evidence.pk,
        ("evidence-requests", "pk"): EvidenceRequest.objects.for_org(org).order_by("pk").first().pk,
        ("invitations", "invitation_id"): Invitation.objects.filter(organization=org).order_by("pk").first().pk,
        ("frameworks", "slug"): FRAMEWORK,
        ("oscal", "model"): "ssp",  # forty2/oscal: any model; the SSP needs no records to exist
        ("requirements", "framework"): FRAMEWORK,
        ("requirements", "ref"): requirement.ref,
        ("{framework}", "ref"): requirement.ref,
        # pages (/o/<org>/…)
        ("ai-systems", "pk"): system.pk,
        ("ai-systems", "kind"): "models",
        ("{kind}", "pk"): model.pk,
        ("example-training", "pk"): training.pk,
        ("import", "job_id"): job_id,
        ("mappings", "source"): mapping.source.slug,
        ("{source}", "target"): mapping.target.slug,
        ("catalog", "framework"): FRAMEWORK,
        ("inferences", "action"): "confirm",
        ("jobs", "pk"): job_id,
        ("clauses", "ref"): clause.requirement.ref,
        ("controls", "ref"): link.entry.ref,
        ("{ref}", "action"): "link",
        ("requests", "pk"): EvidenceRequest.objects.for_org(org).order_by("pk").first().pk,
        ("library", "key"): library.ENTRIES[0].key,
        ("methodology", "pk"): RiskMethodology.objects.for_org(org).order_by("-number").first().pk,
        ("assessments", "pk"): RiskAssessmentRun.objects.for_org(org).order_by("pk").first().pk,
        ("impacts", "impact_pk"): impact.pk,
        ("actions", "action_pk"): action.pk,
        ("members", "pk"): member.pk,
        ("tokens", "pk"): token.pk,
        ("invitations", "token"): "no-such-invitation-token",
        # context and documents (API and pages)
        ("context-issues", "pk"): context["issues"],
        ("interested-parties", "pk"): context["parties"],
        ("legal-requirements", "pk"): context["legal"],
        ("aims-risks", "pk"): context["aims-risks"],
        **{(part, "pk"): pk for part, pk in context.items()},
        ("documents", "pk"): document.pk,
        ("{number}", "step"): "submit",
        ("acknowledgements", "pk"): Acknowledgement.objects.for_org(org).order_by("pk").first().pk,
        ("acknowledgements", "ack_pk"): Acknowledgement.objects.for_org(org).order_by("pk").first().pk,
        ("communications", "pk"): Communication.objects.for_org(org).order_by("pk").first().pk,
        # people and roles (API and pages)
        ("people", "pk"): Person.objects.for_org(org).filter(archived_at__isnull=True).order_by("pk").first().pk,
        ("departments", "pk"): Department.objects.for_org(org).order_by("pk").first().pk,
        ("roles", "pk"): AimsRole.objects.for_org(org).order_by("pk").first().pk,
        ("role-assignments", "pk"): RoleAssignment.objects.for_org(org).order_by("pk").first().pk,
        ("assignments", "pk"): RoleAssignment.objects.for_org(org).order_by("pk").first().pk,
        # training (API and pages)
        ("trainings", "pk"): course.pk,
        ("courses", "pk"): course.pk,
        ("training-sessions", "pk"): session.pk,
        ("sessions", "pk"): session.pk,
        ("training-records", "pk"): record.pk,
        ("records", "pk"): record.pk,
        ("ai-literacy", "pk"): system.pk,
        # objectives and monitoring (API and pages)
        ("objectives", "pk"): Objective.objects.for_org(org).order_by("pk").first().pk,
        ("metrics", "pk"): measurement.metric_id,
        ("metrics", "metric_pk"): measurement.metric_id,
        ("measurements", "pk"): measurement.pk,
        ("measurements", "mpk"): measurement.pk,
        # concerns and incidents (API and pages)
        ("incidents", "pk"): Incident.objects.for_org(org).order_by("pk").first().pk,
        ("concerns", "pk"): Concern.objects.for_org(org).order_by("pk").first().pk,
        ("step", "step"): "investigate",
        # internal audit (API and pages)
        ("audits", "pk"): Audit.objects.for_org(org).order_by("pk").first().pk,
        ("audit-programmes", "pk"): AuditProgramme.objects.for_org(org).order_by("pk").first().pk,
        ("programmes", "pk"): AuditProgramme.objects.for_org(org).order_by("pk").first().pk,
        ("auditors", "auditor_pk"): Auditor.objects.for_org(org).order_by("pk").first().pk,
        ("items", "item_pk"): AuditItem.objects.for_org(org).order_by("pk").first().pk,
        # management review (API and pages)
        **{(part, "pk"): model.objects.for_org(org).order_by("pk").first().pk for part, model in (
            ("management-reviews", ManagementReview), ("review-attendees", ReviewAttendee),
            ("review-actions", ReviewAction))},
        # the improvement log and opening a nonconformity from a record (API and pages; forty2/improvement/log*.py)
        ("improvements", "pk"): Improvement.objects.for_org(org).order_by("pk").first().pk,
        ("incident", "pk"): Incident.objects.for_org(org).order_by("pk").first().pk,
        ("metric", "pk"): measurement.metric_id,
        ("concern", "pk"): Concern.objects.for_org(org).order_by("pk").first().pk,
        # findings, nonconformities and corrective actions (API and pages)
        ("findings", "pk"): Finding.objects.for_org(org).order_by("pk").first().pk,
        # open ones: a closed nonconformity or a done action refuses every change (their PATCH has nothing to do)
        ("nonconformities", "pk"): Nonconformity.objects.for_org(org).exclude(state="closed").order_by("pk")
        .first().pk,
        ("corrective-actions", "pk"): CorrectiveAction.objects.for_org(org).filter(status__in=("open", "in_progress"))
        .order_by("pk").first().pk,
        ("steps", "step"): "reopen",  # a step of every flow there (findings, nonconformities, actions)
        ("changes", "pk"): PlannedChange.objects.for_org(org).order_by("pk").first().pk,  # planned changes (6.3)
        # reports (API and pages; forty2/reports)
        ("reports", "kind"): "soa",
        ("{kind}", "fmt"): "xlsx",
    }
    assert values[("versions", "number")] == 1, "documents/{pk}/versions/{number} shares this value: keep it 1"
    query = {"record_type": evidence_link.record_type, "object_id": evidence_link.object_id,
             "a": 1, "b": 1}  # the versions a document comparison compares
    assert SoAEntry.objects.for_org(org).filter(ref=link.entry.ref).exists()
    assert Framework.objects.filter(slug=FRAMEWORK).exists()
    return values, query


_PARAM = re.compile(r"\{(\w+)\}|<(?:\w+:)?(\w+)>")


def fill(template: str, values: dict, org_slug: str) -> str:
    """``template`` with each parameter replaced; UnfilledParameter names what is missing."""
    segments = template.split("/")
    out = []
    for i, seg in enumerate(segments):
        m = _PARAM.fullmatch(seg)
        if m is None:
            out.append(seg)
            continue
        name = m.group(1) or m.group(2)
        if name == "org":
            out.append(org_slug)
            continue
        before = segments[i - 1] if i else ""
        pm = _PARAM.fullmatch(before)
        key = ("{" + (pm.group(1) or pm.group(2)) + "}", name) if pm else (before, name)
        if key not in values:
            raise UnfilledParameter(
                f"{template}: no value for the path parameter {name!r} after {key[0]!r}; add {key!r} to "
                f"tests/security/targets.py param_values() (a real record of the organisation)")
        out.append(str(values[key]))
    return "/".join(out)


@dataclass(frozen=True)
class Operation:
    method: str
    template: str  # the OpenAPI path, /api/v1/…
    spec: dict

    @property
    def label(self):
        return f"{self.method} {self.template}"

    @property
    def is_write(self):
        return self.method != "GET"

    @property
    def org_scoped(self):
        return "{org}" in self.template and not self.public

    @property
    def public(self) -> bool:
        return self.label in PUBLIC_API


def openapi_document() -> dict:
    from forty2.api.urls import api

    return api.get_openapi_schema()


@functools.cache
def collected_document() -> dict:
    """The OpenAPI document built once per test process, for what test modules compute when they are collected
    (the parameters of their tests): building it takes a second or more, and a module asking for it once per
    operation made the collection slow. Read it, never change it; tests that read the live document call
    :func:`openapi_document` or GET ``/api/v1/openapi.json``."""
    return openapi_document()


def operations(doc: dict | None = None) -> list[Operation]:
    doc = doc or openapi_document()
    return [Operation(method.upper(), path, op) for path, ops in doc["paths"].items()
            for method, op in ops.items() if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE"}]


@dataclass(frozen=True)
class Page:
    route: str  # "o/<slug:org>/risks/<int:pk>/"
    name: str
    callback: object

    @property
    def org_scoped(self):
        return "<slug:org>" in self.route

    @property
    def public(self) -> bool:
        return self.route in PUBLIC

    @property
    def action(self):
        """The role action org_view() requires (forty2/web/decorators.py), or None for pages outside it."""
        return getattr(self.callback, "org_action", None)


def pages() -> list[Page]:
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                route = prefix + str(p.pattern)
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                walk(p.url_patterns, route, p.namespace or namespace)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                found.append(Page(route, f"{namespace}:{p.name}" if namespace else p.name, p.callback))

    walk(get_resolver().url_patterns, "", None)
    return found


def page_url(page: Page, values: dict, org_slug: str) -> str:
    return "/" + fill(page.route, values, org_slug)
