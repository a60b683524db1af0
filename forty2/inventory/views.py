"""Pages of the AI system register; writes go through :mod:`forty2.inventory.services`."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.core.queries import org_events
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from . import queries, services
from .forms import AISystemForm
from .models import AISystem, Criticality, LifecycleStage, SystemStatus

FILTER_KEYS = ("q", "lifecycle_stage", "status", "criticality", "ordering")


def _filters(request):
    return {key: request.GET.get(key, "").strip() for key in FILTER_KEYS}


@org_view()
def system_list(request, membership):
    org = membership.organization
    filters = _filters(request)
    try:
        qs = queries.ai_systems(org, **{k: v or None for k, v in filters.items()})
    except InvalidInput:
        filters["ordering"] = ""
        qs = queries.ai_systems(org, **{k: v or None for k, v in filters.items()})
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page, "filters": filters, "query": query.urlencode(), "nav_active": "ai_systems",
        "stages": LifecycleStage.choices, "statuses": SystemStatus.choices, "criticalities": Criticality.choices,
        "may_create": can(membership, "create_record"),
        "any_filter": any(filters[k] for k in FILTER_KEYS if k != "ordering"),
    }
    return render(request, "inventory/system_list.html", context)


def _get(membership, pk):
    try:
        return queries.ai_system(membership.organization, pk)
    except AISystem.DoesNotExist:
        raise Http404 from None


@org_view()
def system_detail(request, membership, pk):
    system = _get(membership, pk)
    history = org_events(membership.organization, object_type="aisystem", object_id=pk)[:50]
    return render(request, "inventory/system_detail.html", {
        "system": system, "history": history, "nav_active": "ai_systems",
        "may_edit": can(membership, "edit_record", system)})


def _save(request, membership, form, save):
    """Run the service; map its field errors back onto the form so nothing typed is lost."""
    if not form.is_valid():
        return None
    try:
        return save(form.service_data())
    except InvalidInput as exc:
        for error in exc.errors:
            field = error["loc"][-1]
            form.add_error(field if field in form.fields else None, error["msg"])
    except Forty2Error as exc:
        form.add_error(None, exc.message)
    return None


@org_view("create_record")
def system_create(request, membership):
    form = AISystemForm(request.POST or None, organization=membership.organization)
    if request.method == "POST":
        system = _save(request, membership, form, lambda data: services.create_ai_system(membership, data))
        if system:
            messages.success(request, f"'{system.name}' added to the register.")
            return redirect("inventory:system_detail", org=membership.organization.slug, pk=system.pk)
    return render(request, "inventory/system_form.html", {"form": form, "nav_active": "ai_systems"})


@org_view()
def system_edit(request, membership, pk):
    system = _get(membership, pk)
    if not can(membership, "edit_record", system):
        raise Http404
    form = AISystemForm(request.POST or None, instance=system, organization=membership.organization)
    version = int(request.POST.get("version", system.version)) if request.method == "POST" else system.version
    if request.method == "POST":
        saved = _save(request, membership, form,
                      lambda data: services.update_ai_system(membership, system, data, version=version))
        if saved:
            messages.success(request, "Changes saved.")
            return redirect("inventory:system_detail", org=membership.organization.slug, pk=pk)
    return render(request, "inventory/system_form.html",
                  {"form": form, "system": system, "version": version, "nav_active": "ai_systems"})


@org_view("archive_record")
def system_archive(request, membership, pk):
    raise Http404
