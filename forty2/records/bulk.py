"""Bulk edit on list pages: select records, set one field, one audited write per record (ISO/IEC 42001 7.5.3;
issue #15 "what people met": the SoA and the register took one page per record).

:func:`bulk_update` is the service: each selected record goes through the record type's own update service (its
rules, its role check, its audit event), one transaction each, and every record gets its own result — saved,
unchanged, an error naming the field, or a conflict naming who changed it meanwhile. Which fields may be set in
bulk comes from the definition (:func:`bulk_fields`): writable choice, person, yes/no, date and ``ref`` fields.

:class:`BulkSpec` and :func:`respond` are the view helper a list page uses (the templates are
``web/records/_bulk.html``, ``_bulk_check.html``, ``_bulk_check_all.html`` and ``_bulk_page.html``). A list view
hands its POST to :func:`respond`; its template includes the bar and a checkbox per row (see the list pages of
the register and the risk register). It works without JavaScript (choose the field, then the value, then see the
results on a page of their own) and with htmx (the value control and the results appear in the bar).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import render

from forty2.core.errors import EditConflict, Forty2Error, InvalidInput, PermissionDenied, StaleVersion, field_error
from forty2.tenancy.roles import can

from . import display
from .definition import BOOL, BOOL3, CHOICE, DATE, PERSON, REF, Field, RecordType
from .forms import record_form, saved_by
from .validation import clean

BULK_KINDS = (CHOICE, PERSON, BOOL, BOOL3, DATE, REF)
MAX_ROWS = 200  # one page of a list at most; a bulk change is still one write per record
SAVED, UNCHANGED, ERROR, CONFLICT = "saved", "unchanged", "error", "conflict"


def bulk_fields(rt: RecordType) -> list[Field]:
    """The fields a list page may set on many records at once: writable, on the form, of a kind with a short
    list of values (choice, person, yes/no, date, a record of the organisation), and not unique (a unique value
    cannot go on two records)."""
    return [f for f in rt.writable
            if f.kind in BULK_KINDS and f.editable_in_form and f.name not in rt.unique]


@dataclass
class RowResult:
    """What happened to one record: ``status`` is saved, unchanged, error or conflict; ``message`` says why (an
    error names the field; a conflict names who changed it)."""

    obj: object
    status: str
    message: str = ""
    by: object = None  # the audit event of the change a conflict ran into
    url: str = ""  # the record's page, for the results

    @property
    def label(self) -> str:
        return str(self.obj)


def _errors_text(rt: RecordType, exc: InvalidInput) -> str:
    parts = []
    for error in exc.errors:
        loc = error.get("loc") or ()
        f = rt.field(str(loc[-1])) if loc else None
        parts.append(f"{f.label}: {error['msg']}" if f is not None else error["msg"])
    return " ".join(parts)


def bulk_update(rt: RecordType, membership, objects, field_name: str, value, update) -> list[RowResult]:
    """Set ``field_name`` to ``value`` on each of ``objects`` (records of the membership's organisation, read just
    before) through ``update(membership, obj, data, version=…)``, the record type's update service: one write
    and one audit event per record, each in its own transaction, so one refusal stops nobody else's row.

    A record changed by someone else since it was read is merged by the write path's rule (the change goes in
    when nobody changed this field meanwhile) and reported as a conflict otherwise. A field that cannot be set
    in bulk, or a value the field never accepts, is refused before anything is written (InvalidInput)."""
    f = rt.field(field_name)
    if f is None or f not in bulk_fields(rt):
        names = ", ".join(x.name for x in bulk_fields(rt))
        raise InvalidInput([field_error("field", f"'{field_name}' cannot be set on many records at once; use one "
                                                 f"of: {names}.", "enum")])
    clean(rt, membership.organization, {f.name: value}, partial=True)  # a bad value is refused once, up front
    results = []
    for obj in objects:
        if not can(membership, "edit_record", obj):
            results.append(RowResult(obj, ERROR, f"Your role may not edit this {rt.label}: a contributor edits only "
                                                 "the records they created or own."))
            continue
        try:
            saved = update(membership, obj, {f.name: value}, version=obj.version)
        except (StaleVersion, EditConflict):
            by = saved_by(obj, [f.name])[f.name]
            who = getattr(by, "actor_label", "") if by is not None else ""
            results.append(RowResult(obj, CONFLICT, f"{f.label} was changed by {who or 'someone else'} while "
                                                    "you were choosing; it was not overwritten.", by))
        except InvalidInput as exc:
            results.append(RowResult(obj, ERROR, _errors_text(rt, exc)))
        except PermissionDenied as exc:
            results.append(RowResult(obj, ERROR, exc.message))
        except Forty2Error as exc:
            results.append(RowResult(obj, ERROR, exc.message))
        else:
            changed = getattr(saved, "changed_by_write", True)
            results.append(RowResult(saved, SAVED if changed else UNCHANGED,
                                     "" if changed else f"{f.label} already had this value."))
    return results


def summary(results: list[RowResult]) -> dict:
    counts = {SAVED: 0, UNCHANGED: 0, ERROR: 0, CONFLICT: 0}
    for r in results:
        counts[r.status] += 1
    return counts


# --- the view helper --------------------------------------------------------------------------------------------

@dataclass
class BulkSpec:
    """What a list page needs to offer bulk edit for its record type.

    ``records(membership)``: the organisation's records a bulk change may touch (the list's own queryset, without
    its filters: selected ids are looked up in it, so another organisation's id finds nothing); ``update``: the
    record type's update service; ``url(org, obj)``: a record's page, for the results."""

    rt: RecordType
    records: Callable
    update: Callable
    url: Callable | None = None
    form_id: str = "bulk"
    fields: list[Field] = field(default_factory=list)

    def __post_init__(self):
        self.fields = self.fields or bulk_fields(self.rt)


def offer(request, membership, spec: BulkSpec, page) -> dict:
    """The context the bar and the checkboxes read (``bulk`` in the list template), for the records of ``page``
    (the list's page of objects): nothing for a role that may not change records."""
    if not can(membership, "create_record") or not spec.fields:  # each row's own right is checked on save
        return {"bulk": None}
    return {"bulk": {"form_id": spec.form_id, "fields": [(f.name, f.label) for f in spec.fields],
                     "page_ids": ",".join(str(obj.pk) for obj in page), "label": spec.rt.label,
                     "plural": spec.rt.plural, "action": request.get_full_path()}}


def _value_form(spec: BulkSpec, f: Field, membership, data=None):
    """A one-field form of the record type (the kit's widget for the field, people from the organisation)."""
    others = tuple(x.name for x in spec.rt.writable if x.name != f.name)
    form_class = record_form(spec.rt, exclude=others)
    return form_class(data, organization=membership.organization, prefix="set")


def _selected(request, spec: BulkSpec, membership) -> list:
    raw = request.POST.getlist("ids")
    if request.POST.get("all_on_page"):
        raw += request.POST.get("page_ids", "").split(",")
    ids = sorted({int(x) for x in raw if str(x).strip().isdigit() and int(x) < 2**63})[:MAX_ROWS]
    return list(spec.records(membership).filter(pk__in=ids)) if ids else []


def respond(request, membership, spec: BulkSpec, *, back: str, title: str, nav_active: str = ""):
    """Handle a list page's bulk POST: choose a field (and, without JavaScript, then its value on a page of its
    own), apply it and show a result per record. ``back`` is the list's URL (with its filters) to return to.

    An htmx request gets only the part that changes: the value control (``step=value``) or the results."""
    if not can(membership, "create_record"):
        raise DjangoPermissionDenied("Your role may not change records.")
    htmx = request.headers.get("HX-Request") == "true"
    objects = _selected(request, spec, membership)
    by_name = {f.name: f for f in spec.fields}
    f = by_name.get(request.POST.get("bulk_field", ""))
    context = {"spec_label": spec.rt.label, "plural": spec.rt.plural, "back": back, "title": title,
               "nav_active": nav_active, "objects": objects, "bulk_field": f, "form_id": spec.form_id,
               "fields": [(x.name, x.label) for x in spec.fields], "problem": "",
               "action": request.get_full_path()}
    if f is None:
        context["problem"] = "Choose the field to set."
    elif not objects and not (htmx and request.POST.get("step") == "value"):  # the bar asks before rows are ticked
        context["problem"] = f"Select at least one {spec.rt.label} on the list."
    if f is not None:
        form = _value_form(spec, f, membership, request.POST if request.POST.get("step") == "apply" else None)
        context["value_form"] = form
        context["value_field"] = form[f.name]
    if htmx and request.POST.get("step") == "value":
        return render(request, "web/records/_bulk_value.html", context)
    form = context.get("value_form")
    if not context["problem"] and request.POST.get("step") == "apply" and form.is_valid():
        value = form.service_data()[f.name]
        try:
            results = bulk_update(spec.rt, membership, objects, f.name, value, spec.update)
        except InvalidInput as exc:
            form.add_error(f.name if f.name in form.fields else None, _errors_text(spec.rt, exc))
        else:
            for r in results:
                r.url = spec.url(membership.organization, r.obj) if spec.url else ""
            context.update(results=results, counts=summary(results),
                           value_text=display.plain_text(f, value, membership.organization) or "blank")
    template = "web/records/_bulk_result.html" if htmx else "web/records/_bulk_page.html"
    response = render(request, template, context)
    if htmx and context.get("results"):
        response["HX-Trigger"] = "bulk-saved"  # the list refreshes its results (hx-trigger "bulk-saved from:body")
    return response
