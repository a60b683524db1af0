"""Measurements from a spreadsheet through the records kit (ISO/IEC 42001 9.1): the metric named in each row, all
rows or none, problems by row and column; each row adds a measurement (append-only)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from forty2.core.spreadsheets import ImportFailed
from forty2.monitoring import faces
from forty2.monitoring.definitions import MEASUREMENT
from forty2.monitoring.models import Measurement, Metric
from forty2.records import io as kit_io
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _day(n):
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def _csv(rows):
    return ("metric,measured_at,value,note\n" + "\n".join(",".join(r) for r in rows) + "\n").encode()


def _import(manager, data):
    spec = faces.MEASUREMENT_ACCESS.import_spec(MEASUREMENT)
    return kit_io.import_rows(spec, manager, kit_io.read_rows(MEASUREMENT, io.BytesIO(data), "m.csv"))


def test_a_csv_adds_measurements_to_the_metrics_it_names(manager, make_metric):
    alerts = make_metric()
    latency = make_metric(name="Latency", direction="lower_is_better", target_value="200", warning_threshold="300",
                          breach_threshold="500")
    result = _import(manager, _csv([["Alerts reviewed within an hour", _day(3), "96", ""],
                                    ["alerts reviewed within an hour", _day(2), "84", "bad night"],
                                    ["Latency", _day(1), "250", ""]]))
    assert result.created == 3
    assert Measurement.objects.filter(metric=alerts).count() == 2
    assert set(Measurement.objects.values_list("source", flat=True)) == {"csv"}
    alerts.refresh_from_db()
    latency.refresh_from_db()
    assert alerts.latest_value == "84" and latency.latest_value == "250"  # refreshed when published
    again = _import(manager, _csv([["Latency", _day(1), "250", "same value twice is two measurements"]]))
    assert again.created == 1 and Measurement.objects.filter(metric=latency).count() == 2


def test_one_bad_row_saves_nothing_and_names_row_and_column(manager, make_metric):
    make_metric()
    with pytest.raises(ImportFailed) as err:
        _import(manager, _csv([["Alerts reviewed within an hour", _day(3), "96", ""],
                               ["No such metric", _day(2), "84", ""],
                               ["Alerts reviewed within an hour", _day(1), "ninety", ""],
                               ["Alerts reviewed within an hour", "3 May", "90", ""]]))
    found = {(p["row"], p["column"]) for p in err.value.problems}
    assert (3, "metric") in found
    assert not Measurement.objects.exists()
    # the number and the date are checked by the measurement service (the kit checks later rows for its own rules)
    for bad, column in (([_day(1), "ninety"], "value"), (["3 May", "90"], "measured_at")):
        with pytest.raises(ImportFailed) as err:
            _import(manager, _csv([["Alerts reviewed within an hour", _day(3), "96", ""],
                                   ["Alerts reviewed within an hour", *bad, ""]]))
        assert {(p["row"], p["column"]) for p in err.value.problems} == {(3, column)}
    assert not Measurement.objects.exists()
    assert Metric.objects.get().latest_value is None


def test_the_import_page(member, manager, make_metric):
    make_metric()
    client = Client()
    client.force_login(manager.user)
    assert client.get("/o/acme/objectives/measurements/import").status_code == 200
    upload = SimpleUploadedFile("m.csv", _csv([["Alerts reviewed within an hour", _day(1), "97", ""]]),
                                content_type="text/csv")
    r = client.post("/o/acme/objectives/measurements/import", {"file": upload})
    assert r.status_code == 302 and Measurement.objects.count() == 1
    viewer = Client()
    viewer.force_login(member(Role.CONTRIBUTOR, email="c@acme.example").user)
    assert viewer.get("/o/acme/objectives/measurements/import").status_code == 403


def test_the_import_api(api_as, make_metric):
    make_metric()
    api = api_as(Role.AIMS_MANAGER)
    upload = SimpleUploadedFile("m.csv", _csv([["Alerts reviewed within an hour", _day(1), "97", ""]]),
                                content_type="text/csv")
    r = api.client.post("/api/v1/orgs/acme/measurements/import", {"file": upload}, headers=api.headers)
    assert r.status_code == 200, r.content
    assert r.json()["created"] == 1
    r = api.client.get("/api/v1/orgs/acme/measurements/export?format=csv", headers=api.headers)
    assert r.status_code == 200 and b"Alerts reviewed within an hour" in r.content
