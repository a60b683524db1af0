"""Pages of AI system impact assessments (ISO/IEC 42001 6.1.4, 8.4, A.5); writes go through
:mod:`forty2.risk.assessments`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from forty2.core.errors import Forty2Error
from forty2.core.queries import org_events
from forty2.inventory.models import AISystem
from forty2.records import forms as record_forms
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors, run_and_report
from forty2.web.listing import paginate, querystring

from . import assessments, queries
from . import methodology as methodologies
from .definitions import IMPACT_ASSESSMENT
from .forms import AssessmentForm, ImpactForm
from .models import AssessmentKind, Impact, ImpactAssessment, ImpactGroup
from .views import _version


@org_view()
def ia_list(request, membership):
    org = membership.organization
    state = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "residual_impact", "system",
                                                         "reassessment_due", "ordering")}
    qs = queries.assessments(org, state, strict=False)
    page = paginate(request, qs)
    approvals = {ia.pk: assessments.approval_state(ia) for ia in page.object_list}
    return render(request, "risk/ia_list.html", {
        "page": page, "state": state, "nav_active": "risks", "tab": "impacts", "approvals": approvals,
        "query": querystring(state, page=None), "any_filter": any(v for k, v in state.items() if k != "ordering"),
        "systems": [(str(pk), name) for pk, name in AISystem.objects.for_org(org).filter(
            archived_at__isnull=True).values_list("pk", "name")],
        "may_create": can(membership, "create_record")})


def _get(membership, pk) -> ImpactAssessment:
    try:
        return queries.assessment(membership.organization, pk)
    except ImpactAssessment.DoesNotExist:
        raise Http404 from None


@org_view()
def ia_detail(request, membership, pk):
    ia = _get(membership, pk)
    org = membership.organization
    state = assessments.approval_state(ia)
    methodology = methodologies.current(org)
    impacts = list(ia.impacts.all())
    may_approve = assessments.may_approve(membership, ia, methodology)
    return render(request, "risk/ia_detail.html", {
        "ia": ia, "nav_active": "risks", "approval": state, "methodology": methodology,
        "individual_impacts": [i for i in impacts if i.group == ImpactGroup.INDIVIDUALS],
        "society_impacts": [i for i in impacts if i.group == ImpactGroup.SOCIETY],
        "risks": ia.risks.all(), "impact_form": ImpactForm(organization=org),
        "history": org_events(org, object_type="impactassessment", object_id=pk)[:50],
        "may_edit": can(membership, "edit_record", ia),
        "may_approve": may_approve,
        "own_edit": can(membership, "approve") and not may_approve,
        "fria_required": assessments.fria_required(ia.ai_system)})


def _render_form(request, form, **extra):
    return render(request, "risk/ia_form.html", {"form": form, "nav_active": "risks", **extra})


@org_view("create_record")
def ia_create(request, membership):
    org = membership.organization
    systems = AISystem.objects.for_org(org).filter(archived_at__isnull=True)
    system = None
    raw = request.POST.get("ai_system") or request.GET.get("system") or ""
    if raw.isdigit():
        system = systems.filter(pk=int(raw)).first()
    fria = system is not None and assessments.fria_required(system)
    initial = {"kind": AssessmentKind.FRIA if fria else AssessmentKind.STANDARD}
    if system is not None:
        initial.update(title=f"{system.name}: impact assessment", intended_use=system.intended_use,
                       system_description=system.description or system.purpose, stakeholders=system.affected_people)
    form = AssessmentForm(request.POST or None, organization=org, initial=initial)
    if request.method == "POST":
        if system is None:
            form.add_error(None, "Choose the AI system this assessment is about.")
        elif form.is_valid():
            try:
                ia = assessments.create_assessment(membership, {**form.service_data(), "ai_system": system.pk})
                messages.success(request, f"‘{ia.title}’ started. Add the impacts next.")
                return redirect("risk:ia_detail", org=org.slug, pk=ia.pk)
            except Forty2Error as exc:
                add_service_errors(form, exc)
    return _render_form(request, form, systems=systems, system=system, fria=fria)


@org_view()
def ia_edit(request, membership, pk):
    """Edit with a field-level merge: a change someone else saved meanwhile is kept (records.forms.edit)."""
    org = membership.organization
    ia = _get(membership, pk)
    if not can(membership, "edit_record", ia):
        raise PermissionDenied("Your role may only edit assessments you created.")

    def save(data, version, base, resolved):
        return assessments.update_assessment(membership, ia, data, version=version, base=base, resolved=resolved)

    def reload():
        return _get(membership, pk)

    edit = record_forms.edit(request, IMPACT_ASSESSMENT, AssessmentForm, ia, save, reload=reload, organization=org)
    if edit.saved:
        messages.success(request, "Changes saved." if edit.changed else "Nothing changed.")
        return redirect("risk:ia_detail", org=org.slug, pk=pk)
    record_forms.explain_stale(edit, IMPACT_ASSESSMENT, reload)
    return _render_form(request, edit.form, ia=ia, edit=edit, system=ia.ai_system,
                        fria=ia.kind == AssessmentKind.FRIA)


@org_view()
def ia_approve(request, membership, pk):
    ia = _get(membership, pk)
    run_and_report(request, lambda: assessments.approve_assessment(membership, ia, version=_version(request),
                                                                   note=request.POST.get("note", "")),
                   success="Impact assessment approved.",
                   stale="The assessment changed since you opened it; review it again before approving.")
    return redirect("risk:ia_detail", org=membership.organization.slug, pk=pk)


@org_view()
def impact_add(request, membership, pk):
    org = membership.organization
    ia = _get(membership, pk)
    if request.method == "POST":
        form = ImpactForm(request.POST, organization=org)
        if form.is_valid():
            try:
                assessments.add_impact(membership, ia, form.service_data())
                messages.success(request, "Impact added.")
            except Forty2Error as exc:
                messages.error(request, exc.message)
    return redirect("risk:ia_detail", org=org.slug, pk=pk)


@org_view()
def impact_delete(request, membership, pk, impact_pk):
    org = membership.organization
    impact = Impact.objects.for_org(org).filter(assessment__pk=pk, pk=impact_pk).first()
    if impact is None:
        raise Http404
    run_and_report(request, lambda: assessments.delete_impact(membership, impact), success="Impact removed.")
    return redirect("risk:ia_detail", org=org.slug, pk=pk)
