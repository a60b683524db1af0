"""Controls chosen in risk treatment are proposed as applicable with the link (6.1.3 b-c): the extension point the
risk app calls, shown here with an AI system as the linked record."""

import pytest

from forty2.controls import justifications, services
from forty2.controls.models import SoAEntry
from forty2.inventory.services import create_ai_system

pytestmark = pytest.mark.django_db


def test_an_undecided_control_becomes_applicable_with_the_link(owner):
    system = create_ai_system(owner, {"name": "CV screening", "purpose": "Ranks applications."})
    entry = services.propose_applicable(owner, "A.5.4", "ai_system", system.pk)
    assert entry.applicable is True
    assert entry.justification_links.get().object_id == system.pk


def test_a_decided_control_keeps_its_decision_and_gains_the_link(owner):
    services.ensure_soa(owner.organization)
    e = SoAEntry.objects.get(organization=owner.organization, ref="A.10.4")
    services.update_entry(owner, e, {"applicable": False, "justification": "No customers."}, version=e.version)
    system = create_ai_system(owner, {"name": "Chatbot", "purpose": "Answers."})
    entry = services.propose_applicable(owner, "A.10.4", "ai_system", system.pk)
    assert entry.applicable is False and entry.justification_links.count() == 1


def test_other_apps_register_their_record_kinds():
    assert {"ai_system", "requirement"} <= set(justifications.TARGETS)
