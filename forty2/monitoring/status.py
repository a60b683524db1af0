"""Where a metric stands (ISO/IEC 42001 9.1): its latest value read against its thresholds by its direction, and
whether a measurement is overdue for its frequency. Plain functions of plain values, used by the pages, the API,
My work, the clause checks and the chart alike.

The rules:

* **ok / warning / breach**: with *higher is better* a value at or below the breach threshold is a breach, at or
  below the warning threshold a warning; with *lower is better* at or above. Reaching a threshold counts. A metric
  without thresholds is ``ok`` whenever it has a value; without any measurement its state is ``none``.
* **on target**: the value has reached the target value (at or above it, or at or below it for *lower is better*).
* **overdue**: no measurement within the frequency plus a grace period (daily 1 day, weekly 3 days, monthly 7 days,
  quarterly 14 days, yearly 30 days). A new metric has the same time for its first measurement, counted from its
  creation.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import F, Q

from .models import Direction, Frequency

OK, WARNING, BREACH, NONE = "ok", "warning", "breach", "none"
LABELS = {OK: "Within thresholds", WARNING: "Warning", BREACH: "Breach", NONE: "No measurement yet"}

#: how long a measurement stays current, and the grace before the next one is overdue
PERIOD = {Frequency.DAILY: dt.timedelta(days=1), Frequency.WEEKLY: dt.timedelta(days=7),
          Frequency.MONTHLY: dt.timedelta(days=31), Frequency.QUARTERLY: dt.timedelta(days=92),
          Frequency.YEARLY: dt.timedelta(days=366)}
GRACE = {Frequency.DAILY: dt.timedelta(days=1), Frequency.WEEKLY: dt.timedelta(days=3),
         Frequency.MONTHLY: dt.timedelta(days=7), Frequency.QUARTERLY: dt.timedelta(days=14),
         Frequency.YEARLY: dt.timedelta(days=30)}
#: the period in which every breach needs a recorded response (9.1 check)
RESPONSE_PERIOD = dt.timedelta(days=92)


def number(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _beyond(value: Decimal, limit: Decimal, direction: str) -> bool:
    """Whether ``value`` has reached ``limit`` on the bad side."""
    return value <= limit if direction != Direction.LOWER else value >= limit


def classify(value, *, direction: str, warning=None, breach=None) -> str:
    """ok, warning or breach for one value (``none`` when there is no value)."""
    value = number(value)
    if value is None:
        return NONE
    breach, warning = number(breach), number(warning)
    if breach is not None and _beyond(value, breach, direction):
        return BREACH
    if warning is not None and _beyond(value, warning, direction):
        return WARNING
    return OK


def classifier(metric):
    """A fast ``float -> state`` for a long series (the chart): the thresholds read once; the same rule as
    :func:`classify`."""
    warning = float(metric.warning_threshold) if metric.warning_threshold is not None else None
    breach = float(metric.breach_threshold) if metric.breach_threshold is not None else None
    if metric.direction != Direction.LOWER:
        def state(v: float) -> str:
            return BREACH if breach is not None and v <= breach else (
                WARNING if warning is not None and v <= warning else OK)
    else:
        def state(v: float) -> str:
            return BREACH if breach is not None and v >= breach else (
                WARNING if warning is not None and v >= warning else OK)
    return state


def of(metric, value=None) -> str:
    """The state of ``metric`` for ``value`` (default: its latest value)."""
    return classify(metric.latest_value if value is None else value, direction=metric.direction,
                    warning=metric.warning_threshold, breach=metric.breach_threshold)


def on_target(metric, value=None) -> bool | None:
    value, target = number(metric.latest_value if value is None else value), number(metric.target_value)
    if value is None or target is None:
        return None
    return value >= target if metric.direction != Direction.LOWER else value <= target


def due_at(metric) -> dt.datetime:
    """When the next measurement is overdue (after the grace period)."""
    since = metric.latest_at or metric.created_at
    return since + PERIOD[metric.frequency] + GRACE[metric.frequency]


def next_due(metric) -> dt.datetime:
    """When the next measurement is expected (without the grace period)."""
    return (metric.latest_at or metric.created_at) + PERIOD[metric.frequency]


def is_overdue(metric, now: dt.datetime) -> bool:
    return metric.archived_at is None and due_at(metric) < now


def overdue_q(now: dt.datetime) -> Q:
    """The live metrics that are overdue at ``now``, as a filter (lists, My work, checks: one query)."""
    q = Q()
    for freq in Frequency.values:
        cutoff = now - PERIOD[freq] - GRACE[freq]
        q |= Q(frequency=freq) & (Q(latest_at__lt=cutoff) | Q(latest_at__isnull=True, created_at__lt=cutoff))
    return q & Q(archived_at__isnull=True)


def breach_q() -> Q:
    """The metrics whose latest value is a breach, as a filter."""
    return Q(latest_value__isnull=False, breach_threshold__isnull=False) & (
        Q(direction=Direction.HIGHER, latest_value__lte=F("breach_threshold"))
        | Q(direction=Direction.LOWER, latest_value__gte=F("breach_threshold")))


def warning_q() -> Q:
    """The metrics whose latest value is a warning (not a breach), as a filter."""
    return Q(latest_value__isnull=False, warning_threshold__isnull=False) & (
        Q(direction=Direction.HIGHER, latest_value__lte=F("warning_threshold"))
        | Q(direction=Direction.LOWER, latest_value__gte=F("warning_threshold"))) & ~breach_q()
