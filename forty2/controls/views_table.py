"""The Statement of Applicability decided in one table (ISO/IEC 42001 6.1.3 f; issue #15: the SoA took 220
clicks and 115 page loads, one page per control).

Every entry is a row: applicable or excluded, implementation status, justification. One form posts all rows and
only the rows someone changed are written, each through :func:`forty2.controls.services.update_entry` (the kit's
write path: role check, the exclusion rule, one version and one audit event per entry). Each row carries the
version and the signed snapshot it was shown with (``records.forms.sign_base``), so a row someone else changed
meanwhile is merged field by field; where both changed the same field the row says who did, keeps what was typed,
and saving it again replaces theirs. With htmx each row saves on its own, without reloading the page.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import render

from forty2.catalog.models import Requirement
from forty2.core.errors import EditConflict, Forty2Error, InvalidInput, StaleVersion
from forty2.records import forms as record_forms
from forty2.records.writes import same
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from . import queries, services
from .definitions import SOA_ENTRY
from .models import ImplementationStatus, SoAEntry

FIELDS = ("applicable", "status", "justification")
APPLICABLE = {"true": True, "false": False, "": None}
APPLICABLE_OPTIONS = [("", "Not decided"), ("true", "Applicable (included)"), ("false", "Excluded")]


@dataclass
class Row:
    """One entry as the table shows it: the values shown (saved or typed), the version and signed base the row
    was shown with, and what the last save of it did."""

    entry: SoAEntry
    values: dict
    version: int
    base: str
    may_edit: bool
    result: str = ""  # saved, unchanged, error or conflict
    errors: dict = field(default_factory=dict)  # field -> message
    message: str = ""
    by: object = None  # the audit event of the change a conflict ran into


def _shown(e: SoAEntry) -> dict:
    return {"applicable": {True: "true", False: "false"}.get(e.applicable, ""), "status": e.status,
            "justification": e.justification}


def _row(e: SoAEntry, may_edit: bool) -> Row:
    return Row(e, _shown(e), e.version, record_forms.sign_base(SOA_ENTRY, e), may_edit)


def _posted(request, e: SoAEntry, may_edit: bool) -> Row | None:
    """The row as the person left it on the page, or None when the post does not carry it."""
    prefix = f"e{e.pk}-"
    if f"{prefix}version" not in request.POST:
        return None
    try:
        version = int(request.POST[f"{prefix}version"])
    except ValueError:
        version = -1  # a garbled version never overwrites silently
    values = {name: request.POST.get(prefix + name, "") for name in FIELDS}
    return Row(e, values, version, request.POST.get(f"{prefix}base", ""), may_edit)


def _data(values: dict) -> dict:
    """The row's values in the service's vocabulary (an unknown "applicable" goes through to be refused by name)."""
    applicable = values["applicable"]
    return {"applicable": APPLICABLE.get(applicable, applicable), "status": values["status"],
            "justification": values["justification"]}


def _save(membership, row: Row) -> Row:
    """Write the fields of ``row`` the person changed (against the snapshot the row was shown with)."""
    e = row.entry
    base = record_forms.read_base(SOA_ENTRY, e, row.base)
    data = _data(row.values)
    changed = {k: v for k, v in data.items() if base is None or not same(v, base.get(k))}
    if not changed:
        row.result = "unchanged"
        return row
    if not row.may_edit:
        row.result, row.message = "error", "Your role may only edit controls you own; nothing was saved."
        return row
    try:
        saved = services.update_entry(membership, e, changed, version=row.version, base=base)
    except (EditConflict, StaleVersion) as exc:
        current = SoAEntry.objects.select_related("owner").get(pk=e.pk)
        names = [SOA_ENTRY.by_key[k].name for k in getattr(exc, "conflicts", None) or exc.fields
                 if k in SOA_ENTRY.by_key] or list(changed)
        by = record_forms.saved_by(current, names)[names[0]]
        labels = ", ".join(SOA_ENTRY.by_name[n].label for n in names)
        who = by.actor_label if by is not None else "someone else"
        row.entry, row.version, row.base = current, current.version, record_forms.sign_base(SOA_ENTRY, current)
        row.result, row.by = "conflict", by
        row.message = (f"{who} changed {labels} while you were editing; your values are below, not saved. Save "
                       "the row again to replace theirs.")
    except InvalidInput as exc:
        row.result = "error"
        for error in exc.errors:
            loc = error.get("loc") or ()
            name = str(loc[-1]) if loc else ""
            if name in FIELDS:
                row.errors[name] = error["msg"]
            else:
                row.message = (row.message + " " + error["msg"]).strip()
        row.message = row.message or "Not saved: correct the field marked below."
    except Forty2Error as exc:
        row.result, row.message = "error", exc.message
    else:
        row = _row(saved, row.may_edit)
        row.result = "saved" if getattr(saved, "changed_by_write", True) else "unchanged"
    return row


def _counts(rows) -> dict:
    counts = {"saved": 0, "unchanged": 0, "error": 0, "conflict": 0}
    for row in rows:
        if row.result:
            counts[row.result] += 1
    return counts


@org_view()
def soa_table(request, membership):
    """All SoA entries decided from one page (6.1.3 f): GET shows the table; POST saves the changed rows (or the
    one row of ``save_row``) and shows a result on each; an htmx row save answers with that row only."""
    org = membership.organization
    state = {k: request.GET.get(k, "").strip() for k in ("applicable", "group", "q")}
    entries = list(queries.entries(org, strict=False, **{k: v or None for k, v in state.items()}))
    if request.method == "POST":
        if not can(membership, "create_record"):
            raise DjangoPermissionDenied("Your role may not change the Statement of Applicability.")
        only = request.POST.get("save_row", "")
        posted_ids = {int(k[1:].split("-")[0]) for k in request.POST if k.startswith("e") and k.endswith("-version")
                      and k[1:].split("-")[0].isdigit()}
        extra = set(posted_ids) - {e.pk for e in entries}  # rows posted from a page filtered otherwise
        if extra:
            entries += list(SoAEntry.objects.for_org(org).select_related("owner").filter(pk__in=extra)
                            .order_by("position", "ref"))
    rows, processed = [], []
    for e in entries:
        may_edit = can(membership, "edit_record", e)
        row = _posted(request, e, may_edit) if request.method == "POST" else None
        if row is None:
            rows.append(_row(e, may_edit))
            continue
        if not only or only == str(e.pk):
            row = _save(membership, row)
            processed.append(row)
        rows.append(row)
    if request.method == "POST" and only and request.headers.get("HX-Request") == "true":
        row = next((r for r in processed), None)
        if row is None:
            raise DjangoPermissionDenied("That control is not on this page.")
        return render(request, "controls/_soa_table_row.html", {"row": row, "statuses": ImplementationStatus.choices,
                                                                "applicable_options": APPLICABLE_OPTIONS,
                                                                "action": request.get_full_path(), "single": True})
    return render(request, "controls/soa_table.html", {
        "rows": rows, "state": state, "statuses": ImplementationStatus.choices, "nav_active": "controls",
        "applicable_options": APPLICABLE_OPTIONS, "counts": _counts(processed) if request.method == "POST" else None,
        "may_edit_any": any(r.may_edit for r in rows), "action": request.get_full_path(),
        "groups": Requirement.objects.filter(framework__slug=services.ISO42001, kind="control_group")
        .order_by("position").values_list("ref", "title"), "any_filter": any(state.values())})
