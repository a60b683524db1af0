"""Record definitions: what a record type's fields are, declared once (docs/architecture.md, "Adding a record
type").

A definition is plain data. Each :class:`Field` names a model attribute; what the model already says (maximum
length, choices, whether blank is allowed, the related model) is read from the model field, so a definition line
only adds what the model cannot know: the label people read, the help that cites the clause or control, whether
the field filters or sorts lists, and its import/export column.

Kinds of field (``Field.kind``, derived from the model field unless given):

=============  ===========================================  ==========================================
kind           model field                                  service / API value
=============  ===========================================  ==========================================
``text``       CharField / TextField without choices        text, trimmed
``url``        URLField                                     an http(s) link
``choice``     CharField with choices                       one stored value
``multi``      JSONField holding a list (``choices=`` set)  a list of stored values
``bool3``      BooleanField(null=True)                      true, false or null ("not yet known")
``bool``       BooleanField                                 true or false
``date``       DateField                                    an ISO date
``person``     ForeignKey to the user model                 a member's e-mail
``links``      ManyToManyField                              a list of ids of the organisation's records
``ref``        ForeignKey to an organisation record         the id of one record of the organisation
               (``OrgOwned``: it has ``organization``)      (or null); imports and exports its label
``int``        IntegerField / PositiveIntegerField          a whole number within ``minimum``..``maximum``
=============  ===========================================  ==========================================
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields import PositiveIntegerRelDbTypeMixin
from django.utils.text import capfirst

from forty2.core import words

TEXT, URL, CHOICE, MULTI, BOOL3, BOOL, DATE, PERSON, LINKS, DATETIME, INT, REF = (
    "text", "url", "choice", "multi", "bool3", "bool", "date", "person", "links", "datetime", "int", "ref")


@dataclass
class Field:
    """One field of a record type.

    ``name`` is the key services, snapshots and the audit log use; ``attr`` the model attribute when it differs
    (a link field ``model_ids`` stored in ``ai_models``); ``api`` the API's name when it differs; ``column``
    the import/export column (defaults to ``api``).
    """

    name: str
    label: str = ""
    help: str = ""
    short: str = ""  # a noun for history, tables and exports when ``label`` is a question ("Purpose")
    attr: str = ""
    api: str = ""
    aliases: tuple[str, ...] = ()  # other keys services accept for it (older names)
    column: str = ""
    column_help: str = ""
    kind: str = ""
    required: bool = False
    choices: Any = None  # TextChoices for ``multi``; otherwise read from the model field
    filter: bool = False  # offered as an exact-value list filter (API, web, export, CLI)
    filter_name: str = ""  # the filter's query parameter when it differs from ``api`` (``ai_role``)
    filter_empty: str = ""  # read-only filters: the value that finds records without one ("unclassified")
    sort: bool = False
    search: bool = False  # searched by the list's ``q``
    read_only: bool = False  # shown and exported, written elsewhere (derived values, approvals)
    editable_in_form: bool = True
    keep_when_blank: bool = False  # import: a blank cell keeps the current value (or the default)
    rows: int = 0  # text: a textarea of this many rows
    widget: str = ""  # "radio", "inline" (radios in a row), "select", "checkboxes"
    blank_label: str = ""  # choice: the label of "no value yet"
    out: str = ""  # the API output key when it differs from ``api`` (links: ``models``)
    minimum: int | None = None  # int: the smallest value allowed (0 for a positive integer field)
    maximum: int | None = None  # int: the largest value allowed
    # Filled in by RecordType from the model field.
    max_length: int | None = None
    blank_ok: bool = True
    model_field: Any = None
    related_model: Any = None

    @property
    def title(self) -> str:
        return self.short or self.label

    @property
    def api_name(self) -> str:
        return self.api or self.name

    @property
    def column_name(self) -> str:
        return self.column or self.api_name

    @property
    def out_name(self) -> str:
        return self.out or self.api_name

    @property
    def query_name(self) -> str:
        return self.filter_name or self.api_name

    @property
    def choice_values(self) -> list[str]:
        return list(self.choices.values) if self.choices is not None else []

    def choice_label(self, value) -> str | None:
        return dict(self.choices.choices).get(value) if self.choices is not None else None


def _org_owned(model) -> bool:
    """Whether ``model``'s records belong to an organisation (a ``ref`` may point at them)."""
    try:
        return model._meta.get_field("organization").is_relation
    except FieldDoesNotExist:
        return False


