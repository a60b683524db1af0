"""A breach alert opens an AI incident through the incidents app (A.8.4, 10.2): the incident names the metric's AI
system and where it came from, and is recorded as the breach's response (the alert leaves My work)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.core.models import AuditEvent
from forty2.incidents.models import Incident
from forty2.inventory import services as inventory
from forty2.monitoring import services, work
from forty2.monitoring.models import Metric

pytestmark = pytest.mark.django_db


def test_open_an_incident_from_the_breach_alert(manager, make_metric):
    system = inventory.create_ai_system(manager, {"name": "Sepsis alert", "purpose": "Warns of sepsis."})
    metric = make_metric()
    Metric.objects.filter(pk=metric.pk).update(ai_system=system)
    row = services.add_measurements(manager, metric, [{"measured_at": (timezone.now() - dt.timedelta(hours=3))
                                                       .isoformat(), "value": "80"}])[0]
    assert any(i.kind == "breach" for i in work.work(manager))
    client = Client()
    client.force_login(manager.user)
    page = client.get(f"/o/acme/objectives/metrics/{metric.pk}/").content.decode()
    assert "Open an incident" in page
    r = client.post(f"/o/acme/objectives/metrics/{metric.pk}/measurements/{row.pk}/incident")
    incident = Incident.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/incidents/{incident.pk}/")
    assert incident.title == "Breach of Alerts reviewed within an hour" and "80 %" in incident.description
    assert list(incident.ai_systems.values_list("pk", flat=True)) == [system.pk]
    row.refresh_from_db()
    assert f"#{incident.pk}" in row.response
    assert AuditEvent.objects.filter(action="metric.incident").exists()
    assert not any(i.kind == "breach" for i in work.work(manager))
    r = client.post(f"/o/acme/objectives/metrics/{metric.pk}/measurements/{row.pk}/incident")
    assert Incident.objects.count() == 1  # answered already: no second incident
