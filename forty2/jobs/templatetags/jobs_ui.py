"""Job status badges: the status in words, colour only reinforcing it."""

from django import template
from django.utils.html import format_html

from forty2.jobs.registry import label_of

register = template.Library()

TONES = {"queued": "muted", "running": "stage", "succeeded": "ok", "failed": "danger"}


@register.simple_tag
def job_badge(job):
    return format_html('<span class="badge badge--{}" data-value="{}">{}</span>', TONES.get(job.status, "muted"),
                       job.status, job.get_status_display())


@register.filter
def percent(job) -> int:
    return int(100 * job.done / job.total) if job.total else (100 if job.is_done else 0)


@register.filter
def job_kind_label(kind: str) -> str:
    return label_of(kind)
