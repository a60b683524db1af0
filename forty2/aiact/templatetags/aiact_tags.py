"""Template helpers for EU AI Act tiers and risk profiles, usable on any page (register, detail, dashboard)."""

import datetime as dt

from django import template
from django.utils import timezone

from forty2.aiact.labels import GPAI_LABELS, LEVEL_LABELS, ROUTE_LABELS, TIER_LABELS

register = template.Library()


@register.filter
def tier_label(value) -> str:
    """``high_risk`` → "High risk"; blank → "Not classified"."""
    return TIER_LABELS.get(value or "", "Not classified")


@register.filter
def level_label(value) -> str:
    """``critical`` → "Critical"; blank → "Not derived"."""
    return LEVEL_LABELS.get(value or "", "Not derived")


@register.filter
def route_label(value) -> str:
    return ROUTE_LABELS.get(value or "", "")


@register.filter
def gpai_label(value) -> str:
    return GPAI_LABELS.get(value or "", "")


@register.filter
def isodate(value):
    """An ISO date string (as in obligations' ``applies_from``) as a date, for the ``date`` filter."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def applies_now(value) -> bool:
    day = isodate(value)
    return day is not None and day <= timezone.localdate()


@register.filter
def answer_text(value) -> str:
    """An answer or result value as a person reads it: Yes/No, "—" for none, lists joined."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v).replace("_", " ") for v in value) or "none"
    return str(value).replace("_", " ") if isinstance(value, str) and " " not in value else str(value)


@register.filter
def question_label(key) -> str:
    from forty2.aiact.questions import QUESTIONS

    return next((q["label"] for q in QUESTIONS if q["key"] == key), str(key).replace("_", " "))
