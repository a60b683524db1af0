"""The starter documents: our own text, filled from the organisation's data, drafts until people approve them."""

import pytest

from forty2.core.errors import InvalidInput
from forty2.documents import checks, starters
from forty2.documents.models import Document, VersionState
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def test_every_starter_has_its_front_matter_and_only_known_placeholders():
    found = starters.starters()
    assert len(found) >= 14
    assert {"ai_policy", "aims_scope", "risk_procedure", "communication_plan"} <= set(found)
    known = {"organization", "ai_systems", "ai_system_count", "risk_methodology", "aims_manager", "today"}
    for s in found.values():
        assert s.reference and s.title and s.kind in {k for k, _ in Document._meta.get_field("kind").choices}
        assert set(starters.PLACEHOLDER.findall(s.body)) <= known, s.key
        assert len(s.body.split()) > 250, s.key


def test_starters_become_filled_drafts_that_no_check_counts(member):
    manager = member(Role.AIMS_MANAGER, email="lead@acme.example")
    org = manager.organization
    inventory.create_ai_system(manager, {"name": "Radiology triage", "purpose": "Orders the reading queue."})
    made = starters.create_from_starters(manager)
    assert len(made) == len(starters.starters())
    scope = Document.objects.get(organization=org, reference="SCO-01")
    body = scope.versions.get().body
    assert "Radiology triage" in body and "Acme" in body and "{{" not in body
    risk = Document.objects.get(organization=org, reference="PRO-01").versions.get().body
    assert "Likelihood scale" in risk and "Almost certain" in risk
    assert {v.state for d in made for v in d.versions.all()} == {VersionState.DRAFT}
    assert not checks.ai_policy(org, {}) and not checks.scope_approved(org, {})
    assert not checks.documents_controlled(org, {})
    assert starters.create_from_starters(manager) == []  # references already taken are skipped
    with pytest.raises(InvalidInput):
        starters.create_from_starters(manager, keys=["no_such_starter"])