def _kind_of(model_field, given_choices) -> str:
    if isinstance(model_field, models.ManyToManyField):
        return LINKS
    if isinstance(model_field, models.ForeignKey):
        if model_field.related_model._meta.label == settings.AUTH_USER_MODEL:
            return PERSON
        if _org_owned(model_field.related_model):
            return REF
        raise ValueError(f"{model_field.name}: a foreign key to {model_field.related_model.__name__}, which belongs "
                         "to no organisation, needs a kind of its own")
    if isinstance(model_field, models.JSONField):
        if given_choices is None:
            raise ValueError(f"{model_field.name}: a JSON list field needs choices=")
        return MULTI
    if isinstance(model_field, models.BooleanField):
        return BOOL3 if model_field.null else BOOL
    if isinstance(model_field, models.IntegerField):
        return INT
    if isinstance(model_field, models.DateTimeField):
        return DATETIME
    if isinstance(model_field, models.DateField):
        return DATE
    if isinstance(model_field, models.URLField):
        return URL
    if model_field.choices:
        return CHOICE
    return TEXT


@dataclass
class RecordType:
    """A record type: its model, fields, form sections and list behaviour.

    ``name`` is the audit vocabulary (``ai_system`` gives ``ai_system.create``); ``unique`` names fields whose
    values, compared without case, may appear once per organisation (``unique_live`` limits that to records
    not archived). ``rules`` is an optional object with hooks a service adds (see :mod:`forty2.records.writes`).
    """

    model: type
    name: str
    label: str
    fields: list[Field]
    fieldsets: list[tuple[str, str, list[str]]] = field(default_factory=list)
    unique: tuple[str, ...] = ()
    archivable: bool = False
    default_ordering: str = "name"
    extra_orderings: tuple[str, ...] = ("created_at", "updated_at", "id")
    example: dict = field(default_factory=dict)
    plural: str = ""
    #: obj -> {link field name: [ids]} in one query, when the type knows a faster way than one query per link
    load_links: Callable | None = None

    RESERVED = frozenset({"id", "version", "created_at", "updated_at", "archived"})

    def __post_init__(self):
        self.by_name: dict[str, Field] = {}
        self.by_key: dict[str, Field] = {}  # service names and API aliases
        # Each field is a copy filled in from the model: the declaration stays as written, so one Field may
        # serve two record types.
        self.fields = [replace(f) for f in self.fields]
        for f in self.fields:
            attr = f.attr or f.name
            f.attr = attr
            mf = self.model._meta.get_field(attr)
            f.model_field = mf
            f.kind = f.kind or _kind_of(mf, f.choices)
            if f.choices is None and getattr(mf, "choices", None) and f.kind == CHOICE:
                f.choices = Choices(mf.flatchoices)
            if f.kind == INT:  # the database's integer range unless the definition is stricter
                f.minimum = f.minimum if f.minimum is not None else (
                    0 if isinstance(mf, PositiveIntegerRelDbTypeMixin) else -2**31)
                f.maximum = f.maximum if f.maximum is not None else 2**31 - 1
            if f.max_length is None:
                f.max_length = getattr(mf, "max_length", None)
            f.blank_ok = bool(getattr(mf, "blank", True)) and not f.required
            f.related_model = mf.related_model if f.kind in (LINKS, REF) else None
            if f.kind == REF and not (isinstance(mf, models.ForeignKey) and _org_owned(mf.related_model)):
                raise ValueError(f"{self.name}: {f.name}: kind 'ref' needs a ForeignKey to an organisation record")
            f.label = f.label or capfirst(str(mf.verbose_name))
            if f.name in self.by_name:
                raise ValueError(f"{self.name}: field {f.name} declared twice")
            if f.kind == PERSON and f.filter:
                raise ValueError(f"{self.name}: {f.name}: people are filtered by the list's 'owner' filter; "
                                 "remove filter=True")
            if {f.api_name, f.out_name} & self.RESERVED:
                raise ValueError(f"{self.name}: {f.name} may not be called {f.api_name} in the API (reserved)")
            self.by_name[f.name] = f
            self.by_key[f.name] = f
            self.by_key[f.api_name] = f
            for alias in f.aliases:
                self.by_key[alias] = f
        self.plural = self.plural or f"{self.label}s"
        unknown = [n for _legend, _hint, names in self.fieldsets for n in names if n not in self.by_name]
        if unknown:
            raise ValueError(f"{self.name}: fieldsets name unknown fields {unknown}")

    # --- views of the fields -------------------------------------------------------------------------

    @property
    def writable(self) -> list[Field]:
        return [f for f in self.fields if not f.read_only]

    @property
    def filters(self) -> list[Field]:
        return [f for f in self.fields if f.filter]

    @property
    def orderings(self) -> set[str]:
        return {f.api_name for f in self.fields if f.sort} | set(self.extra_orderings)

    @property
    def search_fields(self) -> list[Field]:
        return [f for f in self.fields if f.search]

    @property
    def import_fields(self) -> list[Field]:
        return [f for f in self.writable]

    @property
    def export_fields(self) -> list[Field]:
        return list(self.fields)

    @property
    def owner_fields(self) -> tuple[str, ...]:
        """The model attributes (``owner_id``) of the people a record belongs to: whoever created it and every
        person the definition lets people set (``tenancy.roles.is_assigned``: a contributor may edit what is
        theirs, ISO/IEC 42001 5.3)."""
        names = [f.model_field.attname for f in self.fields if f.kind == PERSON and not f.read_only]
        if any(mf.name == "created_by" for mf in self.model._meta.concrete_fields):
            names.insert(0, self.model._meta.get_field("created_by").attname)
        return tuple(dict.fromkeys(names))

    @property
    def object_type(self) -> str:
        return self.model._meta.model_name

    def field(self, key: str) -> Field | None:
        """The field a service name, an API name or an import column refers to."""
        return self.by_key.get(key) or next((f for f in self.fields if f.column_name == key), None)

    def article(self) -> str:
        """"A" or "An" before the label, by its first sound (an AI system, an SoA entry, an entry, a risk)."""
        return capfirst(words.article(self.label))

    @property
    def noun(self) -> str:
        """The label inside a sentence: "evidence request", but "AI system" and "SoA entry"."""
        return words.in_sentence(self.label)


