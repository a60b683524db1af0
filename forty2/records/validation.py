"""One validation engine for every record type: each field checked by its kind, every problem reported at once.

Bad input raises :class:`~forty2.core.errors.InvalidInput` with ``{loc, msg, type}`` items naming the field as
the caller spelled it (API 422, inline form errors, import problems per row and column). Nothing is saved.
"""

import datetime as dt

from forty2.core import text
from forty2.core.errors import InvalidInput, field_error
from forty2.tenancy.models import Membership, Role

from .definition import BOOL, BOOL3, CHOICE, DATE, INT, LINKS, MULTI, PERSON, REF, URL, RecordType, is_live

BAD = object()  # a checker's answer for a value it refused (the error is already listed)
MAX_ID = 2**63 - 1  # the largest id a BIGINT primary key can hold; SQLite overflows beyond it


def allowed(values) -> str:
    return ", ".join(values)


def _text(f, key, value, errors):
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.append(field_error(key, "Must be text.", "string_type"))
        return BAD
    value = value.strip()
    if f.required and not value:
        errors.append(field_error(key, "This field is required and may not be blank.", "missing"))
    elif f.max_length and len(value) > f.max_length:
        errors.append(field_error(key, f"At most {f.max_length} characters (got {len(value)}).", "string_too_long"))
    elif text.problem(value):  # a NUL or a lone surrogate cannot be stored (forty2/core/text.py)
        errors.append(field_error(key, text.problem(value), "string_unicode"))
    elif f.kind == URL and value and not value.lower().startswith(("https://", "http://")):
        errors.append(field_error(key, "Must be an http(s) link.", "url_parsing"))
    else:
        return value
    return BAD


def _choice(f, key, value, errors):
    if value in (None, "") and f.blank_ok:
        return ""
    if value not in f.choice_values:
        errors.append(field_error(key, f"'{value}' is not allowed; use one of: {allowed(f.choice_values)}.", "enum"))
        return BAD
    return value


def _multi(f, key, value, errors):
    value = [] if value is None else value
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors.append(field_error(key, f"Must be a list of {f.label.lower()}.", "list_type"))
        return BAD
    bad = [v for v in value if v not in f.choice_values]
    if bad:
        errors.append(field_error(key, f"Unknown value(s) {', '.join(bad)}; use: {allowed(f.choice_values)}.",
                                  "enum"))
        return BAD
    return sorted(set(value), key=f.choice_values.index)


def _bool(f, key, value, errors):
    if (value is None and f.kind == BOOL3) or isinstance(value, bool):
        return value
    errors.append(field_error(key, "Must be true, false or null." if f.kind == BOOL3 else "Must be true or false.",
                              "bool_type"))
    return BAD


def _int(f, key, value, errors):
    if value in (None, ""):
        if f.required or not f.model_field.null:
            errors.append(field_error(key, f"Give a whole number from {f.minimum} to {f.maximum}.", "missing"))
            return BAD
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())  # a form or an import cell
    if not isinstance(value, int) or isinstance(value, bool):
        errors.append(field_error(key, f"'{value}' is not a whole number.", "int_type"))
        return BAD
    if not f.minimum <= value <= f.maximum:
        errors.append(field_error(key, f"Must be from {f.minimum} to {f.maximum} (got {value}).", "range"))
        return BAD
    return value


#: the dates a record may hold: a review in the year 9999 is a typing slip, not a plan
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _date(f, key, value, errors):
    if value in (None, ""):
        if f.required:
            errors.append(field_error(key, "This field is required.", "missing"))
            return BAD
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            errors.append(field_error(key, f"'{value}' is not a date; write it as YYYY-MM-DD.", "date_parsing"))
            return BAD
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        errors.append(field_error(key, f"{day.isoformat()} is outside the dates a record may hold "
                                       f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}).", "date_range"))
        return BAD
    return day


def _person(rt, f, org, key, value, errors, members):
    if value in (None, ""):
        if f.required:  # Field(required=True): a record needs its person (ISO/IEC 42001 5.3)
            errors.append(field_error(key, "This field is required and may not be blank.", "missing"))
            return BAD
        return None
    if text.problem(str(value)):  # PostgreSQL cannot even compare text holding NUL
        errors.append(field_error(key, text.problem(str(value)), "string_unicode"))
        return BAD
    email = str(value).strip().lower()
    if members is not None:
        membership = members.get(email)
    else:  # an active member only: an expired auditor or a deactivated person owns nothing
        membership = (Membership.objects.active().select_related("user")
                      .filter(organization=org, user__email__iexact=email).first())
    if membership is None:
        errors.append(field_error(key, f"{value} is not a member of this organisation.", "not_member"))
        return BAD
    if membership.role == Role.EXTERNAL_AUDITOR:
        errors.append(field_error(key, f"{value} is an external auditor and cannot own {rt.article().lower()} "
                                       f"{rt.label} they are to audit (auditor independence, ISO/IEC 42001 9.2).",
                                  "independence"))
        return BAD
    return membership.user


