"""AI objectives, their metrics and measurements (ISO/IEC 42001 6.2 AI objectives and planning to achieve them,
9.1 monitoring, measurement, analysis and evaluation, A.6.2.6 AI system operation and monitoring).

An :class:`Objective` says what the organisation wants to achieve with or about its AI (linked to the standard's
Annex C objectives and to AI systems), how it is measured, by whom, with what and by when. Each :class:`Metric`
measures it: a method, a frequency, a data source and thresholds read by the direction (higher or lower is
better). A :class:`Measurement` is one value at one time. Measurements are append-only: a wrong value is corrected
by a new measurement with a note; only AIMS managers and owners may delete one, and the deletion is audited with
the deleted value.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import models

from forty2.inventory.models import AISystem
from forty2.records import staging
from forty2.tenancy.models import OrgOwned

#: digits a number may have before and after the point (thresholds and measured values)
MAX_DIGITS, DECIMAL_PLACES = 18, 6


def plain_number(value) -> str | None:
    """A decimal as people write it: ``95.5``, ``0.03``, ``120`` (no exponent, no trailing zeros)."""
    if value is None or value == "":
        return None
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


class NumberField(models.DecimalField):
    """A decimal column whose Python value is its plain text (``"95.5"``): the records kit keeps, compares,
    audits and signs text, and the database still stores, sorts and compares numbers. The services check that
    the text is a number (``services.parse_number``) before it reaches this field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        try:
            return plain_number(value)
        except (InvalidOperation, ValueError):
            return str(value)


class ObjectiveStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    CANCELLED = "cancelled", "Cancelled"


#: an objective in one of these states is finished: its due date no longer makes it overdue
CLOSED_STATUSES = (ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED, ObjectiveStatus.CANCELLED)


class Objective(OrgOwned):
    """An AI objective (6.2): what, measured how, by whom, with what resources, by when."""

    title = models.CharField(max_length=200)
    annex_c = models.JSONField("Annex C objectives", default=list, blank=True)
    ai_systems = models.ManyToManyField(AISystem, blank=True, related_name="+")
    measure = models.TextField("how it is measured", max_length=2000, blank=True)
    target = models.TextField(max_length=2000, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    resources = models.TextField(max_length=2000, blank=True)
    plan = models.TextField("what will be done", max_length=5000, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ObjectiveStatus.choices, default=ObjectiveStatus.PLANNED)
    evaluation = models.TextField("evaluation of results", max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    LINK_LABEL = "title"

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "title"], condition=models.Q(archived_at__isnull=True),
                                    name="objective_unique_live_title"),
        ]

    def __str__(self):
        return self.title


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"


class Direction(models.TextChoices):
    HIGHER = "higher_is_better", "Higher is better"
    LOWER = "lower_is_better", "Lower is better"


class Metric(OrgOwned):
    """What is measured, how and how often, and where the value is good enough (9.1 a-d; A.6.2.6).

    ``latest_at`` and ``latest_value`` repeat the newest measurement (written by the measurement services in the
    same transaction) so lists, My work and the clause checks read a metric's state without reading its
    measurements."""

    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="metrics")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True)
    method = models.TextField("method of measurement", max_length=2000, blank=True)
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY)
    data_source = models.CharField(max_length=300, blank=True)
    ai_system = models.ForeignKey(AISystem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=20, choices=Direction.choices, default=Direction.HIGHER)
    target_value = NumberField(null=True, blank=True)
    warning_threshold = NumberField(null=True, blank=True)
    breach_threshold = NumberField(null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)
    latest_at = models.DateTimeField(null=True, blank=True, editable=False)
    latest_value = NumberField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], condition=models.Q(archived_at__isnull=True),
                                    name="metric_unique_live_name"),
        ]
        indexes = [models.Index(fields=["organization", "archived_at", "latest_at"])]

    def __str__(self):
        return self.name


class Source(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    CSV = "csv", "Imported from a spreadsheet"
    API = "api", "Sent through the API"


class Measurement(OrgOwned):
    """One measured value of a metric at one time (9.1: the results of monitoring and measurement, retained as
    documented information). Append-only; ``response`` records what was done about a breach (9.1, 10.2)."""

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="measurements")
    measured_at = models.DateTimeField()
    value = NumberField()
    note = models.TextField(max_length=2000, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    response = models.TextField("response to a breach", max_length=2000, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    # A large import's rows stay hidden until it is published (forty2/records/staging.py).
    import_stage = staging.stage_field()

    objects = staging.StagedManager()

    class Meta:
        ordering = ["-measured_at", "-id"]
        indexes = [models.Index(fields=["metric", "measured_at"], name="measurement_metric_time")]

    def __str__(self):
        return f"{self.metric.name if self.metric_id else ''} {self.value} at {self.measured_at:%Y-%m-%d %H:%M}"
