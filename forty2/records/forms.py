"""Web forms derived from a record definition. Validation stays in the services; forms render and collect.

:func:`record_form` builds the form class of a record type: a label on every field, help in plain words citing
the clause, GOV.UK-style radios for short choices, checkboxes for links, the fieldsets of the definition. Required
text is checked by the service, so one submit reports every problem at once; templates read
``form.service_required`` for the "(optional)" marker.
"""

from dataclasses import dataclass, field

from django import forms
from django.core import signing

from forty2.core.queries import org_events
from forty2.tenancy.models import Membership, Role

from . import display
from .definition import BOOL, BOOL3, CHOICE, DATE, INT, LINKS, MULTI, PERSON, REF, URL, RecordType, live
from .validation import clean
from .writes import same, snapshot, snapshot_of_cleaned


class NullBooleanRadio(forms.RadioSelect):
    """Yes / No / Not yet known as radios (GOV.UK style); values map like Django's NullBooleanSelect."""

    def __init__(self, attrs=None, unknown_label="Not yet known"):
        super().__init__(attrs, choices=[("unknown", unknown_label), ("true", "Yes"), ("false", "No")])

    def format_value(self, value):
        return [{True: "true", False: "false", "true": "true", "false": "false"}.get(value, "unknown")]

    def value_from_datadict(self, data, files, name):
        return {True: True, "True": True, "true": True, False: False, "False": False,
                "false": False}.get(data.get(name))


