"""Pages of the risk register (ISO/IEC 42001 6.1.2, 6.1.3, 8.2, 8.3); writes go through :mod:`forty2.risk.services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from forty2.core.errors import Forty2Error
from forty2.core.queries import org_events
from forty2.records import bulk
from forty2.records import filters as kit_filters
from forty2.records import forms as record_forms
from forty2.tenancy.models import Membership
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors, run_and_report
from forty2.web.listing import is_htmx_fragment, paginate, querystring, sort_columns

from . import annex, queries, services
from .definitions import ACTION, RISK
from .forms import ActionForm, RiskForm
from .models import ActionStatus, Level, Risk, TreatmentAction
from .views_controls import soa_links

FILTER_KEYS = (*[k for k in kit_filters.param_names(RISK) if k != "ordering"], *queries.EXTRA_PARAMS)
SORT_COLUMNS = [("title", "Risk"), ("inherent_level", "Inherent"), ("residual_level", "Residual"),
                ("status", "Status"), ("next_review", "Next review")]


#: Bulk edit on the risk register's list (forty2/records/bulk.py), through the register's update service
RISK_BULK = bulk.BulkSpec(rt=RISK, update=services.update_risk, records=lambda m: Risk.objects.for_org(m.organization),
                          url=lambda org, r: reverse("risk:risk_detail", args=[org.slug, r.pk]))


def list_state(request) -> dict:
    return {key: request.GET.get(key, "").strip() for key in (*FILTER_KEYS, "ordering")}


def _choices(org) -> dict:
    from forty2.inventory.models import AISystem

    choices = {f.query_name: f.choices.choices for f in RISK.filters if f.choices is not None}
    choices["level"] = Level.choices
    choices["system"] = [(str(pk), name) for pk, name in AISystem.objects.for_org(org).filter(
        archived_at__isnull=True).values_list("pk", "name")]
    members = Membership.objects.filter(organization=org).select_related("user")
    choices["owner"] = sorted(((m.user.email, str(m.user)) for m in members), key=lambda c: c[1].lower())
    return choices


@org_view()
def risk_list(request, membership):
    """The register: search, filters (system, owner, level, status, overdue, re-assessment due) and sort in the
    URL; HTMX asks only for the results. A POST is a bulk change of the selected risks (one audited write each)."""
    org = membership.organization
    if request.method == "POST":
        return bulk.respond(request, membership, RISK_BULK, back=request.get_full_path(), title="Risk register",
                            nav_active="risks")
    state = list_state(request)
    qs = queries.risks(org, state, strict=False)
    page = paginate(request, qs, per_page=50)
    queries.attach_systems(list(page.object_list))
    filters = {k: state[k] for k in FILTER_KEYS}
    context = {
        "page": page, "state": state, "nav_active": "risks", "tab": "risks",
        "query": querystring(state, page=None), "export_query": querystring(filters),
        "columns": sort_columns(state, SORT_COLUMNS, default="title", descending_first=("inherent_level",
                                                                                        "residual_level")),
        "any_filter": any(filters.values()), "choices": _choices(org),
        "more_active": sum(1 for k in ("source", "objective", "treatment_option", "acceptance", "lifecycle_stage",
                                       "inherent_level", "residual_level") if state.get(k)),
        "may_create": can(membership, "create_record"), "may_import": can(membership, "import_records"),
        "may_export": can(membership, "export_records"),
    }
    context.update(bulk.offer(request, membership, RISK_BULK, page))
    context["fragment"] = is_htmx_fragment(request)
    template = "risk/_risk_results.html" if context["fragment"] else "risk/risk_list.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def _get(membership, pk) -> Risk:
    try:
        return queries.risk(membership.organization, pk)
    except Risk.DoesNotExist:
        raise Http404 from None


@org_view()
def risk_detail(request, membership, pk):
    risk = _get(membership, pk)
    org = membership.organization
    may_accept, why_not = services.may_accept(membership, risk)
    missing = services.missing_for_acceptance(risk)
    if missing:  # the page says what to complete before anyone may accept it (the API answers 422)
        may_accept, why_not = False, " ".join(e["msg"] for e in missing)
    return render(request, "risk/risk_detail.html", {
        "risk": risk, "nav_active": "risks", "systems": risk.ai_systems.order_by("name"),
        "actions": risk.actions.select_related("owner"), "acceptance": services.acceptance_state(risk),
        "controls": annex.control_links(risk.controls), "framework": annex.FRAMEWORK_SLUG,
        "sources": [RISK.by_name["sources"].choice_label(s) for s in risk.sources],
        "objectives": [RISK.by_name["objectives"].choice_label(s) for s in risk.objectives],
        "history": org_events(org, object_type="risk", object_id=pk)[:50],
        "may_edit": can(membership, "edit_record", risk), "may_accept": may_accept, "why_not": why_not,
        "acceptance_word": services.acceptance_word(risk),
        "may_delete_actions": can(membership, "archive_record"),
        "action_form": ActionForm(organization=org), "action_statuses": ActionStatus.choices,
        "m": risk.methodology, **soa_links(membership, "risk", risk)})


def _save(form, save):
    if not form.is_valid():
        return None
    try:
        return save(form.service_data())
    except Forty2Error as exc:
        add_service_errors(form, exc)
    return None


def _render_form(request, form, **extra):
    return render(request, "risk/risk_form.html", {"form": form, "nav_active": "risks", **extra})


@org_view("create_record")
def risk_create(request, membership):
    org = membership.organization
    initial = {}
    if request.GET.get("system", "").isdigit():
        initial["ai_system_ids"] = [int(request.GET["system"])]
    form = RiskForm(request.POST or None, organization=org, initial=initial)
    if request.method == "POST":
        risk = _save(form, lambda data: services.create_risk(membership, data))
        if risk:
            messages.success(request, f"‘{risk.title}’ added to the risk register.")
            return redirect("risk:risk_detail", org=org.slug, pk=risk.pk)
    return _render_form(request, form)


def _version(request) -> int:
    try:
        return int(request.POST["version"])
    except (KeyError, TypeError, ValueError):
        return -1


@org_view()
def risk_edit(request, membership, pk):
    """Edit with a field-level merge: a change someone else saved meanwhile is kept (records.forms.edit)."""
    org = membership.organization
    risk = _get(membership, pk)
    if not can(membership, "edit_record", risk):
        raise PermissionDenied("Your role may only edit risks you own or created.")

    def save(data, version, base, resolved):
        return services.update_risk(membership, risk, data, version=version, base=base, resolved=resolved)

    def reload():
        return _get(membership, pk)

    edit = record_forms.edit(request, RISK, RiskForm, risk, save, reload=reload, organization=org)
    if edit.saved:
        messages.success(request, "Changes saved." if edit.changed else "Nothing changed.")
        return redirect("risk:risk_detail", org=org.slug, pk=pk)
    record_forms.explain_stale(edit, RISK, reload)
    return _render_form(request, edit.form, risk=risk, edit=edit)


@org_view()
def risk_accept(request, membership, pk):
    """POST only: accept the risk as shown (the version the page was rendered with)."""
    risk = _get(membership, pk)
    run_and_report(request, lambda: services.accept_risk(membership, risk, version=_version(request),
                                                         note=request.POST.get("note", "")),
                   success="Risk accepted. The acceptance turns stale if the risk changes.",
                   stale="The risk changed since you opened it; review it again before accepting.")
    return redirect("risk:risk_detail", org=membership.organization.slug, pk=pk)


@org_view()
def action_add(request, membership, pk):
    org = membership.organization
    risk = _get(membership, pk)
    if request.method == "POST":
        form = ActionForm(request.POST, organization=org)
        if form.is_valid():
            try:
                services.add_action(membership, risk, form.service_data())
                messages.success(request, "Action added to the treatment plan.")
            except Forty2Error as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, "Check the action: " + "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("risk:risk_detail", org=org.slug, pk=pk)


def _action(membership, pk, action_pk) -> TreatmentAction:
    action = TreatmentAction.objects.for_org(membership.organization).filter(
        risk__pk=pk, pk=action_pk).select_related("risk").first()
    if action is None:
        raise Http404
    return action


@org_view()
def action_edit(request, membership, pk, action_pk):
    """Change an action's title, owner or due date (its status has its own quick control), with a field-level
    merge (records.forms.edit)."""
    org = membership.organization
    action = _action(membership, pk, action_pk)

    def save(data, version, base, resolved):
        return services.update_action(membership, action, data, version=version, base=base, resolved=resolved)

    def reload():
        return _action(membership, pk, action_pk)

    edit = record_forms.edit(request, ACTION, ActionForm, action, save, reload=reload, organization=org)
    if edit.saved:
        messages.success(request, "Action changed." if edit.changed else "Nothing changed.")
        return redirect("risk:risk_detail", org=org.slug, pk=pk)
    record_forms.explain_stale(edit, ACTION, reload)
    return render(request, "risk/action_form.html", {"form": edit.form, "edit": edit, "action": action,
                                                     "risk": action.risk, "nav_active": "risks"})


@org_view()
def action_delete(request, membership, pk, action_pk):
    org = membership.organization
    action = _action(membership, pk, action_pk)
    run_and_report(request, lambda: services.delete_action(membership, action),
                   success="Action removed from the treatment plan.")
    return redirect("risk:risk_detail", org=org.slug, pk=pk)


@org_view()
def action_status(request, membership, pk, action_pk):
    org = membership.organization
    action = _action(membership, pk, action_pk)
    run_and_report(request, lambda: services.update_action(membership, action,
                                                           {"status": request.POST.get("status", "")},
                                                           version=_version(request)))
    return redirect("risk:risk_detail", org=org.slug, pk=pk)
