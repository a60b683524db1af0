"""Pages of the AI system register; writes go through :mod:`forty2.inventory.services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from forty2.aiact.labels import TIER_FILTER_CHOICES
from forty2.core.errors import Forty2Error, InvalidInput, StaleVersion
from forty2.core.queries import org_events
from forty2.tenancy.models import Membership
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors
from forty2.web.listing import is_htmx_fragment, paginate, querystring, sort_columns

from . import queries, services
from .forms import AISystemForm
from .models import AIRole, AISystem, Automation, Criticality, LifecycleStage, PersonalData, SystemStatus

#: Query-string names of the list's filters; the export view accepts the same names.
FILTER_KEYS = ("q", "lifecycle_stage", "status", "criticality", "personal_data", "automation", "ai_role", "owner",
               "tier", "archived")
SORT_COLUMNS = [("name", "Name"), ("lifecycle_stage", "Life cycle stage"),
                ("status", "Status"), ("criticality", "Criticality"), ("updated_at", "Updated")]


def _list_state(request) -> dict:
    state = {key: request.GET.get(key, "").strip() for key in (*FILTER_KEYS, "ordering")}
    state["archived"] = "1" if state["archived"] in ("1", "true", "yes", "on") else ""
    return state


def _owner_choices(org):
    members = Membership.objects.filter(organization=org).select_related("user")
    return sorted(((m.user.email, str(m.user)) for m in members), key=lambda c: c[1].lower())


@org_view()
def system_list(request, membership):
    """The register: search, filters, sort and page all in the URL; HTMX asks only for the results."""
    org = membership.organization
    state = _list_state(request)
    params = {k: v or None for k, v in state.items() if k != "archived"}
    try:
        qs = queries.ai_systems(org, archived=bool(state["archived"]), **params)
    except InvalidInput:  # an unknown sort column in a hand-edited URL: fall back to the default order
        state["ordering"] = params["ordering"] = None
        qs = queries.ai_systems(org, archived=bool(state["archived"]), **params)
    page = paginate(request, qs)
    filters = {k: state[k] for k in FILTER_KEYS}
    context = {
        "page": page, "state": state, "nav_active": "ai_systems", "tab": "systems",
        "query": querystring(state, page=None),
        "export_query": querystring(filters),
        "columns": sort_columns(state, SORT_COLUMNS, default="name", descending_first=("updated_at",)),
        "any_filter": any(filters.values()),
        "more_active": sum(1 for k in ("owner", "personal_data", "automation", "ai_role", "archived") if state[k]),
        "choices": {
            "lifecycle_stage": LifecycleStage.choices, "status": SystemStatus.choices,
            "criticality": Criticality.choices, "personal_data": PersonalData.choices,
            "automation": Automation.choices, "ai_role": AIRole.choices, "owner": _owner_choices(org),
            "tier": TIER_FILTER_CHOICES,
        },
        "may_create": can(membership, "create_record"),
        "may_import": can(membership, "import_records"),
        "may_export": can(membership, "export_records"),
    }
    context["fragment"] = is_htmx_fragment(request)
    template = "inventory/_system_results.html" if context["fragment"] else "inventory/system_list.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def _get(membership, pk, *, include_archived=False):
    try:
        return queries.ai_system(membership.organization, pk, include_archived=include_archived)
    except AISystem.DoesNotExist:
        raise Http404 from None


@org_view()
def system_detail(request, membership, pk):
    system = _get(membership, pk, include_archived=True)
    history = org_events(membership.organization, object_type="aisystem", object_id=pk)[:50]
    live = system.archived_at is None
    return render(request, "inventory/system_detail.html", {
        "system": system, "history": history, "nav_active": "ai_systems",
        "ai_roles": [AIRole(r).label for r in system.ai_roles if r in AIRole.values],
        "may_edit": live and can(membership, "edit_record", system),
        "may_archive": live and can(membership, "archive_record", system)})


def _save(form, save):
    """Run the service; map its errors back onto the form so nothing typed is lost."""
    if not form.is_valid():
        return None
    try:
        return save(form.service_data())
    except StaleVersion:
        raise  # the edit view shows who changed what
    except Forty2Error as exc:
        add_service_errors(form, exc)
    return None


def _render_form(request, form, **extra):
    return render(request, "inventory/system_form.html", {"form": form, "nav_active": "ai_systems", **extra})


@org_view("create_record")
def system_create(request, membership):
    org = membership.organization
    form = AISystemForm(request.POST or None, organization=org, may_approve=can(membership, "approve"))
    if request.method == "POST":
        system = _save(form, lambda data: services.create_ai_system(membership, data))
        if system:
            messages.success(request, f"‘{system.name}’ added to the register.")
            return redirect("inventory:system_detail", org=org.slug, pk=system.pk)
    return _render_form(request, form)


def _edit_version(request, system) -> int:
    """The version the form was rendered with; a missing or garbled one never overwrites silently."""
    try:
        return int(request.POST["version"])
    except (KeyError, TypeError, ValueError):
        return -1


LINK_ATTRS = {"model_ids": "ai_models", "dataset_ids": "datasets", "supplier_ids": "suppliers"}


def _norm(value):
    if isinstance(value, list):
        return sorted(value)
    return (value.strip() if isinstance(value, str) else value) if value is not None else ""


def _saved_text(current, name) -> str:
    """The saved value of one form field as a person reads it."""
    if name in LINK_ATTRS:
        return ", ".join(str(obj) for obj in getattr(current, LINK_ATTRS[name]).all()) or "none"
    if name == "ai_roles":
        return ", ".join(AIRole(r).label for r in current.ai_roles if r in AIRole.values) or "none"
    if name == "vulnerable_groups":
        return {True: "Yes", False: "No"}.get(current.vulnerable_groups, "Not yet known")
    display = getattr(current, f"get_{name}_display", None)
    value = display() if display else getattr(current, name)
    return str(value) if value not in (None, "") else "blank"


def _differences(form, current) -> list[tuple[str, str]]:
    """Fields whose saved value now differs from what the person typed: (label, saved value)."""
    saved = services.snapshot(current)
    return [(form[name].label, _saved_text(current, name)[:300])
            for name, value in form.service_data().items() if _norm(value) != _norm(saved.get(name))]


@org_view()
def system_edit(request, membership, pk):
    org = membership.organization
    system = _get(membership, pk)
    if not can(membership, "edit_record", system):
        raise PermissionDenied("Your role may only edit AI systems you own or created.")
    form = AISystemForm(request.POST or None, instance=system, organization=org,
                        may_approve=can(membership, "approve"))
    version = _edit_version(request, system) if request.method == "POST" else system.version
    stale = None
    if request.method == "POST":
        try:
            saved = _save(form, lambda data: services.update_ai_system(membership, system, data, version=version))
        except StaleVersion as exc:
            # Keep everything typed; show what changed meanwhile; a second save overwrites knowingly.
            current = _get(membership, pk)
            stale = {"differences": _differences(form, current), "by": org_events(
                org, object_type="aisystem", object_id=pk).first()}
            form.add_error(None, "Someone else changed this AI system while you were editing it. Your changes "
                                 "are below and have not been saved. Check the differences, then save again to "
                                 "replace their version with yours.")
            version = exc.current
            saved = None
        if saved:
            messages.success(request, "Changes saved." if saved.version != version else "Nothing changed.")
            return redirect("inventory:system_detail", org=org.slug, pk=pk)
    return _render_form(request, form, system=system, version=version, stale=stale)


@org_view("archive_record")
def system_archive(request, membership, pk):
    """GET asks for confirmation (works without JavaScript); POST archives through the service."""
    org = membership.organization
    system = _get(membership, pk)
    if request.method == "POST":
        try:
            services.archive_ai_system(membership, system)
        except Forty2Error as exc:
            messages.error(request, exc.message)
            return redirect("inventory:system_detail", org=org.slug, pk=pk)
        messages.success(request, f"‘{system.name}’ archived. It no longer appears in the register; its history "
                                  "is kept in the audit log.")
        return redirect("inventory:system_list", org=org.slug)
    archived_list = reverse("inventory:system_list", args=[org.slug]) + "?archived=1"
    return render(request, "inventory/system_archive.html",
                  {"system": system, "nav_active": "ai_systems", "archived_list": archived_list})
