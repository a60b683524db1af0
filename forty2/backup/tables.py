"""Which tables a backup holds, in what order, and how their values travel as JSON (ISO/IEC 42001 7.5.3).

Every concrete model of every installed app is backed up (many-to-many tables included), except what is
ephemeral: sessions. Installation data that ``migrate`` creates (content types, permissions, the shipped
catalog) travels too, so a restore replaces the target's own copies and every foreign key keeps its meaning.

Values are the database values of each field (``attname``), encoded so that JSON round-trips them exactly on
SQLite and PostgreSQL alike: date and time values as ISO 8601, decimals and UUIDs as strings, binary as base64,
JSON fields as JSON. :func:`decode` turns them back with each field's own ``to_python``.
"""

import base64
import datetime as dt
import decimal
import uuid

from django.apps import apps
from django.db import models

EXCLUDED = {"sessions.session"}


def backed_up_models() -> list[type[models.Model]]:
    """Concrete, managed models in an order where a table comes after the tables it points to (where it can)."""
    found = [m for m in apps.get_models(include_auto_created=True)
             if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in EXCLUDED]
    by_label = {m._meta.label_lower: m for m in found}
    ordered, seen = [], set()

    def visit(model, stack=()):
        label = model._meta.label_lower
        if label in seen or label in stack:
            return  # a cycle (or self reference): constraints are checked at commit, so any order loads
        for f in model._meta.concrete_fields:
            target = f.related_model if f.is_relation and (f.many_to_one or f.one_to_one) else None
            if target is not None and target._meta.label_lower in by_label:
                visit(target, (*stack, label))
        seen.add(label)
        ordered.append(model)

    for model in sorted(found, key=lambda m: m._meta.label_lower):
        visit(model)
    return ordered


def columns(model) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def encode(value):
    """A database value as a JSON value (see the module docstring)."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return {"__timedelta__": value.total_seconds()}
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    return value


def decode(field: models.Field, value):
    """The JSON value back as the field's Python value."""
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.DurationField):
        return dt.timedelta(seconds=value["__timedelta__"])
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    if field.is_relation:
        return field.target_field.to_python(value)
    return field.to_python(value)
