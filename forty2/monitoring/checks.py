"""What the objectives and monitoring records let the clause checks see (ISO/IEC 42001 6.2, 9.1, A.6.2.6). Each
check reads content, not existence; nothing Forty2 creates by default passes one.

* **6.2** ``ai_objectives``: at least one live objective (not cancelled), each with how it is measured, a target, an
  owner, resources, a plan, a due date and at least one live metric; ``objectives_on_time``: none past its due date
  while not achieved, not achieved or cancelled; ``objectives_cover_systems``: every in-scope AI system that is not
  retired is concerned by at least one live objective (the strong rule: 6.2 asks for objectives "at relevant
  functions and levels", and for an AIMS the AI systems are those functions).
* **9.1** ``monitoring_results``: at least one live metric, each with a method, a frequency and a data source;
  ``metrics_current``: none overdue; ``breaches_answered``: every breach measured in the last 92 days has a recorded
  response (a note recorded against the breach, which opening an incident from it also writes). The objective's
  evaluation alone does not count: it is not tied to one breach.
* **A.6.2.6** ``systems_monitored``: every in-scope AI system in operation (life-cycle stage deployment, operation
  and monitoring or re-evaluation, not retired) has a live metric of its own with a current measurement.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from forty2.inventory.models import IN_OPERATION_STAGES, AISystem, SystemStatus

from . import queries, status
from .models import CLOSED_STATUSES, Objective, ObjectiveStatus


def _open_objectives(org):
    return queries.objectives(org).exclude(status=ObjectiveStatus.CANCELLED)


def objectives_planned(org, ctx) -> bool:
    """At least one live objective, each fully planned (6.2 a-i) and measured by a live metric."""
    rows = _open_objectives(org).annotate(
        n=Count("metrics", filter=Q(metrics__archived_at__isnull=True)))
    if not rows.exists():
        return False
    incomplete = rows.filter(Q(measure="") | Q(target="") | Q(resources="") | Q(plan="") | Q(owner__isnull=True)
                             | Q(due_date__isnull=True) | Q(n=0))
    return not incomplete.exists()


def objectives_on_time(org, ctx) -> bool:
    rows = _open_objectives(org)
    return rows.exists() and not rows.exclude(status__in=CLOSED_STATUSES).filter(
        due_date__lt=timezone.localdate()).exists()


def _systems(org):
    return (AISystem.objects.for_org(org).filter(archived_at__isnull=True, in_scope=True)
            .exclude(status=SystemStatus.RETIRED))


def objectives_cover_systems(org, ctx) -> bool:
    systems = set(_systems(org).values_list("pk", flat=True))
    if not systems:
        return False
    covered = set(Objective.ai_systems.through.objects.filter(
        objective__in=_open_objectives(org)).values_list("aisystem_id", flat=True))
    return systems <= covered


def metrics_defined(org, ctx) -> bool:
    metrics = queries.live_metrics(org)
    return metrics.exists() and not metrics.filter(Q(method="") | Q(data_source="") | Q(frequency="")).exists()


def metrics_current(org, ctx) -> bool:
    metrics = queries.live_metrics(org)
    return metrics.exists() and not metrics.filter(status.overdue_q(timezone.now())).exists()


def breaches_answered(org, ctx) -> bool:
    if not queries.live_metrics(org).filter(latest_at__isnull=False).exists():
        return False  # nothing measured yet: there are no results to evaluate
    since = timezone.now() - status.RESPONSE_PERIOD
    return not queries.breaches_since(org, since).filter(response="").exists()


def systems_monitored(org, ctx) -> bool:
    """Every in-scope AI system in operation has a live metric of its own that is measured and not overdue."""
    operating = set(_systems(org).filter(lifecycle_stage__in=IN_OPERATION_STAGES).values_list("pk", flat=True))
    if not operating:
        return False
    current = (queries.live_metrics(org).filter(ai_system_id__in=operating, latest_at__isnull=False)
               .exclude(status.overdue_q(timezone.now())))
    return operating <= set(current.values_list("ai_system_id", flat=True))


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    def page(name, query=""):
        return lambda org: reverse(f"monitoring:{name}", args=[org.slug]) + query

    register("6.2", Check("ai_objectives", "AI objectives, each with its measure, target, owner, resources, plan, "
                                           "due date and metrics", objectives_planned, page("objective_list")))
    register("6.2", Check("objectives_on_time", "No AI objective past its due date while still open",
                          objectives_on_time, page("objective_list", "?ordering=due_date")))
    register("6.2", Check("objectives_cover_systems", "Every in-scope AI system covered by an AI objective",
                          objectives_cover_systems, page("objective_list")))
    register("9.1", Check("monitoring_results", "Metrics with a method, frequency and data source",
                          metrics_defined, page("metric_list")))
    register("9.1", Check("metrics_current", "No metric overdue for its next measurement", metrics_current,
                          page("metric_list", "?state=overdue")))
    register("9.1", Check("breaches_answered", "A recorded response to every breach of the last 92 days",
                          breaches_answered, page("metric_list", "?state=breach")))
    register("A.6.2.6", Check("systems_monitored", "Every in-scope AI system in operation monitored by a metric "
                                                   "with a current measurement", systems_monitored,
                              page("metric_list")))