def _links(f, org, key, value, errors):
    ids = value or []
    if not isinstance(ids, list | tuple) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        errors.append(field_error(key, "Must be a list of integer ids.", "list_type"))
        return BAD
    if any(not 0 < i <= MAX_ID for i in ids):
        errors.append(field_error(key, f"Ids are whole numbers from 1 to {MAX_ID}.", "not_found"))
        return BAD
    found = list(f.related_model.objects.for_org(org).filter(pk__in=ids))
    missing = sorted(set(ids) - {obj.pk for obj in found})
    if missing:
        errors.append(field_error(key, f"No {f.related_model._meta.verbose_name} with id "
                                       f"{', '.join(map(str, missing))}.", "not_found"))
        return BAD
    return found


def _ref(f, org, key, value, errors, instance):
    """The record of the organisation whose id ``value`` is. Another organisation's id reads as a missing one
    (nothing says it exists); an archived or retired record may stay where it is, not be newly chosen."""
    noun = f.related_model._meta.verbose_name
    if value in (None, ""):
        if f.required or not f.model_field.null:
            errors.append(field_error(key, f"Choose the {noun}; this field is required.", "missing"))
            return BAD
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())  # a form's select
    if not isinstance(value, int) or isinstance(value, bool):
        errors.append(field_error(key, f"Must be the id of a {noun} (a whole number).", "int_type"))
        return BAD
    target = (f.related_model.objects.for_org(org).filter(pk=value).first() if 0 < value <= MAX_ID else None)
    if target is None:
        errors.append(field_error(key, f"No {noun} with id {value} in this organisation.", "not_found"))
        return BAD
    kept = instance is not None and getattr(instance, f.model_field.attname) == target.pk
    if not kept and not is_live(target):
        errors.append(field_error(key, f"The {noun} '{target}' is archived or retired and cannot be chosen.",
                                  "archived"))
        return BAD
    return target


def clean(rt: RecordType, org, data: dict, *, partial: bool = False, instance=None, members=None) -> dict:
    """Check ``data`` (service names or API names as keys) and return ``{field name: value}``.

    ``partial`` (an update) checks only the fields given; otherwise required fields must be there.
    ``members`` ({lower-cased e-mail: membership}) saves a query per person field in bulk imports.
    """
    errors, cleaned = [], {}
    given = {}
    for key, value in data.items():
        f = rt.by_key.get(key)
        if f is None or f.read_only:
            errors.append(field_error(key, "Unknown field.", "extra_forbidden"))
        else:
            given[f.name] = (key, value)
    for f in rt.writable:
        if f.name not in given:
            if not partial and f.required:
                errors.append(field_error(f.api_name, "This field is required.", "missing"))
            continue
        key, value = given[f.name]
        if f.kind == CHOICE:
            result = _choice(f, key, value, errors)
        elif f.kind == MULTI:
            result = _multi(f, key, value, errors)
        elif f.kind in (BOOL, BOOL3):
            result = _bool(f, key, value, errors)
        elif f.kind == DATE:
            result = _date(f, key, value, errors)
        elif f.kind == INT:
            result = _int(f, key, value, errors)
        elif f.kind == PERSON:
            result = _person(rt, f, org, key, value, errors, members)
        elif f.kind == LINKS:
            result = _links(f, org, key, value, errors)
        elif f.kind == REF:
            result = _ref(f, org, key, value, errors, instance)
        else:
            result = _text(f, key, value, errors)
        if result is not BAD:
            cleaned[f.name] = result
    _check_unique(rt, org, cleaned, instance, errors)
    if errors:
        raise InvalidInput(errors)
    return cleaned


def _check_unique(rt, org, cleaned, instance, errors):
    if not rt.unique or not any(n in cleaned for n in rt.unique):
        return
    lookup = {}
    for name in rt.unique:
        value = cleaned.get(name, getattr(instance, rt.by_name[name].attr, "") if instance is not None else "")
        lookup[f"{rt.by_name[name].attr}__iexact"] = value or ""
    qs = rt.model.objects.for_org(org).filter(**lookup)
    if rt.archivable:
        qs = qs.filter(archived_at__isnull=True)
    if instance is not None:
        qs = qs.exclude(pk=instance.pk)
    if lookup[f"{rt.by_name[rt.unique[0]].attr}__iexact"] and qs.exists():
        first = rt.by_name[rt.unique[0]]
        name = cleaned.get(first.name, getattr(instance, first.attr, ""))
        errors.append(field_error(first.api_name, f"{rt.article()} {rt.label} named '{name}' already exists.",
                                  "duplicate"))


def clean_note(note, max_length: int, key: str = "note") -> str:
    """A free-text note (approval, sign-off, inference decision): text, trimmed, no NUL, at most
    ``max_length`` characters; InvalidInput naming ``key`` otherwise."""
    note = "" if note is None else note
    if not isinstance(note, str):
        raise InvalidInput([field_error(key, "Must be text.", "string_type")])
    note = note.strip()
    if text.problem(note):
        raise InvalidInput([field_error(key, text.problem(note), "string_unicode")])
    if len(note) > max_length:
        raise InvalidInput([field_error(key, f"At most {max_length} characters (got {len(note)}).",
                                        "string_too_long")])
    return note
