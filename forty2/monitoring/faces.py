"""How the records kit's API routes and pages reach objectives, metrics and measurements (ISO/IEC 42001 6.2, 9.1,
A.6.2.6): one :class:`~forty2.records.routes.Access` and one :class:`~forty2.records.pages.RecordPages` each."""

import contextvars

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from forty2.core.errors import InvalidInput, field_error
from forty2.records import io as kit_io
from forty2.records import writes
from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access
from forty2.records.schemas import output
from forty2.tenancy.roles import can
from forty2.web.listing import querystring

from . import chart, queries, services, status
from .definitions import METRIC, OBJECTIVE, REF
from .models import CLOSED_STATUSES, Measurement, Metric, Objective, ObjectiveStatus, Source


class ObjectiveRules(writes.Rules):
    def check(self, write):
        final = write.cleaned.get("status", None if write.created else write.obj.status)
        evaluation = write.cleaned.get("evaluation", "" if write.created else write.obj.evaluation)
        if final in (ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED) and not (evaluation or "").strip():
            raise InvalidInput([field_error("evaluation", "Say how the results were evaluated before marking the "
                                                          "objective achieved or not achieved (6.2, 9.1).",
                                            "required_by")])


def _crumbs(org):
    return [("Objectives and monitoring", reverse("monitoring:objective_list", args=[org.slug]))]


# --- objectives -----------------------------------------------------------------------------------------------

OBJECTIVE_ACCESS = Access(queryset=lambda org: Objective.objects.for_org(org).select_related("owner"),
                          rules=ObjectiveRules)


def objective_sections(membership, obj):
    progress = queries.progress(obj)
    alerts = [s for s in progress.states if s.state == status.BREACH]
    return [Section("monitoring/_objective_progress.html", {
        "progress": progress, "alerts": alerts, "org": membership.organization, "objective": obj,
        "overdue_due": obj.due_date is not None and obj.due_date < timezone.localdate()
        and obj.status not in CLOSED_STATUSES,
        "may_create": can(membership, "create_record")})]


OBJECTIVE_PAGES = RecordPages(
    OBJECTIVE, OBJECTIVE_ACCESS, "monitoring", name="objective", title="AI objectives", noun="AI objective",
    nav="monitoring", tabs="monitoring/_tabs.html", crumbs=None,
    intro="What the organisation wants to achieve with and about its AI, how it is measured, by whom, with what "
          "and by when (ISO/IEC 42001 6.2). Each objective's metrics show its progress.",
    columns=("status", "owner", "due_date"), sections=objective_sections)


# --- metrics --------------------------------------------------------------------------------------------------

_metric_out = output(METRIC)
NUMBERS = ("target_value", "warning_threshold", "breach_threshold", "latest_value")


def metric_out(obj) -> dict:
    data = _metric_out(obj)
    for key in NUMBERS:
        data[key] = getattr(obj, key)
    now = timezone.now()
    data["state"] = status.of(obj)
    data["on_target"] = status.on_target(obj)
    data["overdue"] = status.is_overdue(obj, now)
    data["next_due"] = status.next_due(obj)
    return data


def _metric_queryset(org):
    related = ("owner", "objective", "ai_system") if REF else ("owner",)
    return Metric.objects.for_org(org).select_related(*related)


METRIC_ACCESS = Access(queryset=_metric_queryset, rules=services.MetricRules, out=metric_out)

#: the state filter of the metric list while a request is shown (the kit's filters are the definition's fields)
_STATE = contextvars.ContextVar("monitoring_metric_state", default="")
STATES = [("breach", "Breach"), ("warning", "Warning"), ("ok", "Within thresholds"), ("overdue", "Overdue"),
          ("none", "Never measured")]


def _annotate(qs):
    return queries.filter_state(qs, _STATE.get())


class MetricPages(RecordPages):
    """The kit's pages of metrics, with a ``state`` filter on the list (breach, warning, ok, overdue, never
    measured) and each row's state in words."""

    def list_view(self, request, membership):
        wanted = request.GET.get("state", "").strip()
        token = _STATE.set(wanted if wanted in dict(STATES) else "")
        try:
            return super().list_view(request, membership)
        finally:
            _STATE.reset(token)

    def _selects(self, org, state):
        return [*super()._selects(org, state),
                {"name": "state", "label": "State", "value": _STATE.get(), "options": STATES}]

    def context(self, membership, obj=None, **extra):
        if "selects" in extra:  # the list: keep the state filter in its links and count it as a filter
            wanted = _STATE.get()
            extra["query"] = querystring({**extra["state"], "state": wanted}, page=None)
            extra["export_query"] = querystring({**extra["state"], "state": ""}, page=None)
            extra["any_filter"] = extra["any_filter"] or bool(wanted)
            now = timezone.now()
            extra["rows"] = [(*row[:4], [_state_words(row[0], now)]) for row in extra["rows"]]
        return super().context(membership, obj, **extra)


