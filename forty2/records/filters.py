"""List filters and sort, one vocabulary for the API, the web list, the export and the CLI.

The query parameters of a record type are ``q`` (search), one per field declared ``filter=True`` (its API
name, or ``filter_name``), ``owner`` (any person field, by e-mail) when the type has people, ``archived`` for
archivable types, and ``ordering`` (``field`` or ``-field``). Choice fields sort in their natural order
(inception → retirement, low → critical), not alphabetically.

Why not django-filter: its FilterSet would be a second declaration of the same fields, and building one per
request costs more than the whole list query on the API's hot path (docs/architecture.md, "Hot path").
"""

from typing import Literal

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Lower
from pydantic import Field as PField

from forty2.core.errors import InvalidInput, field_error

from .definition import BOOL, BOOL3, CHOICE, MULTI, PERSON, REF, RecordType, link_label

TRUE = {"1", "true", "yes", "on"}


def has_owner_filter(rt: RecordType) -> bool:
    return any(f.kind == PERSON and not f.read_only for f in rt.fields)


def param_names(rt: RecordType) -> list[str]:
    """Every query parameter the type's lists understand, in a stable order."""
    names = ["q", *[f.query_name for f in rt.filters]]
    if has_owner_filter(rt):
        names.append("owner")
    if rt.archivable:
        names.append("archived")
    return [*names, "ordering"]


def allowed_values(f) -> list[str]:
    """The values a filter accepts; empty for free text (and for derived values whose choices an app has not
    registered)."""
    if f.kind in (BOOL, BOOL3):
        return ["true", "false"] + (["unknown"] if f.kind == BOOL3 else [])
    values = list(f.choice_values)
    if values and f.filter_empty:
        values.append(f.filter_empty)
    return values


def query_schema(rt: RecordType, prefix: str, base=None):
    """A pydantic model of the list's query parameters; an unknown value is a 422, not an empty list."""
    from ninja import Schema
    from pydantic import create_model

    fields = {"q": (str | None, PField(None, max_length=200))}
    for f in rt.filters:
        if f.kind == REF:  # the id of the record it names
            fields[f.query_name] = (int | None, PField(None, ge=1, le=2**63 - 1, description=(
                f"{f.label}: the id of a {f.related_model._meta.verbose_name}")))
            continue
        values = allowed_values(f)
        kind = Literal[tuple(values)] if values else str
        fields[f.query_name] = (kind | None, PField(None, description=f.label, max_length=None if values else 200))
    if has_owner_filter(rt):
        fields["owner"] = (str | None, PField(None, max_length=254, description="E-mail of a named person"))
    if rt.archivable:
        fields["archived"] = (bool, False)
    # documented as the enum of what sorts; checked by ordering(), whose 422 names the value and the columns
    fields["ordering"] = (str | None, PField(None, description="Sort by this column; '-' first for descending.",
                                             json_schema_extra={"enum": list(ordering_values(rt))}))
    return create_model(f"{prefix}Query", __base__=base or Schema, **fields)


def ordering_values(rt: RecordType) -> tuple[str, ...]:
    """Every value ``ordering`` accepts: each sortable column, ascending and descending."""
    return tuple(v for name in sorted(rt.orderings) for v in (name, f"-{name}"))


