"""The monitoring pages: objectives and metrics lists (the state filter), a metric's page with its status, breach
alert, chart and data table, the batch form (all rows or none), the delete page (9.1)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.core.models import AuditEvent
from forty2.monitoring import services
from forty2.monitoring.models import Measurement, Metric
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(manager):
    c = Client()
    c.force_login(manager.user)
    return c


def _day(n):
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def test_lists_and_the_state_filter(client, manager, make_metric, make_objective):
    objective = make_objective()
    breached = make_metric(name="Breached")
    make_metric(name="Calm")
    services.add_measurements(manager, breached, [{"measured_at": _day(1), "value": "50"}])
    assert "Timely review of sepsis alerts" in client.get("/o/acme/objectives/").content.decode()
    text = client.get("/o/acme/objectives/metrics/").content.decode()
    assert "Breached" in text and "Calm" in text and "Breach" in text
    text = client.get("/o/acme/objectives/metrics/?state=breach").content.decode()
    assert "Breached" in text and ">Calm<" not in text and 'name="state"' in text
    detail = client.get(f"/o/acme/objectives/{objective.pk}/").content.decode()
    assert "No metric measures this objective yet" in detail


def test_a_metric_page_shows_the_alert_the_chart_and_the_table(client, manager, make_metric, make_objective):
    objective = make_objective()
    metric = make_metric()
    Metric.objects.filter(pk=metric.pk).update(objective=objective)
    services.add_measurements(manager, metric, [{"measured_at": _day(30), "value": "96"},
                                                {"measured_at": _day(1), "value": "84"}])
    text = client.get(f"/o/acme/objectives/metrics/{metric.pk}/").content.decode()
    assert 'class="notice notice--error alert-breach" role="alert"' in text
    assert "Record the response" in text and "<svg class=\"chart\"" in text and "<details class=\"chart-data\"" in text
    assert "monitoring/monitoring.css" in text
    detail = client.get(f"/o/acme/objectives/{objective.pk}/").content.decode()
    assert "alert-breach" in detail and "0 of 1" in detail
    latest = Measurement.objects.get(value="84")
    r = client.post(f"/o/acme/objectives/metrics/{metric.pk}/measurements/{latest.pk}/respond",
                    {"response": "Extra staff on nights."})
    assert r.status_code == 302
    assert "alert-breach" not in client.get(f"/o/acme/objectives/metrics/{metric.pk}/").content.decode()


def test_the_batch_form_saves_every_row_or_none(client, make_metric):
    metric = make_metric()
    url = f"/o/acme/objectives/metrics/{metric.pk}/measure"
    bad = {"rows": "5", "measured_at_0": _day(3), "value_0": "96", "measured_at_1": _day(2), "value_1": "lots",
           "table": f"{_day(1)}\t97\tpasted"}
    r = client.post(url, bad)
    assert r.status_code == 422
    text = r.content.decode()
    assert "Nothing was saved" in text and "Row 2 of the form: value" in text and 'value="lots"' in text
    assert Measurement.objects.count() == 0
    good = {**bad, "value_1": "95,5"}
    r = client.post(url, good)
    assert r.status_code == 302
    assert sorted(Measurement.objects.values_list("value", flat=True)) == ["95.5", "96", "97"]
    assert Measurement.objects.get(value="97").note == "pasted"


def test_deleting_a_measurement_is_for_managers_and_audited(client, member, manager, make_metric):
    metric = make_metric()
    row = services.add_measurements(manager, metric, [{"measured_at": _day(1), "value": "96"}])[0]
    url = f"/o/acme/objectives/metrics/{metric.pk}/measurements/{row.pk}/delete"
    other = Client()
    other.force_login(member(Role.CONTRIBUTOR, email="c@acme.example").user)
    assert other.get(url).status_code == 403
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "Entered on the wrong metric"}).status_code == 302
    assert not Measurement.objects.exists()
    assert AuditEvent.objects.get(action="metric.delete_measurement").changes["reason"] == "Entered on the wrong metric"


def test_another_organisation_gets_404(globex, member, make_metric):
    metric = make_metric()
    c = Client()
    c.force_login(member(Role.OWNER, org=globex, email="o@globex.example").user)
    assert c.get(f"/o/acme/objectives/metrics/{metric.pk}/").status_code == 404
    assert c.get(f"/o/globex/objectives/metrics/{metric.pk}/").status_code == 404
    assert c.post(f"/o/globex/objectives/metrics/{metric.pk}/measure", {"measured_at_0": _day(1),
                                                                         "value_0": "1"}).status_code == 404