class InlineRadio(forms.RadioSelect):
    """Radios laid out in a row, for short choices."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "inline", **(attrs or {})}, choices)


class LinkIdsField(forms.ModelMultipleChoiceField):
    """Record ids from checkboxes; a value that is not a database id is an invalid choice, not a 500."""

    def _check_values(self, value):
        for item in value:
            if not str(item).isdigit() or int(item) >= 2**63:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": item})
        return super()._check_values(value)


def people_choices(organization, *current_users):
    """Active members who may own records, plus anyone named on the record now (an expired owner is not lost)."""
    members = (Membership.objects.active().filter(organization=organization)
               .exclude(role=Role.EXTERNAL_AUDITOR).select_related("user"))
    users = {m.user for m in members} | {u for u in current_users if u is not None}
    return [("", "Nobody yet")] + [(u.email, f"{u.full_name} ({u.email})" if u.full_name else u.email)
                                   for u in sorted(users, key=lambda u: (str(u).lower(), u.email))]


def ref_choices(f, organization, current=None, *, blank: str = "None") -> list[tuple[str, str]]:
    """The select of a ``ref`` field: the organisation's live records of its model (archived and retired ones
    left out), plus ``current`` (the record named now, even archived: an edit keeps it)."""
    model = f.related_model
    found = list(live(model, model.objects.for_org(organization)))
    if current is not None and current.pk not in {o.pk for o in found}:
        found.append(current)
    found.sort(key=lambda o: (str(o).lower(), o.pk))
    return [("", blank)] + [(str(o.pk), str(o)) for o in found]


def _widget(f):
    if f.kind == CHOICE:
        return {"radio": forms.RadioSelect, "inline": InlineRadio}.get(f.widget, forms.Select)
    if f.kind == URL:
        return forms.URLInput(attrs={"inputmode": "url"})
    if f.rows:
        return forms.Textarea(attrs={"rows": f.rows})
    return forms.TextInput


def _form_field(f) -> forms.Field:
    common = {"label": f.label, "help_text": f.help, "required": False}
    if f.kind == CHOICE:
        choices = list(f.choices.choices)
        if f.blank_ok:
            choices = [("", f.blank_label or "Not yet assessed")] + choices
        return forms.ChoiceField(choices=choices, widget=_widget(f), **common)
    if f.kind == MULTI:
        return forms.MultipleChoiceField(choices=f.choices.choices, widget=forms.CheckboxSelectMultiple, **common)
    if f.kind == BOOL3:
        return forms.NullBooleanField(widget=NullBooleanRadio(attrs={"class": "inline"}), **common)
    if f.kind == BOOL and f.widget in ("radio", "inline"):  # an explicit Yes / No; not posted keeps the value
        return forms.TypedChoiceField(choices=[("True", "Yes"), ("False", "No")], coerce=lambda v: v == "True",
                                      empty_value=None, widget=InlineRadio, **common)
    if f.kind == BOOL:
        return forms.BooleanField(**common)
    if f.kind == DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    if f.kind == PERSON:
        return forms.ChoiceField(**common)
    if f.kind == INT:
        return forms.IntegerField(min_value=f.minimum, max_value=f.maximum, **common)
    if f.kind == REF:  # choices set per organisation by RecordForm
        return forms.TypedChoiceField(coerce=int, empty_value=None, **common)
    if f.kind == LINKS:
        return LinkIdsField(queryset=f.related_model.objects.none(), widget=forms.CheckboxSelectMultiple, **common)
    return forms.CharField(widget=_widget(f), strip=False, **common)


class RecordForm(forms.Form):
    """Base of derived forms: ``record_type`` set by :func:`record_form`."""

    record_type: RecordType

    def __init__(self, *args, organization=None, instance=None, **kwargs):
        self.instance = instance
        initial = kwargs.pop("initial", None) or {}
        if instance is not None:
            initial = {**self.initial_from(instance), **initial}
        else:  # a new record's form starts from the model's defaults (an AI system is in scope unless unticked)
            initial = {**{f.name: f.model_field.get_default() for f in self.record_type.writable
                          if f.kind not in (LINKS, PERSON, REF) and f.model_field.has_default()}, **initial}
        super().__init__(*args, initial=initial, **kwargs)
        self.service_required = {f.name for f in self.record_type.writable if f.required}
        for f in self.record_type.writable:
            if f.name not in self.fields:
                continue
            if f.kind == PERSON:
                named = [getattr(instance, f.attr)] if instance is not None else []
                self.fields[f.name].choices = people_choices(organization, *named)
            elif f.kind == LINKS:
                self.fields[f.name].queryset = f.related_model.objects.for_org(organization)
            elif f.kind == REF:
                named = getattr(instance, f.attr) if instance is not None else None
                self.fields[f.name].choices = ref_choices(f, organization, named, blank=f.blank_label or "None")

    def initial_from(self, instance) -> dict:
        data = {}
        for f in self.record_type.writable:
            if f.kind == REF:
                data[f.name] = getattr(instance, f.model_field.attname)
                continue
            value = getattr(instance, f.attr)
            if f.kind == PERSON:
                data[f.name] = value.email if value is not None else ""
            elif f.kind == LINKS:
                data[f.name] = list(value.all())
            else:
                data[f.name] = value
        return data

    def fieldsets(self):
        """(legend, hint, bound fields) in display order, for templates that render one fieldset at a time."""
        sets = self.record_type.fieldsets or [("", "", [f.name for f in self.record_type.writable])]
        return [(legend, hint, [self[name] for name in names if name in self.fields])
                for legend, hint, names in sets]

    def service_data(self) -> dict:
        """The form's values in the service's vocabulary (ids for links, e-mails or None for people)."""
        data = {}
        for name, value in self.cleaned_data.items():
            f = self.record_type.by_name[name]
            if f.kind == LINKS:
                data[name] = [obj.pk for obj in value]
            elif f.kind == PERSON:
                data[name] = value or None
            elif f.kind == DATE:
                data[name] = value.isoformat() if value else None
            elif f.kind == BOOL and value is None:
                continue  # a Yes / No question left unanswered keeps what is saved
            else:
                data[name] = value
        return data


def record_form(rt: RecordType, *, exclude: tuple[str, ...] = ()) -> type[RecordForm]:
    """The form class of ``rt``: one form field per writable field, in fieldset order."""
    fields = {f.name: _form_field(f) for f in rt.writable if f.editable_in_form and f.name not in exclude}
    return type(f"{rt.model.__name__}Form", (RecordForm,), {"record_type": rt, **fields})


# --- editing with a field-level merge ----------------------------------------------------------------------

BASE_SALT = "forty2.records.base"
CONFLICT_SALT = "forty2.records.conflicts"
CHOICES = ("yours", "theirs", "original")


def sign_base(rt: RecordType, obj) -> str:
    """The snapshot an edit starts from, signed, for the form's hidden ``base`` field."""
    payload = {"type": rt.name, "pk": obj.pk, "snapshot": snapshot(rt, obj)}
    return signing.dumps(payload, salt=BASE_SALT, compress=True)


