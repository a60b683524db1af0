"""The context-and-scope overview and the one-per-organisation determinations (ISO/IEC 42001 4.1-4.4); the
lists of issues, parties, laws, exclusions and AIMS risks are the records kit's pages (:mod:`.faces`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from forty2.controls.checks import CHECKS
from forty2.inventory.models import AISystem
from forty2.records import display
from forty2.records import forms as record_forms
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from . import faces, services
from .definitions import AIMS_CONTEXT

ContextForm = record_forms.record_form(AIMS_CONTEXT)
CLAUSES = ("4.1", "4.2", "4.3", "6.1.1")


@org_view()
def overview(request, membership):
    org = membership.organization
    context = services.aims_context(org)
    systems = AISystem.objects.for_org(org).filter(archived_at__isnull=True).order_by("-in_scope", "name")
    checks = [(ref, check.label, check.test(org, {})) for ref in CLAUSES for check in CHECKS.get(ref, [])
              if check.managed]
    counts = [(p.title, p.url("list", org.slug), p.access.queryset(org).count()) for p in faces.PAGES.values()]
    return render(request, "context/overview.html", {
        "nav_active": "context", "tab": "overview", "context": context,
        "rows": display.rows(AIMS_CONTEXT, context, skip=()), "suggested": [
            r for r in services.suggested_roles(org) if r not in context.ai_roles],
        "systems": systems, "checks": checks, "counts": counts,
        "may_edit": can(membership, "edit_any_record")})


@org_view()
def context_edit(request, membership):
    """The determinations, edited with the kit's three-way merge (nobody's saved change is lost, 7.5.3)."""
    if not can(membership, "edit_any_record"):
        raise PermissionDenied("Owners and AIMS managers record the organisation's context.")
    org = membership.organization
    context = services.aims_context(org)

    def save(data, version, base, resolved):
        return services.update(AIMS_CONTEXT, membership, context, data, version=version, base=base,
                               resolved=resolved)

    initial = {}
    if request.method == "GET" and request.GET.get("adopt") == "suggested":
        initial["ai_roles"] = sorted(set(context.ai_roles) | set(services.suggested_roles(org)))
    edit = record_forms.edit(request, AIMS_CONTEXT, ContextForm, context, save,
                             reload=lambda: services.aims_context(org), organization=org, initial=initial)
    if edit.saved:
        messages.success(request, "Changes saved." if edit.changed else "Nothing changed.")
        return redirect("context:overview", org=org.slug)
    record_forms.explain_stale(edit, AIMS_CONTEXT, lambda: services.aims_context(org))
    return render(request, "context/context_form.html", {"nav_active": "context", "tab": "overview",
                                                         "form": edit.form, "edit": edit})
