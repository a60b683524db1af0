"""open_incident: the service other apps call (the monitoring app on a metric breach); an incident on a system
flags that system's risks for re-assessment (ISO/IEC 42001 8.2, A.8.4)."""

import pytest
from django.utils import timezone

from forty2.core.errors import InvalidInput
from forty2.core.models import AuditEvent
from forty2.incidents import services
from forty2.incidents.definitions import INCIDENT
from forty2.risk.models import Risk
from forty2.risk.services import create_risk

pytestmark = pytest.mark.django_db


def test_open_incident_flags_the_systems_risks_and_only_those(manager, system):
    s, other = system(), system("Chatbot")
    flagged = create_risk(manager, {"title": "Missed urgent scan", "ai_system_ids": [s.pk]})
    untouched = create_risk(manager, {"title": "Chatbot gives advice", "ai_system_ids": [other.pk]})
    incident = services.open_incident(manager, title="Alert rate fell below threshold", description="Breach",
                                      ai_system_ids=[s.pk], source="monitoring: metric 7")
    assert incident.status == "open" and incident.aware_on == timezone.localdate()
    assert incident.source == "monitoring: metric 7"
    assert list(incident.ai_systems.values_list("pk", flat=True)) == [s.pk]
    flagged.refresh_from_db()
    untouched.refresh_from_db()
    assert flagged.reassessment_due and "Alert rate fell below threshold" in flagged.reassessment_reason
    assert not untouched.reassessment_due
    event = AuditEvent.objects.get(action="risk.reassessment_due", object_id=str(flagged.pk))
    assert event.changes["cause"] == f"incident:{incident.pk}"
    assert AuditEvent.objects.filter(action="incident.create", object_id=str(incident.pk)).exists()


def test_adding_a_system_later_flags_its_risks(manager, system):
    s = system()
    risk = create_risk(manager, {"title": "Drift", "ai_system_ids": [s.pk]})
    incident = services.create_incident(manager, {"title": "Odd outputs", "aware_on": "2026-01-02"})
    assert not Risk.objects.get(pk=risk.pk).reassessment_due
    services.update_incident(manager, incident, {"ai_system_ids": [s.pk]}, version=incident.version)
    assert Risk.objects.get(pk=risk.pk).reassessment_due


def test_open_incident_refuses_another_organisations_system(manager, member, globex):
    from forty2.inventory import services as inventory
    from forty2.tenancy.models import Role

    theirs = inventory.create_ai_system(member(Role.OWNER, org=globex), {"name": "X", "purpose": "Y"})
    with pytest.raises(InvalidInput):
        services.open_incident(manager, title="Breach", ai_system_ids=[theirs.pk], source="monitoring")
    assert not INCIDENT.model.objects.exists()
