"""Objectives, metrics and measurements declared once for the records kit (ISO/IEC 42001 6.2, 9.1, A.6.2.6);
docs/architecture.md, "Adding a record type"."""

from forty2.records.definition import Field, RecordType
from forty2.risk.annex import Objective as AnnexObjective

from .models import Measurement, Metric, Objective

try:
    from forty2.records.definition import REF
except ImportError:  # before the kit's reference kind (branch kitref) is merged: the references wait
    REF = None


def _refs(*fields):
    return list(fields) if REF else []


def _names(*names):
    return list(names) if REF else []

OBJECTIVE = RecordType(
    model=Objective, name="objective", label="AI objective", default_ordering="title", archivable=True,
    unique=("title",),
    fields=[
        Field("title", "Objective", "What you want to achieve, e.g. 'Keep the sepsis alert's missed cases below "
              "5 %'.", required=True, sort=True, search=True),
        Field("annex_c", "Annex C objectives", "The organisational objectives of ISO/IEC 42001 Annex C it serves "
              "(6.2).", short="Annex C", choices=AnnexObjective, filter=True, widget="checkboxes"),
        Field("ai_systems", "AI systems", "The AI systems it concerns.", api="ai_system_ids", out="ai_systems",
              column="ai_systems"),
        Field("measure", "How it is measured", "The measure that shows whether it is met; its metrics record the "
              "values (6.2 b, d).", rows=2, search=True),
        Field("target", "Target", "The level to reach, in words, e.g. 'at least 95 % of alerts reviewed within "
              "an hour'.", rows=2),
        Field("owner", "Owner", "Who is responsible for achieving it (6.2 'who will be responsible')."),
        Field("resources", "Resources", "What will be required: people, budget, tools, data (6.2).", rows=2),
        Field("plan", "Plan", "What will be done to achieve it (6.2).", rows=3),
        Field("due_date", "Due", "When it will be completed (6.2).", sort=True),
        Field("status", "Status", filter=True, sort=True),
        Field("evaluation", "Evaluation", "How the results were evaluated, and what follows (6.2, 9.1).", rows=3),
    ],
    fieldsets=[
        ("Objective", "What you want to achieve, and for which AI systems (6.2).",
         ["title", "annex_c", "ai_systems"]),
        ("Planning", "What will be done, with what, by whom, by when and how results are evaluated (6.2).",
         ["measure", "target", "owner", "resources", "plan", "due_date"]),
        ("Progress", "Where it stands.", ["status", "evaluation"]),
    ],
)

_NUMBER = "A number, e.g. 95.5 (send it as text through the API)."

METRIC = RecordType(
    model=Metric, name="metric", label="Metric", archivable=True, unique=("name",),
    fields=[
        Field("name", "Metric", "What is measured, e.g. 'Alerts reviewed within one hour'.", required=True,
              sort=True, search=True),
        *_refs(Field("objective", "Objective", "The AI objective it measures (6.2).", filter=True),
               Field("ai_system", "AI system", "The AI system it monitors, if one (A.6.2.6).", filter=True)),
        Field("unit", "Unit", "For example %, ms, cases."),
        Field("method", "Method", "How it is measured, analysed and evaluated so results are valid (9.1 b).",
              rows=2),
        Field("frequency", "Frequency", "How often it is measured (9.1 c); a metric without a measurement "
              "within its frequency is overdue.", required=True, filter=True, sort=True),
        Field("data_source", "Data source", "Where the values come from: a report, a log, a dashboard (9.1)."),
        Field("direction", "Direction", "Whether higher or lower values are better.", required=True, filter=True,
              widget="inline"),
        Field("target_value", "Target value", f"The value to reach. {_NUMBER}"),
        Field("warning_threshold", "Warning threshold", f"Reaching it is a warning. {_NUMBER}"),
        Field("breach_threshold", "Breach threshold", f"Reaching it is a breach: an alert in My work (9.1, "
              f"10.2). {_NUMBER}"),
        Field("owner", "Owner", "Who measures it and acts on a breach (9.1 d)."),
        Field("latest_at", "Latest measurement", read_only=True, sort=True),
        Field("latest_value", "Latest value", read_only=True),
    ],
    fieldsets=[
        ("Metric", "What is measured and for what (6.2, 9.1 a).", ["name", *_names("objective", "ai_system"), "unit"]),
        ("Measuring", "How, how often and from where (9.1 b, c).", ["method", "frequency", "data_source", "owner"]),
        ("Thresholds", "When a value is good enough, a warning or a breach.",
         ["direction", "target_value", "warning_threshold", "breach_threshold"]),
    ],
)

MEASUREMENT = None if REF is None else RecordType(
    model=Measurement, name="measurement", label="Measurement", default_ordering="-measured_at",
    extra_orderings=("measured_at", "created_at", "id"),
    fields=[
        Field("metric", "Metric", "The metric's name, exactly as in Forty2.", required=True),
        Field("measured_at", "Measured at", "When it was measured: YYYY-MM-DD or YYYY-MM-DDTHH:MM.",
              required=True, kind="text"),
        Field("value", "Value", "A number, e.g. 95.5.", required=True),
        Field("note", "Note", "What a reader should know: a correction of an earlier value, an outage …"),
        Field("source", "Source", read_only=True),
        Field("entered_by", "Entered by", read_only=True),
    ],
)
