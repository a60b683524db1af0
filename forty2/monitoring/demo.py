"""The demo organisations' AI objectives and monitoring (docs/architecture.md, "The demo organisations"; ISO/IEC
42001 6.2, 9.1, A.6.2.6).

Acme Health: five objectives linked to Annex C objectives and to its AI systems, nine metrics and twelve months of
measurements up to today, deterministic (a seeded random walk per metric). The missed-sepsis audit breaches its
threshold in the latest measurement, with the clinical safety officer's response recorded; every metric is
measured on time. Globex: one objective with one metric. Everything is written through the services as the AIMS
manager would have (objectives and metrics one by one, each metric's history as one spreadsheet import: one
``metric.measure`` event and a bulk insert)."""

import datetime as dt
import random

from django.utils import timezone

from forty2.inventory.models import AISystem

from . import faces, services
from .definitions import METRIC, OBJECTIVE, REF
from .models import Metric, Objective, Source

_DAYS = {"weekly": 7, "monthly": 30, "quarterly": 91}

ACME_OBJECTIVES = [
    {"title": "Catch sepsis early without alert fatigue", "annex_c": ["safety", "robustness"],
     "systems": ["Sepsis early-warning score"],
     "measure": "Share of alerts reviewed by a clinician within an hour, and missed cases in a monthly chart audit.",
     "target": "At least 95 % of alerts reviewed within an hour; no more than 5 % of sepsis cases missed.",
     "resources": "Clinical informatics (0.5 FTE), sepsis nurse specialists, the alert log and audit sample.",
     "plan": "Monthly audit of 100 sepsis cases; retrain the model when misses pass 8 %; review alert thresholds "
             "with ward leads each quarter.", "due_in": 200, "status": "at_risk"},
    {"title": "Radiology triage that never delays an urgent scan", "annex_c": ["safety", "transparency_explainability"],
     "systems": ["Radiology triage for chest CT", "Clinical notes summariser"],
     "measure": "Urgent chest CTs reported within an hour, and how often radiologists overrule the triage flag.",
     "target": "90 % of urgent scans reported within an hour; disagreement under 10 %.",
     "resources": "Radiology operations lead, the PACS worklist report, supplier support hours.",
     "plan": "Weekly worklist report to the radiology lead; quarterly review of overruled flags with the supplier.",
     "due_in": 260, "status": "on_track"},
    {"title": "Fair and explainable recruitment screening", "annex_c": ["fairness", "accountability",
                                                                       "transparency_explainability"],
     "systems": ["Nurse recruitment CV screening"],
     "measure": "Ratio of shortlisting rates between the lowest and highest applicant groups, each quarter.",
     "target": "A ratio of at least 0.9 (the four-fifths rule is the floor, not the goal).",
     "resources": "HR analytics, the supplier's audit export, an external fairness reviewer once a year.",
     "plan": "Quarterly adverse-impact analysis; every rejected application read by a recruiter; pause the "
             "ranking if the ratio falls below 0.8.", "due_in": 320, "status": "on_track"},
    {"title": "Dependable AI for patients and clinical documentation",
     "annex_c": ["robustness", "privacy", "transparency_explainability"],
     "systems": ["Patient appointment chatbot", "Clinical speech-to-text", "Internal coding assistant",
                 "Marketing image generator"],
     "measure": "Chatbot conversations handed to staff, and the word error rate of dictation transcripts.",
     "target": "Under 10 % of conversations handed over; word error rate under 5 %.",
     "resources": "Patient services team, clinical documentation leads, supplier dashboards.",
     "plan": "Monthly sample of 200 conversations and 50 transcripts; supplier review when a warning persists "
             "two months.", "due_in": 150, "status": "on_track"},
    {"title": "Operational AI that delivers its promised benefit",
     "annex_c": ["maintainability", "ai_expertise", "accountability"],
     "systems": ["Nurse staffing forecaster", "Billing fraud detector", "30-day readmission risk score"],
     "measure": "Forecast error of the staffing model, and the share of fraud flags confirmed on review.",
     "target": "Forecast error under 8 %; at least 60 % of fraud flags confirmed.",
     "resources": "Workforce and finance analytics teams; a data scientist one day a week.",
     "plan": "Weekly forecast-accuracy report; monthly counter-fraud review of flags; retire a model whose "
             "benefit is not shown for two quarters.", "due_in": 365, "status": "planned"},
]

#: name, objective index, system, unit, frequency, direction, target, warning, breach, base, spread, last value
ACME_METRICS = [
    ("Sepsis alerts reviewed within an hour", 0, "Sepsis early-warning score", "%", "monthly", "higher_is_better",
     "95", "90", "85", 95.5, 1.5, None),
    ("Sepsis cases missed in the chart audit", 0, "Sepsis early-warning score", "%", "monthly", "lower_is_better",
     "5", "8", "10", 5.0, 1.2, "11.5"),
    ("Urgent chest CTs reported within an hour", 1, "Radiology triage for chest CT", "%", "weekly",
     "higher_is_better", "90", "85", "80", 91.0, 2.0, None),
    ("Shortlisting rate ratio between applicant groups", 2, "Nurse recruitment CV screening", "ratio", "quarterly",
     "higher_is_better", "0.9", "0.85", "0.8", 0.91, 0.02, None),
    ("Chatbot conversations handed to staff", 3, "Patient appointment chatbot", "%", "monthly", "lower_is_better",
     "10", "15", "20", 9.0, 2.0, None),
    ("Dictation word error rate", 3, "Clinical speech-to-text", "%", "monthly", "lower_is_better", "5", "7", "9",
     5.6, 0.6, None),
    ("Staffing forecast error (MAPE)", 4, "Nurse staffing forecaster", "%", "weekly", "lower_is_better", "8", "12",
     "15", 8.5, 1.5, None),
    ("Fraud flags confirmed on review", 4, "Billing fraud detector", "%", "monthly", "higher_is_better", "60", "50",
     "40", 63.0, 4.0, None),
    ("Coding suggestions blocked by the secrets scanner", 3, "Internal coding assistant", "%", "monthly",
     "lower_is_better", "0.5", "1", "2", 0.3, 0.1, None),
]
#: a metric whose measurements stopped three months ago (overdue); none at Acme, which measures on time
OVERDUE = ""
#: the response recorded to the latest breach (9.1, 10.2): the missed-sepsis audit of last month
BREACH_RESPONSE = ("Six missed cases were post-operative patients whose lactate is taken late; the deterioration "
                   "group reviewed all six the same week and a threshold change for surgical wards is validated "
                   "before release (risk ‘Alert fatigue among ward nurses’).")