def parse(rt: RecordType, params, *, strict: bool = True) -> dict:
    """Validated filters from query-string values (web, export, CLI). ``strict`` raises InvalidInput naming the
    parameter; otherwise a value that is not allowed is dropped (a hand-edited URL shows the whole list)."""
    result, errors = {}, []
    for f in rt.filters:
        value = str(params.get(f.query_name) or "").strip()
        if f.kind == REF:
            if value.isdigit() and 0 < int(value) < 2**63:
                result[f.query_name] = int(value)
            elif value and strict:
                errors.append(field_error(f.query_name, f"'{value}' is not the id of a "
                                                        f"{f.related_model._meta.verbose_name}.", "int_type", "query"))
            continue
        values = allowed_values(f)
        if value and values and value not in values:
            if strict:
                errors.append(field_error(f.query_name, f"'{value}' is not allowed; use one of: "
                                                        f"{', '.join(values)}.", "enum", "query"))
            continue
        if value:
            result[f.query_name] = value
    for key in ("q", "owner"):
        value = (params.get(key) or "").strip()
        if value:
            result[key] = value[:254]
    if rt.archivable:
        archived = params.get("archived")
        result["archived"] = archived is True or str(archived or "").strip().lower() in TRUE
    ordering = (params.get("ordering") or "").strip()
    if ordering:
        if ordering.lstrip("-") in rt.orderings:
            result["ordering"] = ordering
        elif strict:
            errors.append(_bad_ordering(rt, ordering))
    if errors:
        raise InvalidInput(errors)
    return result


def _bad_ordering(rt, ordering):
    return field_error("ordering", f"Cannot sort by '{ordering.lstrip('-')}'; use one of: "
                                   f"{', '.join(sorted(rt.orderings))} (prefix '-' for descending).", "enum", "query")


def _choice_rank(attr: str, values):
    """Position of the value in its choices; blank (not yet assessed) sorts before the first."""
    whens = [When(**{attr: value}, then=Value(i)) for i, value in enumerate(values)]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def apply(rt: RecordType, qs, filters: dict):
    """``qs`` filtered and ordered by already-validated ``filters`` (from :func:`parse` or the API schema)."""
    if rt.archivable:
        qs = qs.filter(archived_at__isnull=not filters.get("archived", False))
    q = filters.get("q")
    if q:
        cond = Q()
        for f in rt.search_fields:
            cond |= Q(**{f"{f.attr}__icontains": q})
        qs = qs.filter(cond)
    for f in rt.filters:
        value = filters.get(f.query_name)
        if not value:
            continue
        if f.kind == REF:
            qs = qs.filter(**{f.model_field.attname: int(value)})
        elif f.kind in (BOOL, BOOL3):  # "true", "false" or (not yet known) "unknown"
            qs = qs.filter(**({f"{f.attr}__isnull": True} if value == "unknown" else {f.attr: value == "true"}))
        elif f.kind == MULTI:  # JSON list membership, portable across SQLite and PostgreSQL
            qs = qs.filter(**{f"{f.attr}__icontains": f'"{value}"'})
        elif f.filter_empty and value == f.filter_empty:
            qs = qs.filter(**{f.attr: ""})
        else:
            qs = qs.filter(**{f.attr: value})
    owner = filters.get("owner")
    if owner:
        cond = Q()
        for f in rt.fields:
            if f.kind == PERSON and not f.read_only:
                cond |= Q(**{f"{f.attr}__email__iexact": owner})
        qs = qs.filter(cond)
    return qs.order_by(*ordering(rt, filters.get("ordering")))


def ordering(rt: RecordType, value: str | None) -> list:
    """ORDER BY terms for ``value``; InvalidInput (422 naming ``ordering``) for a column that cannot sort."""
    if value is None:  # an empty ``ordering=`` is not a column: 422 like any other
        # a unique default (a live AI system's name) needs no tie-break, so an index on it can serve the sort
        return [rt.default_ordering] if rt.default_ordering in rt.unique[:1] else [rt.default_ordering, "id"]
    name = value.lstrip("-")
    if name not in rt.orderings:
        raise InvalidInput([_bad_ordering(rt, value)])
    f = rt.field(name)
    attr = f.attr if f is not None else name
    descending = value.startswith("-")
    if f is not None and f.kind == CHOICE and f.choices is not None:
        rank = _choice_rank(attr, f.choice_values)
        return [rank.desc() if descending else rank.asc(), rt.default_ordering, "id"]
    if f is not None and f.kind == REF:  # by the label of the record it names, ignoring case; none last
        label = Lower(f"{attr}__{link_label(f.related_model)}")
        return [label.desc(nulls_last=True) if descending else label.asc(nulls_last=True), "id"]
    return [f"-{attr}" if descending else attr, "id"]
