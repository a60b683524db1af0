"""Measurements through the API (ISO/IEC 42001 9.1): one or a batch, all rows checked first, nothing saved when one
is bad (the 422 names the row and the field); append-only; deletion by AIMS managers, audited."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.core.models import AuditEvent
from forty2.monitoring.models import Measurement
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _day(n):
    return (timezone.now() - dt.timedelta(days=n)).isoformat(timespec="seconds")


@pytest.fixture
def api(api_as):
    return api_as(Role.AIMS_MANAGER)


@pytest.fixture
def metric(api):
    r = api.post("/orgs/acme/metrics", {"name": "Missed sepsis cases", "frequency": "monthly",
                                        "direction": "lower_is_better", "unit": "%", "target_value": "3",
                                        "warning_threshold": "5", "breach_threshold": "8", "method": "Chart review",
                                        "data_source": "Audit sample"})
    assert r.status_code == 201, r.json_body
    assert r.json_body["target_value"] == "3" and r.json_body["state"] == "none"
    return r.json_body


def test_one_measurement_and_a_batch(api, metric):
    url = f"/orgs/acme/metrics/{metric['id']}/measurements"
    r = api.post(url, {"measured_at": _day(40), "value": 4.2})
    assert r.status_code == 201, r.json_body
    assert r.json_body["count"] == 1 and r.json_body["items"][0]["value"] == "4.2"
    r = api.post(url, [{"measured_at": _day(20), "value": "5.5", "note": "after the upgrade"},
                       {"measured_at": _day(1), "value": "9"}])
    assert r.status_code == 201, r.json_body
    assert r.json_body["metric"]["state"] == "breach" and r.json_body["metric"]["latest_value"] == "9"
    listed = api.get(url + "?limit=2")
    assert listed.json_body["count"] == 3
    assert [i["value"] for i in listed.json_body["items"]] == ["9", "5.5"]  # newest first
    assert [i["state"] for i in listed.json_body["items"]] == ["breach", "warning"]
    event = AuditEvent.objects.filter(action="metric.measure").order_by("-seq").first()
    assert event.changes["count"] == 2 and "5.5 (after the upgrade)" in event.changes["values"]
    assert len(event.changes["sha256"]) == 64


def test_one_bad_row_saves_nothing_and_is_named(api, metric):
    url = f"/orgs/acme/metrics/{metric['id']}/measurements"
    rows = [{"measured_at": _day(3), "value": "4"}, {"measured_at": _day(2), "value": "four"},
            {"measured_at": "yesterday", "value": "4"}, {"measured_at": _day(1)},
            {"measured_at": (timezone.now() + dt.timedelta(days=3)).isoformat(), "value": "1"},
            {"measured_at": _day(1), "value": "1", "colour": "red"}]
    r = api.post(url, rows)
    assert r.status_code == 422
    locs = [tuple(d["loc"]) for d in r.json_body["detail"]]
    assert ("body", 1, "value") in locs and ("body", 2, "measured_at") in locs and ("body", 3, "value") in locs
    assert ("body", 4, "measured_at") in locs and ("body", 5, "colour") in locs
    assert not any(loc[1] == 0 for loc in locs)
    assert "four" in next(d["msg"] for d in r.json_body["detail"] if tuple(d["loc"]) == ("body", 1, "value"))
    assert Measurement.objects.count() == 0
    assert api.get(f"/orgs/acme/metrics/{metric['id']}").json_body["latest_value"] is None
    for body in ([], "x", [1], {"value": "1"}):
        assert api.post(url, body).status_code == 422
    assert api.post(url, raw="{not json").status_code == 422


def test_measurements_are_append_only_and_deleted_only_by_managers(api, api_as, metric):
    url = f"/orgs/acme/metrics/{metric['id']}/measurements"
    first = api.post(url, {"measured_at": _day(2), "value": "9"}).json_body["items"][0]
    api.post(url, {"measured_at": _day(1), "value": "4", "note": "corrects the value of the day before"})
    assert api.patch(f"{url}/{first['id']}", {"value": "1"}).status_code in (404, 405)
    contributor = api_as(Role.CONTRIBUTOR)
    assert contributor.delete(f"{url}/{first['id']}").status_code == 403
    assert contributor.post(url, {"measured_at": _day(1), "value": "4"}).status_code == 403  # not their metric
    assert api.delete(f"{url}/{first['id']}").status_code == 204
    event = AuditEvent.objects.get(action="metric.delete_measurement")
    assert event.changes["measurement"]["value"] == "9"
    assert api.get(f"/orgs/acme/metrics/{metric['id']}").json_body["latest_value"] == "4"


def test_breach_response_is_recorded_without_changing_the_value(api, metric):
    url = f"/orgs/acme/metrics/{metric['id']}/measurements"
    row = api.post(url, {"measured_at": _day(1), "value": "12"}).json_body["items"][0]
    r = api.post(f"{url}/{row['id']}/response", {"response": "Model rolled back; incident INC-7 opened."})
    assert r.status_code == 200 and r.json_body["value"] == "12" and r.json_body["response"].startswith("Model")
    assert api.post(f"{url}/{row['id']}/response", {"response": " "}).status_code == 422


def test_another_organisation_sees_nothing(api, api_as, globex, metric):
    other = api_as(Role.OWNER, org=globex)
    url = f"/orgs/acme/metrics/{metric['id']}/measurements"
    api.post(url, {"measured_at": _day(1), "value": "4"})
    assert other.get(url).status_code == 404
    assert other.get(f"/orgs/globex/metrics/{metric['id']}/measurements").status_code == 404
    assert other.post(f"/orgs/globex/metrics/{metric['id']}/measurements",
                      {"measured_at": _day(1), "value": "4"}).status_code == 404
    assert other.get("/orgs/globex/metrics").json_body["count"] == 0
    assert other.get("/orgs/globex/objectives").json_body["count"] == 0
