"""Pages of the AI system register; writes go through :mod:`forty2.inventory.services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from forty2.core.errors import Forty2Error, StaleVersion
from forty2.core.queries import org_events
from forty2.records import bulk, display
from forty2.records import filters as kit_filters
from forty2.records import forms as record_forms
from forty2.tenancy.models import Membership
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors
from forty2.web.listing import is_htmx_fragment, paginate, querystring, sort_columns

from . import linked, queries, services
from .definitions import AI_SYSTEM, LINKED
from .forms import LINK_FIELD, AISystemForm, inline_forms
from .models import AIRole, AISystem

#: Query-string names of the list's filters: the register's one vocabulary (the export takes the same).
FILTER_KEYS = tuple(k for k in kit_filters.param_names(AI_SYSTEM) if k != "ordering")
SORT_COLUMNS = [("name", "Name"), ("lifecycle_stage", "Life cycle stage"),
                ("status", "Status"), ("criticality", "Criticality"), ("updated_at", "Updated")]


#: Bulk edit on the register's list (forty2/records/bulk.py): live systems only, through the register's service
SYSTEM_BULK = bulk.BulkSpec(
    rt=AI_SYSTEM, update=services.update_ai_system,
    records=lambda m: AISystem.objects.for_org(m.organization).filter(archived_at__isnull=True),
    url=lambda org, s: reverse("inventory:system_detail", args=[org.slug, s.pk]))


def _list_state(request) -> dict:
    state = {key: request.GET.get(key, "").strip() for key in (*FILTER_KEYS, "ordering")}
    state["archived"] = "1" if state["archived"] in ("1", "true", "yes", "on") else ""
    return state


def _filter_choices(org) -> dict:
    """The choices of each filter, from the definition (and the owner list from the members)."""
    choices = {f.query_name: f.choices.choices for f in AI_SYSTEM.filters if f.choices is not None}
    tier = AI_SYSTEM.by_name["ai_act_tier"]
    if tier.choices is not None:
        choices["tier"] = [*tier.choices.choices, (tier.filter_empty, "Not classified")]
    choices["owner"] = _owner_choices(org)
    return choices


def _owner_choices(org):
    members = Membership.objects.filter(organization=org).select_related("user")
    return sorted(((m.user.email, str(m.user)) for m in members), key=lambda c: c[1].lower())


@org_view()
def system_list(request, membership):
    """The register: search, filters, sort and page all in the URL; HTMX asks only for the results. A POST is a
    bulk change of the selected systems (one audited write each, a result per system)."""
    org = membership.organization
    if request.method == "POST":
        return bulk.respond(request, membership, SYSTEM_BULK, back=request.get_full_path(),
                            title="AI system register", nav_active="ai_systems")
    state = _list_state(request)
    params = kit_filters.parse(AI_SYSTEM, state, strict=False)  # a hand-edited URL shows the list, not an error
    if "ordering" not in params:
        state["ordering"] = ""
    qs = queries.ai_systems(org, **params)
    page = paginate(request, qs)
    tier = AI_SYSTEM.by_name["ai_act_tier"]  # its labels come from the app that derives it
    for system in page:
        system.tier_label = tier.choice_label(system.ai_act_tier) or system.ai_act_tier
    filters = {k: state[k] for k in FILTER_KEYS}
    context = {
        "page": page, "state": state, "nav_active": "ai_systems", "tab": "systems",
        "query": querystring(state, page=None),
        "export_query": querystring(filters),
        "columns": sort_columns(state, SORT_COLUMNS, default="name", descending_first=("updated_at",)),
        "any_filter": any(filters.values()),
        "more_active": sum(1 for k in ("owner", "personal_data", "automation", "ai_role", "archived") if state[k]),
        "choices": _filter_choices(org),
        "may_create": can(membership, "create_record"),
        "may_import": can(membership, "import_records"),
        "may_export": can(membership, "export_records"),
    }
    if not state["archived"]:
        context.update(bulk.offer(request, membership, SYSTEM_BULK, page))
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
        "approval": services.approval_state(system),
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
    extra.setdefault("inline", inline_forms(request.POST or None, organization=request.org))
    inline = [(kind, _noun(LINKED[kind].label), extra["inline"][kind]) for kind in extra["inline"]]
    return render(request, "inventory/system_form.html", {"form": form, "nav_active": "ai_systems", **extra,
                                                          "inline": inline})


def _noun(label: str) -> str:
    """A record type's label inside a sentence ("supplier", but "AI model")."""
    return label if label[:2].isupper() else label.lower()


