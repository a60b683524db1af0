"""Pages for the records AI systems link to: models, datasets and suppliers (A.4.3, A.7, A.10).

Writes go through :mod:`forty2.inventory.linked`; ``kind`` in the URL is one of ``LINKED_REGISTERS`` (404 otherwise).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render

from forty2.core.errors import Conflict, Forty2Error, InvalidInput, StaleVersion
from forty2.core.queries import org_events
from forty2.records import display
from forty2.records import forms as record_forms
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors
from forty2.web.listing import paginate, querystring, sort_columns

from . import linked, queries
from .forms import AIModelForm, DatasetForm, SupplierForm
from .models import AIModel, Dataset, Supplier


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    form: type
    singular: str
    plural: str
    intro: str
    columns: tuple  # (attribute, header) shown in the list after the name


#: the pages of the registers an AI system links to, by the slug in their URL
LINKED_REGISTERS = {
    "models": Kind("models", AIModel, AIModelForm, "model", "Models",
                   "Trained and general-purpose models your AI systems use, with their versions and model cards "
                   "(ISO/IEC 42001 A.4.3, A.6.2.3).",
                   (("model_version", "Version"), ("provider", "Provider"), ("licence", "Licence"))),
    "datasets": Kind("datasets", Dataset, DatasetForm, "dataset", "Datasets",
                     "Data used to train, test or run your AI systems, with its provenance and personal data "
                     "(A.7).",
                     (("source", "Source"), ("personal_data", "Personal data"), ("licence", "Licence"))),
    "suppliers": Kind("suppliers", Supplier, SupplierForm, "supplier", "Suppliers",
                      "Third parties that supply AI systems, models, data or services (A.10.2, A.10.3).",
                      (("country", "Country"), ("contract_reference", "Contract"))),
}


def _kind(kind: str) -> Kind:
    try:
        return LINKED_REGISTERS[kind]
    except KeyError:
        raise Http404("No such register.") from None


def _get(membership, kind: Kind, pk):
    obj = kind.model.objects.for_org(membership.organization).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _context(kind: Kind, **extra) -> dict:
    return {"kind": kind, "tab": kind.slug, "nav_active": "ai_systems", **extra}


@org_view()
def linked_list(request, membership, kind):
    kind = _kind(kind)
    state = {"q": request.GET.get("q", "").strip(), "ordering": request.GET.get("ordering", "").strip()}
    org = membership.organization
    try:
        qs = queries.linked(kind.model, org, q=state["q"] or None, ordering=state["ordering"] or None)
    except InvalidInput:
        state["ordering"] = ""
        qs = queries.linked(kind.model, org, q=state["q"] or None)
    qs = qs.annotate(system_count=Count("ai_systems", filter=Q(ai_systems__archived_at__isnull=True)))
    return render(request, "inventory/linked_list.html", _context(
        kind, page=paginate(request, qs), state=state, query=querystring(state, page=None),
        columns=sort_columns(state, [("name", "Name"), ("updated_at", "Updated")], default="name",
                             descending_first=("updated_at",)),
        may_create=can(membership, "create_record")))


@org_view()
def linked_detail(request, membership, kind, pk):
    kind = _kind(kind)
    obj = _get(membership, kind, pk)
    org = membership.organization
    systems = obj.ai_systems.filter(archived_at__isnull=True).select_related("business_owner").order_by("name")
    rows = display.rows(kind.form.record_type, obj)
    history = org_events(org, object_type=kind.model._meta.model_name, object_id=pk)[:50]
    return render(request, "inventory/linked_detail.html", _context(
        kind, obj=obj, rows=rows, systems=systems, history=history,
        may_edit=can(membership, "edit_record", obj), may_delete=can(membership, "archive_record")))


def _save(form, save):
    if not form.is_valid():
        return None
    try:
        return save(form.service_data())
    except StaleVersion as exc:
        form.add_error(None, exc.message)
        form.stale_version = exc.current
    except Forty2Error as exc:
        add_service_errors(form, exc, aliases={"version": "model_version"})
    return None


@org_view("create_record")
def linked_create(request, membership, kind):
    kind = _kind(kind)
    form = kind.form(request.POST or None)
    if request.method == "POST":
        obj = _save(form, lambda data: linked.create(kind.model, membership, data))
        if obj:
            messages.success(request, f"{kind.singular.capitalize()} ‘{obj}’ added.")
            return redirect("inventory:linked_detail", org=membership.organization.slug, kind=kind.slug, pk=obj.pk)
    return render(request, "inventory/linked_form.html", _context(kind, form=form))


@org_view("create_record")
def linked_edit(request, membership, kind, pk):
    """Edit with a field-level merge (records.forms.edit): changes saved meanwhile by someone else are kept."""
    kind = _kind(kind)
    obj = _get(membership, kind, pk)
    if not can(membership, "edit_record", obj):
        raise PermissionDenied("Contributors may edit only the records they created.")

    def save(data, version, base, resolved):
        return linked.update(kind.model, membership, obj, data, version=version, base=base, resolved=resolved)

    edit = record_forms.edit(request, kind.form.record_type, kind.form, obj, save,
                             reload=lambda: _get(membership, kind, pk))
    if edit.saved:
        messages.success(request, "Changes saved.")
        return redirect("inventory:linked_detail", org=membership.organization.slug, kind=kind.slug, pk=pk)
    if edit.stale is not None:
        edit.form.add_error(None, edit.stale.message)
        edit.base = record_forms.sign_base(kind.form.record_type, _get(membership, kind, pk))
    return render(request, "inventory/linked_form.html", _context(kind, form=edit.form, obj=obj,
                                                                  version=edit.version, edit=edit))


@org_view("archive_record")
def linked_delete(request, membership, kind, pk):
    """GET asks for confirmation; POST deletes, or shows why not (still linked to AI systems)."""
    kind = _kind(kind)
    obj = _get(membership, kind, pk)
    error = None
    if request.method == "POST":
        try:
            linked.delete(kind.model, membership, obj)
        except Conflict as exc:
            error = exc.message
        else:
            messages.success(request, f"{kind.singular.capitalize()} ‘{obj}’ deleted.")
            return redirect("inventory:linked_list", org=membership.organization.slug, kind=kind.slug)
    systems = list(obj.ai_systems.order_by("name"))
    response = render(request, "inventory/linked_delete.html", _context(kind, obj=obj, systems=systems, error=error))
    if error:
        response.status_code = 409
    return response
