"""What monitoring puts in a person's My work (ISO/IEC 42001 9.1, 5.3): a breach of a metric's threshold without a
recorded response, and metrics overdue for their next measurement — for the metric's owner and for the
organisation's AIMS managers and owners."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from forty2.tenancy.models import Role
from forty2.tenancy.work import WorkItem

from . import queries, status
from .models import Measurement


def _url(org, metric):
    return reverse("monitoring:metric_detail", args=[org.slug, metric.pk])


def work(membership) -> list[WorkItem]:
    org, user = membership.organization, membership.user
    manager = membership.role in (Role.OWNER, Role.AIMS_MANAGER)
    metrics = queries.live_metrics(org)
    if not manager:
        metrics = metrics.filter(owner=user)
    now = timezone.now()
    items = []
    breached = list(metrics.filter(status.breach_q()))
    if breached:
        latest = {}
        for m in (Measurement.objects.for_org(org).filter(metric__in=breached)
                  .filter(Q(measured_at__in=[b.latest_at for b in breached]))
                  .order_by("metric_id", "-measured_at", "-id")):
            latest.setdefault(m.metric_id, m)
        for metric in breached:
            found = latest.get(metric.pk)
            if found is None or found.response:
                continue
            unit = f" {metric.unit}" if metric.unit else ""
            items.append(WorkItem(
                org, "breach", f"Breach: {metric} is {metric.latest_value}{unit} (breach threshold "
                               f"{metric.breach_threshold}{unit})", _url(org, metric) + "#h-status",
                due=timezone.localtime(metric.latest_at).date() + dt.timedelta(days=7),
                detail="Record a response or open an incident (9.1, 10.2)."))
    for metric in metrics.filter(status.overdue_q(now)):
        items.append(WorkItem(org, "overdue", f"Measure {metric} (overdue: {metric.get_frequency_display().lower()})",
                              _url(org, metric) + "#h-add", due=timezone.localtime(status.next_due(metric)).date(),
                              detail="No measurement within its frequency (9.1 c)."))
    return items
