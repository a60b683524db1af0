"""Web forms derived from a record definition. Validation stays in the services; forms render and collect.

:func:`record_form` builds the form class of a record type: a label on every field, help in plain words citing
the clause, GOV.UK-style radios for short choices, checkboxes for links, the fieldsets of the definition. Required
text is checked by the service, so one submit reports every problem at once; templates read
``form.service_required`` for the "(optional)" marker.
"""

from django import forms

from forty2.tenancy.models import Membership, Role

from .definition import BOOL, BOOL3, CHOICE, DATE, LINKS, MULTI, PERSON, URL, RecordType


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
    if f.kind == BOOL:
        return forms.BooleanField(**common)
    if f.kind == DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if f.kind == PERSON:
        return forms.ChoiceField(**common)
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

    def initial_from(self, instance) -> dict:
        data = {}
        for f in self.record_type.writable:
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
            else:
                data[name] = value
        return data


def record_form(rt: RecordType, *, exclude: tuple[str, ...] = ()) -> type[RecordForm]:
    """The form class of ``rt``: one form field per writable field, in fieldset order."""
    fields = {f.name: _form_field(f) for f in rt.writable if f.editable_in_form and f.name not in exclude}
    return type(f"{rt.model.__name__}Form", (RecordForm,), {"record_type": rt, **fields})
