"""Readiness on the dashboard and the portfolio (ISO/IEC 42001 9.3: inputs to management review)."""

from django import template
from django.utils.html import format_html

from forty2.controls import readiness

register = template.Library()

TONES = {"conforming": "ok", "implemented": "ok", "partial": "warn", "planned": "warn", "not_conforming": "danger",
         "not_started": "muted", "not_assessed": "muted", "yes": "ok", "no": "muted", "undecided": "warn",
         "pending": "warn", "confirmed": "ok", "rejected": "muted", "needs_review": "warn", "conflict": "danger"}


@register.simple_tag
def status_badge(value, label):
    """A conformity, implementation or applicability badge: text always, colour only reinforces it."""
    return format_html('<span class="badge badge--{}" data-value="{}">{}</span>', TONES.get(value or "", "muted"),
                       value or "", label)


@register.simple_tag
def applicable_badge(value):
    key = {True: "yes", False: "no"}.get(value, "undecided")
    return status_badge(key, {"yes": "Applicable", "no": "Excluded", "undecided": "Not decided"}[key])


@register.inclusion_tag("controls/_readiness_panel.html")
def readiness_panel(org):
    """The dashboard's "Certification readiness" section."""
    return {"org": org, "r": readiness.compute(org)}


@register.simple_tag
def readiness_score(org):
    """The overall readiness score of ``org`` for the portfolio (0-100)."""
    return readiness.compute(org)["score"]
