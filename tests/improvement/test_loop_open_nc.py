"""An AI incident, a metric whose latest value breaches its threshold, and a concern open a nonconformity in one
step, through the page and the API (ISO/IEC 42001 10.2, A.8.4, 9.1, A.3.3): the finding names the record as its
source with the requirement and objective evidence prefilled, the nonconformity is opened with it, and the
record's page then shows it; 422s name the field; another organisation's record is a 404."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.improvement.models import Finding, Nonconformity
from forty2.incidents import services as incidents
from forty2.inventory import services as inventory
from forty2.monitoring import faces as monitoring_faces
from forty2.monitoring import services as monitoring
from forty2.monitoring.definitions import METRIC
from forty2.monitoring.models import Metric
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(manager):
    system = inventory.create_ai_system(manager, {"name": "Radiology triage", "purpose": "Orders the worklist."})
    return incidents.create_incident(manager, {"title": "Missed urgent scan", "severity": "high",
                                               "aware_on": timezone.localdate().isoformat(),
                                               "description": "Two urgent scans were ordered last.",
                                               "ai_system_ids": [system.pk]})


@pytest.fixture
def metric(manager):
    return monitoring_faces.METRIC_ACCESS.do_create(METRIC, manager, {
        "name": "Alerts reviewed within an hour", "frequency": "monthly", "direction": "higher_is_better",
        "unit": "%", "target_value": "95", "warning_threshold": "90", "breach_threshold": "85",
        "method": "Share of alerts reviewed within 60 minutes.", "data_source": "Alert log"})


def _measure(manager, metric, value):
    monitoring.add_measurements(manager, metric, [{"measured_at": (timezone.now() - dt.timedelta(hours=2))
                                                   .isoformat(), "value": value}])
    metric.refresh_from_db()
    return metric


def _client(membership):
    client = Client()
    client.force_login(membership.user)
    return client


def test_incident_page_offers_and_opens_a_nonconformity_in_one_step(manager, incident):
    client = _client(manager)
    page = client.get(f"/o/acme/incidents/{incident.pk}/").content.decode()
    assert "Open a nonconformity" in page and "A.8.4" in page and "AI incident: Missed urgent scan" in page
    r = client.post(f"/o/acme/improvements/from/incident/{incident.pk}/nonconformity",
                    {"title": "AI incident: Missed urgent scan", "kind": "major_nc", "requirement_ref": "A.8.4",
                     "objective_evidence": "Two urgent scans were ordered last."})
    assert r.status_code == 302
    finding = Finding.objects.get()
    nc = Nonconformity.objects.get(finding=finding)
    assert (finding.source, finding.incident_id, finding.kind, finding.requirement_ref) == (
        "incident", incident.pk, "major_nc", "A.8.4")
    assert list(finding.ai_systems.values_list("name", flat=True)) == ["Radiology triage"]
    assert nc.state == "open" and nc.severity == "major_nc"
    page = client.get(f"/o/acme/incidents/{incident.pk}/").content.decode()
    assert "AI incident: Missed urgent scan" in page and "Open a nonconformity" not in page  # linked, not offered


def test_incident_through_the_api_with_defaults_and_422s(api_as, incident, globex):
    api = api_as(Role.AIMS_MANAGER, email="m2@acme.example")
    r = api.post(f"/orgs/acme/incidents/{incident.pk}/nonconformity", {"kind": "bogus"})
    assert r.status_code == 422 and "kind" in str(r.json_body)
    r = api.post(f"/orgs/acme/incidents/{incident.pk}/nonconformity", {"requirement_ref": "99.9"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "requirement_ref"
    assert not Finding.objects.exists()
    r = api.post(f"/orgs/acme/incidents/{incident.pk}/nonconformity", {})
    assert r.status_code == 201, r.json_body
    nc = Nonconformity.objects.get(pk=r.json_body["nonconformity"])
    assert nc.finding.requirement_ref == "A.8.4" and nc.severity == "minor_nc"
    assert "Missed urgent scan" in nc.finding.objective_evidence
    other = api_as(Role.OWNER, org=globex)
    assert other.post(f"/orgs/globex/incidents/{incident.pk}/nonconformity", {}).status_code == 404
    viewer = api_as(Role.VIEWER)
    assert viewer.post(f"/orgs/acme/incidents/{incident.pk}/nonconformity", {}).status_code == 403


def test_a_metric_opens_one_only_while_its_latest_value_is_a_breach(manager, api_as, metric):
    api = api_as(Role.AIMS_MANAGER, email="m2@acme.example")
    client = _client(manager)
    _measure(manager, metric, "92")
    r = api.post(f"/orgs/acme/metrics/{metric.pk}/nonconformity", {})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "metric"
    assert "Open a nonconformity" not in client.get(f"/o/acme/objectives/metrics/{metric.pk}/").content.decode()
    _measure(manager, metric, "80")
    page = client.get(f"/o/acme/objectives/metrics/{metric.pk}/").content.decode()
    assert "Open a nonconformity" in page and "Metric breach: Alerts reviewed within an hour" in page
    r = client.post(f"/o/acme/improvements/from/metric/{metric.pk}/nonconformity",
                    {"title": "Metric breach: Alerts reviewed within an hour", "kind": "minor_nc",
                     "requirement_ref": "9.1", "objective_evidence": "80 % in November"})
    assert r.status_code == 302
    finding = Finding.objects.get()
    assert (finding.source, finding.metric_id, finding.requirement_ref) == ("metric_breach", metric.pk, "9.1")
    page = client.get(f"/o/acme/objectives/metrics/{metric.pk}/").content.decode()
    assert "Metric breach: Alerts reviewed within an hour" in page and "Open a nonconformity" not in page
    assert Metric.objects.get(pk=metric.pk).latest_value is not None


def test_a_concern_opens_one_too(manager, api_as):
    concern = incidents.create_concern(manager, {"subject": "Chatbot refused a person", "kind": "complaint",
                                                 "description": "Asked three times."})
    api = api_as(Role.AIMS_MANAGER, email="m2@acme.example")
    r = api.post(f"/orgs/acme/concerns/{concern.pk}/nonconformity", {"title": "Complaint not escalated"})
    assert r.status_code == 201, r.json_body
    finding = Finding.objects.get()
    assert (finding.source, finding.concern_id, finding.requirement_ref, finding.title) == (
        "concern", concern.pk, "A.3.3", "Complaint not escalated")
    page = _client(manager).get(f"/o/acme/incidents/concerns/{concern.pk}/").content.decode()
    assert "Complaint not escalated" in page


def test_a_viewer_is_not_offered_the_form_and_cannot_post_it(member, incident):
    viewer = member(Role.VIEWER)
    client = _client(viewer)
    assert "Open a nonconformity" not in client.get(f"/o/acme/incidents/{incident.pk}/").content.decode()
    r = client.post(f"/o/acme/improvements/from/incident/{incident.pk}/nonconformity", {"kind": "minor_nc"})
    assert r.status_code in (302, 403)
    assert not Finding.objects.exists()
