"""Small template helpers for consistent status badges, dates and audit history across every page."""

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

register = template.Library()

#: badge colour family per status value; the text is always shown, colour only reinforces it
TONES = {
    "approved": "ok", "low": "ok", "none": "ok",
    "under_review": "warn", "medium": "warn", "personal": "warn", "restricted": "danger",
    "high": "danger", "special_category": "danger", "critical": "critical",
    "proposed": "muted", "retired": "muted", "archived": "muted", "not_assessed": "muted",
}


@register.simple_tag
def badge(value, label, family=""):
    """``<span class="badge …">label</span>``; lifecycle stages and roles share a neutral blue family."""
    if family in ("stage", "role"):
        tone = family
    else:
        tone = TONES.get(value or "not_assessed", "muted")
    return format_html('<span class="badge badge--{}" data-value="{}">{}</span>', tone, value or "", label)


@register.simple_tag
def reltime(value, empty="—"):
    """A date shown relative ("3 days ago") with the exact time on hover and in ``datetime``."""
    if not value:
        return empty
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html('<time datetime="{}" title="{}">{}</time>', value.isoformat(),
                       date_format(local, "j M Y, H:i T"), naturaltime(value))


VERBS = {"create": "created", "update": "changed", "approve": "approved", "archive": "archived",
         "delete": "deleted", "import": "imported"}


@register.filter
def event_verb(action: str) -> str:
    """``ai_system.update`` → ``changed``; unknown actions are shown as recorded."""
    return VERBS.get(action.rsplit(".", 1)[-1], action)


def _text(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@register.filter
def change_rows(event):
    """(field, before, after) rows of an event; ``before`` is None for a snapshot (create, delete)."""
    changes = event.changes or {}
    is_diff = event.action.endswith((".update", ".approve"))
    rows = []
    for key, value in changes.items():
        label = key.replace("_ids", "s").replace("_", " ").capitalize()
        if is_diff and isinstance(value, list) and len(value) == 2:
            rows.append((label, _text(value[0]), _text(value[1])))
        else:
            rows.append((label, None, _text(value)))
    return rows


@register.filter
def attr_value(obj, name: str):
    """``getattr`` for templates that render configurable columns."""
    return getattr(obj, name, "")