def link_label(model) -> str:
    """The field that names a record of ``model`` where another record links to it (import cells, exports,
    conflict screens): ``name`` unless the model says otherwise with ``LINK_LABEL`` (a document's reference)."""
    return getattr(model, "LINK_LABEL", "name")


def ref_label(obj) -> str:
    """The label of a record another record refers to (``ref`` fields: exports, imports, history)."""
    return "" if obj is None else str(getattr(obj, link_label(type(obj))) or "")


def is_live(obj) -> bool:
    """Whether a record may newly be chosen as a ``ref`` target: not archived, not retired."""
    return getattr(obj, "archived_at", None) is None and getattr(obj, "retired_at", None) is None


def live(model, qs):
    """``qs`` (records of ``model``) without the archived and retired ones (:func:`is_live` as a filter)."""
    names = {f.name for f in model._meta.concrete_fields}
    return qs.filter(**{f"{name}__isnull": True for name in ("archived_at", "retired_at") if name in names})


def record_types() -> list["RecordType"]:
    """Every record type the installed apps declare: the :class:`RecordType` objects in each app's
    ``definitions`` module, found as Django's admin finds ``admin`` modules (for start-up checks and tables a
    lower app keeps, without this kit importing any app by name)."""
    from django.apps import apps

    found: dict[int, RecordType] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.definitions"
        if importlib.util.find_spec(name) is None:
            continue
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, RecordType):
                found.setdefault(id(value), value)
    return list(found.values())


class Choices:
    """(value, label) pairs in the shape of a TextChoices class (``values``, ``choices``): for model-field
    choices, and for values another app registers for a derived field."""

    def __init__(self, pairs):
        self.choices = [(str(k), str(v)) for k, v in pairs if k not in ("", None)]
        self.values = [k for k, _v in self.choices]