def read_base(rt: RecordType, obj, token: str | None) -> dict | None:
    """The snapshot of a ``base`` token made for this very record, or None (missing or tampered)."""
    try:
        payload = signing.loads(token or "", salt=BASE_SALT)
    except signing.BadSignature:
        return None
    if payload.get("type") != rt.name or payload.get("pk") != obj.pk:
        return None
    return payload.get("snapshot")


def form_value(f, value):
    """A snapshot value as the browser posts it (for re-rendering a merged form)."""
    if f.kind == MULTI:
        return list(value or [])
    if f.kind == LINKS:
        return [str(pk) for pk in value or []]
    if f.kind == BOOL3:
        return {True: "true", False: "false"}.get(value, "unknown")
    if f.kind == BOOL and f.widget in ("radio", "inline"):
        return "" if value is None else str(bool(value))
    if f.kind == BOOL:
        return "on" if value else ""
    return "" if value is None else str(value)


@dataclass
class ConflictRow:
    name: str
    label: str
    options: list  # (choice, label, text)
    chosen: str = "yours"
    by: object = None  # the audit event that saved "theirs": who and when


@dataclass
class Edit:
    """The state of an edit page: the form, the version and base it carries, and any conflicts to resolve."""

    form: RecordForm
    version: int
    base: str
    conflicts: list = field(default_factory=list)
    conflict_token: str = ""
    saved: object = None
    changed: bool = False  # whether the save changed anything (a merge may leave nothing to change)
    stale: object = None  # a StaleVersion from a form that carried no base (old pages): show differences


def _resolutions(request, rt, obj) -> tuple[dict, dict, dict]:
    """({field: chosen plain value}, {field: choice}, the conflicts as posted) from a conflict screen made for
    this very record (a token from another record, type or organisation is ignored)."""
    try:
        payload = signing.loads(request.POST.get("conflicts") or "", salt=CONFLICT_SALT)
    except signing.BadSignature:
        return {}, {}, {}
    if payload.get("type") != rt.name or payload.get("pk") != obj.pk:
        return {}, {}, {}
    conflicts = {name: sides for name, sides in payload.get("conflicts", {}).items() if name in rt.by_name}
    values, choices = {}, {}
    for name, sides in conflicts.items():
        choice = request.POST.get(f"resolve_{name}", "yours")
        choice = choice if choice in CHOICES else "yours"
        values[name], choices[name] = sides[choice], choice
    return values, choices, conflicts


def saved_by(obj, names) -> dict:
    """{field: the newest audit event of ``obj`` that changed it}, read from the record's history (one query):
    who saved the value a conflict screen calls "theirs". A field whose change is older than the last 50 events
    falls back to the newest event."""
    events = list(org_events(obj.organization, object_type=obj._meta.model_name, object_id=obj.pk)[:50])
    found = {}
    for event in events:
        changes = event.changes if isinstance(event.changes, dict) else {}
        for name in names:
            if name in changes:
                found.setdefault(name, event)
    return {name: found.get(name) or (events[0] if events else None) for name in names}


def _conflict_rows(rt, conflicts: dict, obj, chosen: dict | None = None) -> list[ConflictRow]:
    labels = {"yours": "Yours", "theirs": "Theirs", "original": "Original"}
    org, by = obj.organization, saved_by(obj, list(conflicts))
    return [ConflictRow(name, rt.by_name[name].label,
                        [(choice, labels[choice], display.plain_text(rt.by_name[name], sides[choice], org))
                         for choice in CHOICES], (chosen or {}).get(name, "yours"), by[name])
            for name, sides in conflicts.items()]


