"""A metric's state: its latest value against its thresholds by its direction, and overdue per frequency (9.1)."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.core.errors import InvalidInput
from forty2.monitoring import faces, queries, services, status
from forty2.monitoring.definitions import METRIC
from forty2.monitoring.models import Metric

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value, direction, expected", [
    ("96", "higher_is_better", "ok"), ("90.01", "higher_is_better", "ok"), ("90", "higher_is_better", "warning"),
    ("85.5", "higher_is_better", "warning"), ("85", "higher_is_better", "breach"), ("3", "higher_is_better", "breach"),
    ("4", "lower_is_better", "ok"), ("5", "lower_is_better", "warning"), ("8", "lower_is_better", "breach"),
    ("12", "lower_is_better", "breach"), (None, "higher_is_better", "none")])
def test_thresholds_are_read_by_direction_and_reaching_one_counts(value, direction, expected):
    limits = {"higher_is_better": ("90", "85"), "lower_is_better": ("5", "8")}[direction]
    assert status.classify(value, direction=direction, warning=limits[0], breach=limits[1]) == expected


def test_without_thresholds_a_value_is_ok_and_target_follows_direction():
    assert status.classify("1", direction="higher_is_better") == "ok"
    m = Metric(direction="lower_is_better", target_value="2", latest_value="1.5")
    assert status.on_target(m) is True
    m.latest_value = "2.5"
    assert status.on_target(m) is False


@pytest.mark.parametrize("frequency, fresh, late", [
    ("daily", dt.timedelta(days=1, hours=23), dt.timedelta(days=2, hours=1)),
    ("weekly", dt.timedelta(days=9), dt.timedelta(days=10, hours=1)),
    ("monthly", dt.timedelta(days=37), dt.timedelta(days=38, hours=1)),
    ("quarterly", dt.timedelta(days=105), dt.timedelta(days=106, hours=1)),
    ("yearly", dt.timedelta(days=395), dt.timedelta(days=396, hours=1))])
def test_overdue_after_the_frequency_and_its_grace(make_metric, frequency, fresh, late):
    metric = make_metric(frequency=frequency)
    now = timezone.now()
    for age, overdue in ((fresh, False), (late, True)):
        Metric.objects.filter(pk=metric.pk).update(latest_at=now - age, latest_value="96")
        metric.refresh_from_db()
        assert status.is_overdue(metric, now) is overdue
        assert Metric.objects.filter(status.overdue_q(now), pk=metric.pk).exists() is overdue


def test_a_new_metric_has_one_period_for_its_first_measurement(make_metric):
    metric = make_metric(frequency="weekly")
    now = timezone.now()
    assert not status.is_overdue(metric, now)
    assert status.is_overdue(metric, now + dt.timedelta(days=11))
    assert queries.filter_state(Metric.objects.all(), "overdue", now + dt.timedelta(days=11)).count() == 1


def test_state_filters_in_the_database_agree_with_python(make_metric, manager):
    cases = {"ok": "96", "warning": "88", "breach": "80"}
    for name, value in cases.items():
        m = make_metric(name=f"m-{name}")
        services.add_measurements(manager, m, [{"measured_at": timezone.now().isoformat(), "value": value}])
    low = make_metric(name="lower", direction="lower_is_better", target_value="1", warning_threshold="5",
                      breach_threshold="8")
    services.add_measurements(manager, low, {"measured_at": timezone.now().isoformat(), "value": 9}, batch=False)
    never = make_metric(name="never")
    qs = Metric.objects.for_org(manager.organization)
    assert set(queries.filter_state(qs, "breach").values_list("name", flat=True)) == {"m-breach", "lower"}
    assert set(queries.filter_state(qs, "warning").values_list("name", flat=True)) == {"m-warning"}
    assert set(queries.filter_state(qs, "ok").values_list("name", flat=True)) == {"m-ok"}
    assert set(queries.filter_state(qs, "none").values_list("name", flat=True)) == {never.name}
    for m in qs:
        assert status.of(m) == {"m-ok": "ok", "m-warning": "warning", "m-breach": "breach", "lower": "breach",
                                "never": "none"}[m.name]


def test_thresholds_must_be_numbers_in_the_order_of_the_direction(make_metric, manager):
    with pytest.raises(InvalidInput) as err:
        make_metric(breach_threshold="ninety")
    assert err.value.errors[0]["loc"][-1] == "breach_threshold"
    with pytest.raises(InvalidInput) as err:
        make_metric(breach_threshold="92")  # above the warning threshold with higher is better
    assert err.value.errors[0]["loc"][-1] == "breach_threshold"
    m = make_metric(name="Latency", direction="lower_is_better", target_value="200", warning_threshold="300",
                    breach_threshold="500.50")
    assert m.breach_threshold == "500.5"
    with pytest.raises(InvalidInput):
        faces.METRIC_ACCESS.do_update(METRIC, manager, m, {"warning_threshold": "100"}, version=m.version)
