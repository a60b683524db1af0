"""Reads of objectives, metrics and measurements, always scoped to one organisation (ISO/IEC 42001 6.2, 9.1)."""

import datetime as dt
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, F, FloatField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from . import status
from .models import Measurement, Metric, Objective


def live_metrics(org):
    return Metric.objects.for_org(org).filter(archived_at__isnull=True)


def series(metric) -> list[tuple]:
    """Every measurement of ``metric`` as (measured_at, value as a float), oldest first: one indexed query, read
    through the cursor (a thousand rows without a converter per cell), the values as floats for drawing (the
    state of the metric is read from its exact latest value)."""
    qs = (Measurement.objects.filter(metric=metric).order_by("measured_at", "id")
          .values_list("measured_at", Cast("value", FloatField())))
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows and isinstance(rows[0][0], str):  # SQLite: naive UTC text
        parse = dt.datetime.fromisoformat
        return [(parse(at).replace(tzinfo=dt.UTC), value) for at, value in rows]
    return rows


def unanswered_breach(metric):
    """The latest measurement when it is a breach without a recorded response, else None."""
    if metric.latest_value is None or status.of(metric) != status.BREACH:
        return None
    latest = Measurement.objects.filter(metric=metric).order_by("-measured_at", "-id").first()
    return latest if latest is not None and not latest.response else None


@dataclass
class MetricState:
    metric: Metric
    state: str
    overdue: bool
    on_target: bool | None

    @property
    def label(self) -> str:
        return status.LABELS[self.state]


def state_of(metric, now=None) -> MetricState:
    now = now or timezone.now()
    return MetricState(metric, status.of(metric), status.is_overdue(metric, now), status.on_target(metric))


@dataclass
class Progress:
    """An objective's progress from its live metrics: how many reach their target and how many are in each
    state."""

    states: list
    total: int
    on_target: int
    breach: int
    warning: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.on_target / self.total) if self.total else 0


def progress(objective, now=None) -> Progress:
    states = [state_of(m, now) for m in live_metrics(objective.organization).filter(objective=objective)
              .select_related("owner")]
    return Progress(states, len(states), sum(1 for s in states if s.on_target),
                    sum(1 for s in states if s.state == status.BREACH),
                    sum(1 for s in states if s.state == status.WARNING), sum(1 for s in states if s.overdue))


def metric_counts(org, objective_ids) -> dict[int, int]:
    return dict(live_metrics(org).filter(objective_id__in=objective_ids).values("objective_id")
                .annotate(n=Count("id")).values_list("objective_id", "n"))


def attention(org, now=None):
    """The live metrics in breach, in warning or overdue (the metric list's filter, My work, the overview)."""
    now = now or timezone.now()
    return live_metrics(org).filter(status.breach_q() | status.warning_q() | status.overdue_q(now))


def objectives(org):
    return Objective.objects.for_org(org).filter(archived_at__isnull=True)


def filter_state(qs, state: str, now=None):
    """``qs`` (metrics) limited to one state: ok, warning, breach, none (never measured) or overdue."""
    now = now or timezone.now()
    if state == status.BREACH:
        return qs.filter(status.breach_q())
    if state == status.WARNING:
        return qs.filter(status.warning_q())
    if state == "overdue":
        return qs.filter(status.overdue_q(now))
    if state == status.NONE:
        return qs.filter(latest_value__isnull=True)
    if state == status.OK:
        return qs.filter(latest_value__isnull=False).exclude(status.breach_q()).exclude(status.warning_q())
    return qs


def breaches_since(org, since):
    """Breach measurements of live metrics measured since ``since`` (9.1 check: each needs a response)."""
    rows = (Measurement.objects.for_org(org).filter(measured_at__gte=since, metric__archived_at__isnull=True)
            .select_related("metric"))
    cond = Q(metric__breach_threshold__isnull=False) & (
        Q(metric__direction="higher_is_better", value__lte=F("metric__breach_threshold"))
        | Q(metric__direction="lower_is_better", value__gte=F("metric__breach_threshold")))
    return rows.filter(cond)