def _state_words(metric, now) -> str:
    words = status.LABELS[status.of(metric)]
    return f"{words}; overdue" if status.is_overdue(metric, now) else words


def metric_sections(membership, obj):
    org = membership.organization
    key = Measurement.objects.filter(metric=obj).aggregate(n=Count("id"), last=Max("id"))

    def draw():
        rows = queries.series(obj)
        points = chart.points_of(obj, rows)
        return chart.render(obj, rows, title_id=f"chart-{obj.pk}", points=points), chart.table(obj, points)

    svg, table = chart.drawn(obj, (key["n"], key["last"]), draw)
    now = timezone.now()
    latest = Measurement.objects.filter(metric=obj).order_by("-measured_at", "-id").first()
    state = status.of(obj)
    return [Section("monitoring/_metric_status.html", {
        "org": org, "metric": obj, "state": state, "label": status.LABELS[state], "latest": latest,
        "overdue": status.is_overdue(obj, now), "next_due": status.next_due(obj), "due_at": status.due_at(obj),
        "on_target": status.on_target(obj), "unanswered": latest if state == status.BREACH and latest is not None
        and not latest.response else None,
        "may_respond": can(membership, "edit_record", obj) and obj.archived_at is None,
        "open_incident": can(membership, "create_record"), "incident_url": incident_url(org)}),
        Section("monitoring/_metric_chart.html", {
            "svg": svg, "table": table, "count": key["n"],
            "metric": obj, "org": org}),
        Section("monitoring/_metric_add.html", {
            "metric": obj, "org": org, "rows": range(5),
            "may_add": can(membership, "edit_record", obj) and obj.archived_at is None,
            "may_delete": can(membership, "archive_record"),
            "recent": Measurement.objects.filter(metric=obj).select_related("entered_by")
            .order_by("-measured_at", "-id")[:10]})]


def incident_url(org) -> str:
    """Where an incident is opened by hand when the incidents app offers no service to call."""
    try:
        return reverse("incidents:incident_create", args=[org.slug])
    except Exception:  # noqa: BLE001 - the incidents pages may not be there
        return ""


METRIC_PAGES = MetricPages(
    METRIC, METRIC_ACCESS, "monitoring", name="metric", title="Metrics", noun="metric", nav="monitoring",
    tabs="monitoring/_tabs.html",
    intro="What is measured, how, how often and from where, and when a value is a warning or a breach "
          "(ISO/IEC 42001 9.1, A.6.2.6). Filter by state to see breaches and overdue metrics.",
    columns=("frequency", "owner", "latest_at"), extra_columns=(("State", "pk"),), annotate=_annotate,
    sections=metric_sections)


# --- measurements (the spreadsheet import; the API's own routes are in api.py) -------------------------------------

class MeasurementAccess(Access):
    """Measurements import through the kit (metric by name) and never match an existing row: each row adds a
    measurement (append-only)."""

    def import_spec(self, rt):
        def create(membership, data):
            metric = data.get("metric")
            if not isinstance(metric, Metric):
                metric = Metric.objects.for_org(membership.organization).filter(
                    pk=metric if isinstance(metric, int) else None).first()
            if metric is None:
                raise InvalidInput([field_error("metric", "Name the metric, exactly as in Forty2.", "missing")])
            row = {k: data.get(k) for k in ("measured_at", "value", "note") if k in data}
            try:
                return services.add_measurements(membership, metric, row, source=Source.CSV, batch=False)[0]
            except InvalidInput as exc:
                raise InvalidInput([{**e, "loc": ["body", e["loc"][-1]]} for e in exc.errors]) from None

        return kit_io.ImportSpec(rt=rt, create=create, update=lambda *a, **k: None, existing=lambda org: {},
                                 resolvers=self.resolvers, key_field="source")


MEASUREMENT_ACCESS = MeasurementAccess(
    queryset=lambda org: Measurement.objects.for_org(org).select_related("metric", "entered_by"),
    key_field="source")