METHODS = {
    "%": "Counted from the source each period; the share is the numerator over all cases in the period.",
    "ratio": "Shortlisting rate of each applicant group; the lowest divided by the highest.",
}


def _values(name, base, spread, warning, breach, direction, count):
    """A deterministic series around ``base`` that stays short of the breach threshold."""
    rng = random.Random(name)  # nosec B311 - demo figures, seeded to be the same on every build; no security use
    out, value = [], base
    for _ in range(count):
        value = value + rng.uniform(-spread, spread) * 0.6 + (base - value) * 0.4
        bad_side = float(breach)
        limit = bad_side + (abs(float(warning) - bad_side) * 0.3) * (1 if direction == "higher_is_better" else -1)
        value = max(value, limit) if direction == "higher_is_better" else min(value, limit)
        out.append(value)
    return out


def _moments(frequency, now, *, stop_days=2):
    """A year of measurement times, oldest first, the latest ``stop_days`` ago."""
    step = _DAYS[frequency]
    return [now - dt.timedelta(days=d, hours=3) for d in range(stop_days + (365 - stop_days) // step * step,
                                                               stop_days - 1, -step)]


def build(org, people, *, objectives=None, metrics=None) -> None:
    """Acme's objectives and metrics (or those given), written by the AIMS manager; skipped when already there."""
    if Objective.objects.for_org(org).exists():
        return
    objectives, metrics = objectives or ACME_OBJECTIVES, metrics or ACME_METRICS
    by = people["manager"]
    owners = [people.get(k, by).user.email for k in ("manager", "clinical_safety", "data_scientist")]
    systems = {s.name: s for s in AISystem.objects.for_org(org)}
    today = timezone.localdate()
    made = []
    for i, spec in enumerate(objectives):
        data = {k: v for k, v in spec.items() if k not in ("systems", "due_in")}
        data["ai_system_ids"] = [systems[n].pk for n in spec["systems"] if n in systems]
        data["owner"] = owners[i % len(owners)] if i % 2 == 0 else by.user.email
        data["due_date"] = (today + dt.timedelta(days=spec["due_in"])).isoformat()
        made.append(faces.OBJECTIVE_ACCESS.do_create(OBJECTIVE, by, data))
    now = timezone.now()
    for (name, objective, system, unit, frequency, direction, target, warning, breach, base, spread,
         last) in metrics:
        data = {"name": name, "unit": unit, "frequency": frequency, "direction": direction, "target_value": target,
                "warning_threshold": warning, "breach_threshold": breach, "method": METHODS.get(unit, METHODS["%"]),
                "data_source": "Monthly audit sample" if frequency == "monthly" else "Operational report",
                "owner": owners[(objective + 1) % len(owners)]}
        refs = {"objective": made[objective].pk, "ai_system": systems[system].pk if system in systems else None}
        if REF:
            data.update(refs)
        metric = faces.METRIC_ACCESS.do_create(METRIC, by, data)
        if not REF:  # until the kit's reference kind is merged the references are set directly
            Metric.objects.filter(pk=metric.pk).update(objective_id=refs["objective"], ai_system_id=refs["ai_system"])
            metric.refresh_from_db()
        moments = _moments(frequency, now, stop_days=95 if name == OVERDUE else 2)
        values = _values(name, base, spread, warning, breach, direction, len(moments))
        rows = [{"measured_at": at, "value": f"{v:.2f}" if unit != "ratio" else f"{v:.3f}"}
                for at, v in zip(moments, values, strict=True)]
        if last is not None:
            rows[-1]["value"] = last
            rows[-1]["note"] = "Audit of 100 cases; six missed were post-operative patients."
        services.add_measurements(by, metric, rows, source=Source.CSV, now=now)
        if last is not None and metrics is ACME_METRICS:
            latest = metric.measurements.order_by("-measured_at").first()
            services.respond(people.get("clinical_safety", by), latest, BREACH_RESPONSE)


GLOBEX_OBJECTIVES = [
    {"title": "Keep the pricing model's errors within agreed limits", "annex_c": ["robustness", "accountability"],
     "systems": [], "measure": "Mean absolute percentage error of the weekly price forecast.",
     "target": "Under 6 %.", "resources": "One analyst, the forecast log.",
     "plan": "Weekly error report; review with the product owner each month.", "due_in": 180, "status": "planned"},
]
GLOBEX_METRICS = [
    ("Price forecast error (MAPE)", 0, "", "%", "monthly", "lower_is_better", "6", "8", "10", 5.5, 0.8, None),
]


def build_globex(org, people) -> None:
    build(org, people, objectives=GLOBEX_OBJECTIVES, metrics=GLOBEX_METRICS)