def _add_linked(request, membership):
    """The form's "Add supplier / model / dataset" button (ISO/IEC 42001 A.10.3, A.4.3, A.7): create the linked
    record through :mod:`forty2.inventory.linked` from the few inline fields, and give back the posted form with
    the new record ticked, so nothing typed on the AI system form is lost (nothing of the system is saved yet).
    Bad inline input stays in its fields with the error next to the one named. ``(post, inline forms, added)``."""
    kind = request.POST.get("add_linked", "")
    forms = inline_forms(request.POST, organization=membership.organization)
    post, added = request.POST.copy(), None
    form = forms.get(kind)
    if form is not None and form.is_valid():
        try:
            added = linked.create(LINKED[kind].model, membership, form.service_data())
        except Forty2Error as exc:
            add_service_errors(form, exc)
    if added is not None:
        post.appendlist(LINK_FIELD[kind], str(added.pk))
        forms = inline_forms(request.POST, organization=membership.organization, cleared=kind)
    return post, forms, added and {"kind": kind, "label": _noun(LINKED[kind].label), "record": added}


@org_view("create_record")
def system_create(request, membership):
    org = membership.organization
    if request.method == "POST" and "add_linked" in request.POST:
        post, inline, added = _add_linked(request, membership)
        form = AISystemForm(post, organization=org, may_approve=can(membership, "approve"))
        return _render_form(request, form, inline=inline, added=added)
    form = AISystemForm(request.POST or None, organization=org, may_approve=can(membership, "approve"))
    if request.method == "POST":
        system = _save(form, lambda data: services.create_ai_system(membership, data))
        if system:
            messages.success(request, f"‘{system.name}’ added to the register.")
            return redirect("inventory:system_detail", org=org.slug, pk=system.pk)
    return _render_form(request, form)


def _norm(value):
    if isinstance(value, list):
        value = sorted(value)
    elif isinstance(value, str):
        value = value.strip()
    return None if value in ("", None, []) else value


def _differences(form, current) -> list[tuple[str, str]]:
    """Fields whose saved value now differs from what the person typed: (label, saved value)."""
    saved = services.snapshot(current)
    out = []
    for name, value in form.service_data().items():
        if _norm(value) != _norm(saved.get(name)):
            out.append((form[name].label, (display.text(AI_SYSTEM.by_name[name], current) or "blank")[:300]))
    return out


@org_view()
def system_edit(request, membership, pk):
    """Edit with a field-level merge: changes someone else saved meanwhile are kept (records.forms.edit)."""
    org = membership.organization
    system = _get(membership, pk)
    if not can(membership, "edit_record", system):
        raise PermissionDenied("Your role may only edit AI systems you own or created.")

    if request.method == "POST" and "add_linked" in request.POST:  # nothing of the system is saved yet
        post, inline, added = _add_linked(request, membership)
        form = AISystemForm(post, instance=system, organization=org, may_approve=can(membership, "approve"))
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        edit = record_forms.Edit(form, version, request.POST.get("base", ""))
        return _render_form(request, form, system=system, version=version, edit=edit, inline=inline, added=added)

    def save(data, version, base, resolved):
        return services.update_ai_system(membership, system, data, version=version, base=base, resolved=resolved)

    edit = record_forms.edit(request, AI_SYSTEM, AISystemForm, system, save, reload=lambda: _get(membership, pk),
                             organization=org, may_approve=can(membership, "approve"))
    if edit.saved:
        messages.success(request, "Changes saved." if edit.changed else "Nothing changed.")
        return redirect("inventory:system_detail", org=org.slug, pk=pk)
    stale = None
    if edit.stale is not None:  # a page without a merge base: show what changed; saving again overwrites
        current = _get(membership, pk)
        stale = {"differences": _differences(edit.form, current), "by": org_events(
            org, object_type="aisystem", object_id=pk).first()}
        edit.form.add_error(None, "Someone else changed this AI system while you were editing it. Your changes "
                                  "are below and have not been saved. Check the differences, then save again to "
                                  "replace their version with yours.")
        edit.base = record_forms.sign_base(AI_SYSTEM, current)
    return _render_form(request, edit.form, system=system, version=edit.version, stale=stale, edit=edit)


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
