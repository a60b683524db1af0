"""Small template helpers for consistent status badges, dates and audit history across every page.

History is worded in :mod:`forty2.web.history`.
"""

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from forty2.core import words
from forty2.web import history, registry

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


@register.simple_tag(takes_context=True)
def panel(context, template_name, data):
    """Render a registered dashboard panel: its template, with the page's context plus the panel's own data
    (as ``{% include %}`` does, but with a dict; see :mod:`forty2.web.registry`)."""
    panel_template = context.template.engine.get_template(template_name)
    with context.push(data):
        return panel_template.render(context)


@register.simple_tag(takes_context=True)
def record_sections(context, object_type, obj):
    """The sections other apps registered for this kind of record's page (forty2/web/registry.py), in order."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    html = []
    for section in registry.record_sections(object_type):
        data = section.context(request, membership, obj)
        if data is not None:
            html.append(panel(context, section.template, data))
    return mark_safe("".join(html))  # nosec B308 B703 - each part is a rendered, autoescaped template


@register.simple_tag
def reltime(value, empty="—"):
    """A date shown relative ("3 days ago") with the exact time on hover and in ``datetime``."""
    if not value:
        return empty
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html('<time datetime="{}" title="{}">{}</time>', value.isoformat(),
                       date_format(local, "j M Y, H:i T"), naturaltime(value))


@register.filter
def event_verb(action: str) -> str:
    """``ai_act.sign_off`` → "signed off the EU AI Act classification of"; the record's name follows it."""
    return history.event_verb(action)


@register.simple_tag
def event_sentence(event, show_object=True) -> str:
    """What happened, without the actor ("re-derived the risk profile of this AI system"); escaped on output."""
    return history.event_sentence(event, show_object)


@register.filter
def with_article(phrase) -> str:
    """"a Contributor", "an AIMS manager", "an SoA entry": the one a/an rule (forty2/core/words.py)."""
    return words.with_article(str(phrase))


@register.filter
def action_label(action: str) -> str:
    return history.action_label(action)


@register.filter
def type_label(object_type: str) -> str:
    return history.type_label(object_type)


def _named(events) -> dict:
    names = {**history.link_names(events), **history.person_names(events)}
    for event in events:
        event.names = names
        event.actor_name = history.actor_name(event, names)
    return names


@register.simple_tag
def history_items(events):
    """[(event, change rows)] with linked ids named in one query per kind, and people (actors, owners) by
    their display name in one query, for the whole list; ``event.actor_name`` is set."""
    events = list(events or [])
    names = _named(events)
    return [(event, history.change_rows(event, names)) for event in events]


@register.filter
def change_rows(event):
    """Human (label, before, after) rows of one event; ``before`` is None for a value that is not a change."""
    return history.change_rows(event, _named([event]))


@register.simple_tag
def actor(event):
    """The event's actor: display name and, visibly, the address stored in the hashed event. Anyone may choose
    any display name, so the name alone could impersonate a colleague (issue #14, finding 12c); the address is
    unique and cannot be changed by its owner (one query; lists use history_items)."""
    name = getattr(event, "actor_name", None) or history.actor_name(event, history.person_names([event]))
    if name == event.actor_label or "@" not in (event.actor_label or ""):
        return format_html('<span class="person">{}</span>', name)
    return format_html('<span class="person">{} <span class="person__email">({})</span></span>', name,
                       event.actor_label)


@register.filter
def has_pairs(rows) -> bool:
    return any(row.before is not None for row in rows)


@register.filter
def summary_label(label) -> str:
    """A field label as it starts an error-summary line: "Name:", but "What is it for?" keeps its "?"."""
    text = str(label).strip()
    return text if text.endswith(("?", ":", ".")) else f"{text}:"


@register.filter
def attr_value(obj, name: str):
    """``getattr`` for templates that render configurable columns."""
    return getattr(obj, name, "")


@register.simple_tag(takes_context=True)
def record_url(context, event):
    """The page of the record an audit event is about, when its app registered one (web/registry.py)."""
    org = context.get("org")
    return registry.record_url(org.slug, event.object_type, event.object_id) if org is not None else None