def edit(request, rt: RecordType, form_class, obj, save, *, reload, **form_kwargs) -> Edit:
    """Run an edit form against the write path with a field-level merge (ISO/IEC 42001 7.5.3: nobody's saved
    change is lost to an edit started earlier).

    ``save(data, version, base, resolved)`` calls the record's update service; ``reload()`` reads the saved
    record again. Fields only one person changed merge without a word; fields both changed differently come
    back as conflicts with the original, their and your value, each a choice; everything else typed is kept.
    """
    from forty2.core.errors import EditConflict, Forty2Error, StaleVersion
    from forty2.web.forms import add_service_errors

    if request.method != "POST":
        return Edit(form_class(instance=obj, **form_kwargs), obj.version, sign_base(rt, obj))
    try:
        version = int(request.POST["version"])
    except (KeyError, TypeError, ValueError):
        version = -1  # a missing or garbled version never overwrites silently
    base = read_base(rt, obj, request.POST.get("base"))
    resolved, choices, conflicts = _resolutions(request, rt, obj)
    form = form_class(request.POST, instance=obj, **form_kwargs)
    for name in resolved:
        form.fields.pop(name, None)
    state = Edit(form, version, request.POST.get("base", ""))
    if conflicts:  # shown again, choices kept, if something else on the form needs correcting
        state.conflicts = _conflict_rows(rt, conflicts, obj, choices)
        state.conflict_token = request.POST.get("conflicts", "")
    if not form.is_valid():
        return state
    data = {**form.service_data(), **resolved}
    try:
        state.saved = save(data, version, base, choices)
        state.changed = getattr(state.saved, "changed_by_write", True)
    except EditConflict as exc:
        return _conflict_state(request, rt, form_class, reload(), data, base, exc, form_kwargs)
    except StaleVersion as exc:
        state.stale, state.version = exc, exc.current
    except Forty2Error as exc:
        add_service_errors(form, exc)
    return state


def _conflict_state(request, rt, form_class, current, data, base, exc, form_kwargs) -> Edit:
    """Re-render with what merged cleanly applied, the rest of the input kept (including choices made on an
    earlier conflict screen), and a choice per conflict."""
    saved = snapshot(rt, current)
    wanted = snapshot_of_cleaned(rt, clean(rt, current.organization, data, partial=True, instance=current))
    by_api = {rt.by_key[k].name: v for k, v in exc.conflicts.items()}
    post = request.POST.copy()
    for name, mine in wanted.items():
        if name in by_api:
            continue
        theirs, original = saved.get(name), base.get(name)
        shown = theirs if same(mine, original) and not same(theirs, original) else mine  # only they changed it
        value = form_value(rt.by_name[name], shown)
        post.setlist(name, value) if isinstance(value, list) else post.__setitem__(name, value)
    form = form_class(post, instance=current, **form_kwargs)
    for name in by_api:
        form.fields.pop(name, None)
    form.is_valid()
    form.add_error(None, f"Someone else changed this {rt.label} while you were editing it. Their changes and "
                         "yours have been combined; where you both changed the same field, choose the value "
                         "to keep, then save.")
    rows = _conflict_rows(rt, by_api, current)
    token = signing.dumps({"type": rt.name, "pk": current.pk, "conflicts": by_api}, salt=CONFLICT_SALT,
                          compress=True)
    return Edit(form, current.version, sign_base(rt, current), rows, token)


def explain_stale(state: Edit, rt: RecordType, reload) -> None:
    """A form posted without its merge base (a page opened before an upgrade, or a tampered one) and a stale
    version: nothing was saved. Say which of the person's fields someone else changed meanwhile; the next save
    starts from the record as saved now, so it merges against what the person has now seen (ISO/IEC 42001
    7.5.3). ``reload()`` reads the saved record."""
    if state.stale is None:
        return
    current = reload()
    changed = [rt.by_key[key].label for key in state.stale.fields if key in rt.by_key]
    which = f" ({', '.join(changed)})" if changed else ""
    state.form.add_error(None, f"Someone else changed this {rt.label}{which} while you were editing it. Nothing "
                               "was saved; your input is below. Check it against the saved record, then save.")
    state.version, state.base = current.version, sign_base(rt, current)
