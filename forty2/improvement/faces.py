"""How the records kit's API routes and pages reach findings, nonconformities and corrective actions (ISO/IEC
42001 9.2.1, 10.2): one :class:`~forty2.records.routes.Access` and one :class:`~forty2.records.pages.RecordPages`
per type, with the sections of their pages (the 10.2 steps with their forms, the corrective actions, the source
of a finding)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from forty2.core.errors import Forty2Error
from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access
from forty2.records.schemas import output
from forty2.tenancy.roles import can
from forty2.web.forms import add_service_errors

from . import services
from .definitions import CORRECTIVE_ACTION, FINDING, NONCONFORMITY
from .models import NC_KINDS, ActionStatus, CorrectiveAction, NCState, Nonconformity


def _refuse_finding_delete(finding) -> str:
    if finding.kind in NC_KINDS:
        return "A nonconformity's finding is kept with its nonconformity (10.2 g: retained as evidence)."
    return ""


def _refuse_action_delete(action) -> str:
    if action.status == ActionStatus.DONE:
        return "A done corrective action is kept as evidence of the nonconformity's handling (10.2 g)."
    return ""


FINDING_ACCESS = Access(
    queryset=lambda org: FINDING.model.objects.for_org(org).select_related(
        "owner", "raised_by", "audit", "audit_item", "incident", "concern", "metric", "soa_entry"),
    create=lambda m, data, **initial: services.raise_finding(m, data), update=services.update_finding,
    refuse_delete=_refuse_finding_delete)

_nc_base = output(NONCONFORMITY)


def nc_out(obj) -> dict:
    """A nonconformity in the API: its fields, the finding's title, kind and requirement, and the structured
    root cause."""
    data = _nc_base(obj)
    finding = obj.finding
    data.update(title=finding.title, requirement_ref=finding.requirement_ref, root_cause=obj.root_cause or {},
                raised_by=finding.raised_by.email if finding.raised_by_id else None,
                # read-only values the kit answers as null when false or 0: a "no" and a count are answers
                effective=obj.effective, similar_elsewhere=obj.similar_elsewhere, reopened_count=obj.reopened_count)
    return data


def _refuse_nc_create(membership, data, **initial):
    from forty2.core.errors import Conflict

    raise Conflict("A nonconformity is opened by raising a finding of kind major_nc or minor_nc.")


NC_ACCESS = Access(
    queryset=lambda org: NONCONFORMITY.model.objects.for_org(org).select_related(
        "finding", "finding__raised_by", "owner", "verified_by"),
    create=_refuse_nc_create, update=services.update_nonconformity, out=nc_out)

ACTION_ACCESS = Access(
    queryset=lambda org: CORRECTIVE_ACTION.model.objects.for_org(org).select_related("owner", "nonconformity"),
    create=services.create_action, update=services.update_action, refuse_delete=_refuse_action_delete)


# --- sections of the pages ----------------------------------------------------------------------------------------

def _steps(flow, membership, obj, url_name):
    return [{"name": t.name, "label": t.label, "note_required": t.note_required,
             "url": reverse(url_name, args=[membership.organization.slug, obj.pk, t.name])}
            for t in flow.available(membership, obj)]


def _url(name, org, pk):
    return reverse(f"improvement:{name}_detail", args=[org.slug, pk])


def finding_sections(membership, obj) -> list[Section]:
    org = membership.organization
    nc = Nonconformity.objects.for_org(org).filter(finding=obj).first()
    sources = []
    for attr, label, url in (("audit", "Audit", None), ("audit_item", "Checklist item", None),
                             ("incident", "AI incident", "incidents:incident_detail"),
                             ("concern", "Concern", "incidents:concern_detail"),
                             ("metric", "Metric", None)):
        target = getattr(obj, attr)
        if target is not None:
            sources.append({"label": label, "text": str(target),
                            "url": reverse(url, args=[org.slug, target.pk]) if url else ""})
    steps = [] if obj.kind in NC_KINDS else _steps(services.FINDING_FLOW, membership, obj,
                                                   "improvement:finding_step")
    return [Section("improvement/_finding.html", {
        "obj": obj, "nc": nc, "nc_url": _url("nonconformity", org, nc.pk) if nc else "", "sources": sources,
        "steps": steps, "state": services.FINDING_FLOW.label(obj.status),
        "soa_url": reverse("controls:entry", args=[org.slug, obj.soa_entry.ref]) if obj.soa_entry_id else ""})]


def nc_sections(membership, obj) -> list[Section]:
    org = membership.organization
    actions = list(CorrectiveAction.objects.for_org(org).filter(nonconformity=obj).select_related("owner"))
    steps = _steps(services.NC_FLOW, membership, obj, "improvement:nonconformity_step")
    today = timezone.localdate()
    independence = services.independence_problem(membership.user, obj) if obj.state == NCState.VERIFYING else ""
    rows = [{"obj": a, "url": _url("corrective_action", org, a.pk), "status": a.get_status_display(),
             "overdue": a.status in services.ACTIVE_ACTION and a.due_on and a.due_on < today,
             "steps": _steps(services.ACTION_FLOW, membership, a, "improvement:corrective_action_step")}
            for a in actions]
    root = obj.root_cause or {}
    return [
        Section("improvement/_nc_steps.html", {
            "obj": obj, "finding": obj.finding, "finding_url": _url("finding", org, obj.finding_id),
            "state": services.NC_FLOW.label(obj.state), "steps": {s["name"]: s for s in steps},
            "late": services.late_steps(obj, actions, today), "independence": independence,
            "too_early": bool(obj.verify_after and today < obj.verify_after),
            "categories": services.CAUSE_CATEGORIES.items(), "whys": range(1, services.MAX_WHYS + 1),
            "root_whys": root.get("whys", []),
            "root_categories": [services.CAUSE_CATEGORIES.get(c, c) for c in root.get("categories", [])]}),
        Section("improvement/_nc_actions.html", {
            "rows": rows, "obj": obj,
            "may_add": obj.state in services.ACTIONS_ALLOWED and can(membership, "create_record"),
            "add_url": reverse("improvement:corrective_action_create", args=[org.slug]) + f"?nonconformity={obj.pk}"}),
    ]


def action_sections(membership, obj) -> list[Section]:
    org = membership.organization
    return [Section("improvement/_action.html", {
        "obj": obj, "nc_url": _url("nonconformity", org, obj.nonconformity_id), "nc": obj.nonconformity,
        "state": services.ACTION_FLOW.label(obj.status),
        "steps": _steps(services.ACTION_FLOW, membership, obj, "improvement:corrective_action_step")})]


# --- the pages ----------------------------------------------------------------------------------------------------

class PrefilledPages(RecordPages):
    """A create page that starts from query parameters (``?audit=3&kind=minor_nc``): the audit checklist's
    "Raise a finding" link, a nonconformity's "Add a corrective action"."""

    prefill: tuple[str, ...] = ()

    def initial(self, request) -> dict:
        out = {}
        for name in self.prefill:
            value = request.GET.get(name, "").strip()[:200]
            if value:
                out[name] = value
        return out

    def may_create(self, membership, request) -> bool:
        return can(membership, "create_record")

    def create_view(self, request, membership):
        if not self.may_create(membership, request):
            raise PermissionDenied("Your role may not add this record here.")
        initial = self.initial(request)
        form = self.form_class(request.POST or None, organization=membership.organization, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                obj = self.access.do_create(self.rt, membership, form.service_data())
            except Forty2Error as exc:
                add_service_errors(form, exc, aliases=self.error_aliases)
            else:
                messages.success(request, f"{self.noun.capitalize()} ‘{obj}’ added.")
                return redirect(self.url("detail", membership.organization.slug, obj.pk))
        return render(request, "web/records/form.html", self.context(membership, form=form))


class FindingPages(PrefilledPages):
    prefill = ("audit", "audit_item", "kind", "requirement_ref", "source", "incident", "concern", "metric", "title")

    def initial(self, request) -> dict:
        out = super().initial(request)
        if "audit" in out and "source" not in out:
            out["source"] = "audit"
        return out

    def may_create(self, membership, request) -> bool:
        """Whoever may raise findings: on an audit (``?audit=``) its team too, an external auditor included."""
        from forty2.audits.models import Audit

        audit_id = request.POST.get("audit") or request.GET.get("audit") or ""
        audit = (Audit.objects.for_org(membership.organization).filter(pk=int(audit_id)).first()
                 if audit_id.isdigit() and int(audit_id) < 2**63 else None)
        return services.may_raise(membership, audit)


class ActionPages(PrefilledPages):
    prefill = ("nonconformity",)


class NCPages(RecordPages):
    """Nonconformities are opened by raising a finding: "new" leads there; no import, no delete."""

    deletable = False  # a nonconformity is kept (10.2 g): its page offers no Delete

    def create_view(self, request, membership):
        return redirect(reverse("improvement:finding_create", args=[membership.organization.slug]) + "?kind=major_nc")

    def import_view(self, request, membership):
        raise Http404("Nonconformities are opened by raising findings.")

    def delete_view(self, request, membership, pk):
        raise Http404("A nonconformity is kept (10.2 g).")


FINDING_PAGES = FindingPages(
    FINDING, FINDING_ACCESS, "improvement", name="finding", title="Findings", noun="finding", nav="nonconformities",
    tabs="improvement/_tabs.html", intro="What audits, incidents, metric breaches, concerns and reviews found "
    "against a requirement: nonconformities, observations and opportunities for improvement, with the objective "
    "evidence (ISO/IEC 42001 9.2.1, 10.2).", columns=("kind", "requirement_ref", "status", "raised_on"),
    sections=finding_sections)

NC_PAGES = NCPages(
    NONCONFORMITY, NC_ACCESS, "improvement", name="nonconformity", title="Nonconformities", noun="nonconformity",
    nav="nonconformities", tabs="improvement/_tabs.html", intro="Each nonconformity through correction, root-cause "
    "analysis, corrective action and an independent verification of effectiveness to closure (ISO/IEC 42001 "
    "10.2).", columns=("severity", "state", "owner", "correction_due"), sections=nc_sections)

ACTION_PAGES = ActionPages(
    CORRECTIVE_ACTION, ACTION_ACCESS, "improvement", name="corrective_action", title="Corrective actions",
    noun="corrective action", nav="nonconformities", tabs="improvement/_tabs.html", intro="Actions that remove "
    "the cause of a nonconformity, with their owner, due date and outcome (ISO/IEC 42001 10.2 c).",
    columns=("nonconformity", "status", "owner", "due_on"), sections=action_sections)
