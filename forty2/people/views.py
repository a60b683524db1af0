"""The RACI matrix page and its export, and linking members to their people (ISO/IEC 42001 5.3, A.3.2); the lists
and record pages of people, departments, roles and assignments are the records kit's (:mod:`.faces`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from forty2.controls.checks import CHECKS
from forty2.core.errors import InvalidInput, StaleVersion
from forty2.core.spreadsheets import CONTENT_TYPES, write_csv, write_xlsx
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from . import raci, services
from .models import RaciLetter

CLAUSES = ("5.3", "A.3.2")


def _checks(org):
    return [(ref, check.label, check.test(org, {})) for ref in CLAUSES for check in CHECKS.get(ref, [])
            if check.managed]


def _grid(org, posted=None):
    """The rows of the grid; ``posted`` ({(process, role id): letter}) replaces saved letters (a refused save)."""
    roles = list(raci.live_roles(org))
    grid = raci.rows(org, roles)
    if posted is not None:
        for row in grid:
            row.letters = [(role, posted.get((row.process.key, role.pk), letter)) for role, letter in row.letters]
            row.accountable = sum(1 for _role, letter in row.letters if letter == "A")
    return roles, grid


def _posted(request, roles) -> list[dict]:
    return [{"process": p.key, "role": role.pk, "letter": request.POST.get(f"cell-{p.key}-{role.pk}", "").strip()}
            for p in raci.PROCESSES for role in roles]


@org_view()
def raci_view(request, membership):
    """The grid of AIMS processes by AIMS role, edited in one form and saved in one transaction (A.3.2)."""
    org = membership.organization
    may_edit = can(membership, "edit_any_record")
    posted, error, status = None, "", 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Owners and AIMS managers edit the RACI matrix.")
        roles = list(raci.live_roles(org))
        cells = _posted(request, roles)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            return HttpResponseBadRequest("The form has no version; reload the page.", content_type="text/plain")
        try:
            before = raci.matrix(org).version
            saved = raci.save(membership, cells, version=version)
        except StaleVersion as exc:
            error, status = (f"{exc.message} Your choices are kept below; compare them with the saved matrix "
                             "and save again."), 409
            posted = {(c["process"], c["role"]): c["letter"] for c in cells}
        except InvalidInput as exc:
            error, status = " ".join(e["msg"] for e in exc.errors), 422
            posted = {(c["process"], c["role"]): c["letter"] for c in cells}
        else:
            messages.success(request, "RACI matrix saved." if saved.version != before else "Nothing changed.")
            return redirect("people:raci", org=org.slug)
    roles, grid = _grid(org, posted)
    return render(request, "people/raci.html", {
        "nav_active": "people_roles", "tab": "raci", "roles": roles, "grid": grid, "error": error,
        "version": raci.matrix(org).version, "letters": RaciLetter.choices, "may_edit": may_edit,
        "complete": sum(1 for row in grid if row.complete), "total": len(grid), "checks": _checks(org)},
        status=status)


@org_view("export_records")
def raci_export(request, membership):
    fmt = request.GET.get("format", "csv").strip().lower()
    if fmt not in ("csv", "xlsx"):
        return HttpResponseBadRequest("Unknown format; use format=csv or format=xlsx.", content_type="text/plain")
    org = membership.organization
    header, body = raci.export_table(org)
    data = write_csv(header, body) if fmt == "csv" else write_xlsx(header, body, title="RACI")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (f'attachment; filename="{org.slug}-raci-{timezone.localdate():%Y-%m-%d}'
                                       f'.{fmt}"')
    return response


@org_view()
@require_POST
def link_members(request, membership):
    """Link members to their people by e-mail (and create the missing people when asked)."""
    if not can(membership, "edit_any_record"):
        raise PermissionDenied("Owners and AIMS managers link members to people.")
    result = services.link_members(membership, create_missing=request.POST.get("create") == "1")
    messages.success(request, f"Members and people: {result.summary()}.")
    return redirect("people:person_list", org=membership.organization.slug)
