"""Clause checks 6.2, 9.1 and A.6.2.6 read content, not existence; a breach and an overdue metric reach My work
(Done-when of issue #17)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.inventory import services as inventory
from forty2.monitoring import checks, faces, services, work
from forty2.monitoring.definitions import METRIC, OBJECTIVE
from forty2.monitoring.models import Metric
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _now(days=0):
    return (timezone.now() - dt.timedelta(days=days)).isoformat()


def _plan(system_ids):
    return {"measure": "Share of alerts reviewed in an hour", "target": "95 %", "owner": "manager@acme.example",
            "resources": "Two nurses' time, the alert log", "plan": "Weekly huddle on late reviews",
            "due_date": (timezone.localdate() + dt.timedelta(days=90)).isoformat(), "ai_system_ids": system_ids}


def test_6_2_needs_planned_objectives_with_metrics_covering_every_system(manager, make_objective, make_metric):
    org = manager.organization
    system = inventory.create_ai_system(manager, {"name": "Sepsis alert", "purpose": "Warns of sepsis."})
    assert not checks.objectives_planned(org, {}) and not checks.objectives_cover_systems(org, {})
    objective = make_objective()
    assert not checks.objectives_planned(org, {})  # no measure, target, owner, plan …
    objective = faces.OBJECTIVE_ACCESS.do_update(OBJECTIVE, manager, objective, _plan([system.pk]),
                                                 version=objective.version)
    assert not checks.objectives_planned(org, {})  # no metric measures it yet
    metric = make_metric()
    Metric.objects.filter(pk=metric.pk).update(objective=objective)
    assert checks.objectives_planned(org, {}) and checks.objectives_cover_systems(org, {})
    assert checks.objectives_on_time(org, {})
    inventory.create_ai_system(manager, {"name": "Triage", "purpose": "Orders the queue."})
    assert not checks.objectives_cover_systems(org, {})  # a second system no objective concerns
    faces.OBJECTIVE_ACCESS.do_update(OBJECTIVE, manager, objective, {
        "due_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat()}, version=objective.version)
    assert not checks.objectives_on_time(org, {})


def test_an_achieved_objective_says_how_it_was_evaluated(manager, make_objective):
    from forty2.core.errors import InvalidInput

    objective = make_objective()
    with pytest.raises(InvalidInput) as err:
        faces.OBJECTIVE_ACCESS.do_update(OBJECTIVE, manager, objective, {"status": "achieved"},
                                         version=objective.version)
    assert err.value.errors[0]["loc"][-1] == "evaluation"


def test_9_1_needs_defined_current_metrics_and_a_response_to_every_breach(manager, make_metric):
    org = manager.organization
    assert not checks.metrics_defined(org, {}) and not checks.metrics_current(org, {})
    metric = make_metric(data_source="")
    assert not checks.metrics_defined(org, {})
    faces.METRIC_ACCESS.do_update(METRIC, manager, metric, {"data_source": "Alert log"}, version=metric.version)
    assert checks.metrics_defined(org, {})
    assert not checks.breaches_answered(org, {})  # nothing measured: no results to evaluate
    services.add_measurements(manager, metric, [{"measured_at": _now(2), "value": "96"}])
    assert checks.metrics_current(org, {}) and checks.breaches_answered(org, {})
    made = services.add_measurements(manager, metric, [{"measured_at": _now(1), "value": "70"}])
    assert not checks.breaches_answered(org, {})
    services.respond(manager, made[0], "Rolled back to the previous model version.")
    assert checks.breaches_answered(org, {})
    Metric.objects.filter(pk=metric.pk).update(latest_at=timezone.now() - dt.timedelta(days=60))
    assert not checks.metrics_current(org, {})


def test_a_6_2_6_needs_a_current_metric_for_every_system_in_operation(manager, make_metric):
    org = manager.organization
    system = inventory.create_ai_system(manager, {"name": "Sepsis alert", "purpose": "Warns of sepsis.",
                                                  "lifecycle_stage": "operation_monitoring"})
    inventory.create_ai_system(manager, {"name": "Idea", "purpose": "Not built yet."})  # not in operation
    assert not checks.systems_monitored(org, {})
    metric = make_metric()
    Metric.objects.filter(pk=metric.pk).update(ai_system=system)
    assert not checks.systems_monitored(org, {})  # never measured
    services.add_measurements(manager, metric, [{"measured_at": _now(1), "value": "96"}])
    assert checks.systems_monitored(org, {})
    Metric.objects.filter(pk=metric.pk).update(latest_at=timezone.now() - dt.timedelta(days=60))
    assert not checks.systems_monitored(org, {})


def test_a_breach_shows_in_my_work_until_answered_and_an_overdue_metric_is_listed(manager, member, make_metric):
    owner = member(Role.CONTRIBUTOR, email="nurse@acme.example")
    viewer = member(Role.VIEWER, email="viewer@acme.example")
    metric = make_metric(owner="nurse@acme.example")
    late = make_metric(name="Fairness gap", frequency="weekly", owner="nurse@acme.example")
    Metric.objects.filter(pk=late.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    made = services.add_measurements(manager, metric, [{"measured_at": _now(1), "value": "80"}])
    for who in (owner, manager):
        kinds = {(i.kind, i.title.split(":")[0]) for i in work.work(who)}
        assert ("breach", "Breach") in kinds and any(k == "overdue" for k, _t in kinds)
    assert work.work(viewer) == []
    client = Client()
    client.force_login(owner.user)
    text = client.get("/my-work/").content.decode()
    assert "Breach: Alerts reviewed within an hour is 80 %" in text and "Measure Fairness gap" in text
    services.respond(manager, made[0], "Incident opened.")
    assert not any(i.kind == "breach" for i in work.work(owner))
