"""The context records and what clauses 4.1-4.3 and 6.1.1 see of them: content, never mere existence."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.context import checks, services
from forty2.context.definitions import (
    AIMS_CONTEXT,
    AIMS_RISK,
    CONTEXT_ISSUE,
    INTERESTED_PARTY,
    LEGAL_REQUIREMENT,
    SCOPE_EXCLUSION,
)
from forty2.core.errors import InvalidInput
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")


def test_4_1_needs_both_kinds_of_issue_each_with_its_effect_and_reviewed_on_time(manager):
    org = manager.organization
    external = services.create(CONTEXT_ISSUE, manager, {"name": "EU AI Act", "origin": "external",
                                                        "effect": "High-risk obligations from 2027."})
    assert not checks.issues_determined(org, {})
    internal = services.create(CONTEXT_ISSUE, manager, {"name": "Two data scientists", "origin": "internal"})
    assert not checks.issues_determined(org, {})  # an issue with no effect on the AIMS recorded
    internal = services.update(CONTEXT_ISSUE, manager, internal, {"effect": "Key-person risk."},
                               version=internal.version)
    assert checks.issues_determined(org, {})
    services.update(CONTEXT_ISSUE, manager, external, {"review_date": (timezone.localdate() - dt.timedelta(days=1)
                                                                       ).isoformat()}, version=external.version)
    assert not checks.issues_determined(org, {})


def test_climate_change_needs_a_reasoned_determination_and_roles_come_from_the_register(manager):
    org = manager.organization
    context = services.aims_context(org)
    assert not checks.climate_determined(org, {}) and not checks.roles_determined(org, {})
    with pytest.raises(InvalidInput) as err:
        services.update(AIMS_CONTEXT, manager, context, {"climate": "not_relevant"}, version=context.version)
    assert err.value.errors[0]["loc"][-1] == "climate_reasoning"
    context = services.update(AIMS_CONTEXT, manager, context, {
        "climate": "not_relevant", "climate_reasoning": "Our AI runs on a shared cloud region; we checked."},
        version=context.version)
    assert checks.climate_determined(org, {})
    inventory.create_ai_system(manager, {"name": "Triage", "purpose": "Orders the queue.",
                                         "ai_roles": ["customer"]})
    inventory.create_ai_system(manager, {"name": "Old bot", "purpose": "Retired.", "ai_roles": ["provider"],
                                         "in_scope": False, "scope_note": "Switched off; kept for records."})
    assert services.suggested_roles(org) == ["deployer"]  # out-of-scope systems suggest nothing


def test_4_2_needs_requirements_and_a_decision_for_every_party_and_an_assessed_legal_register(manager):
    org = manager.organization
    party = services.create(INTERESTED_PARTY, manager, {"name": "Patients", "requirements": "Safe, fair triage."})
    assert not checks.parties_determined(org, {})  # nobody decided whether the AIMS addresses it
    with pytest.raises(InvalidInput):
        services.update(INTERESTED_PARTY, manager, party, {"addressed": "partly"}, version=party.version)
    services.update(INTERESTED_PARTY, manager, party, {"addressed": "partly", "how_addressed": "Via A.8.2."},
                    version=party.version)
    assert checks.parties_determined(org, {})
    law = services.create(LEGAL_REQUIREMENT, manager, {"name": "EU AI Act", "applicability": "applies"})
    assert not checks.legal_register(org, {})  # applicable but nobody owns it
    services.update(LEGAL_REQUIREMENT, manager, law, {"owner": "manager@acme.example"}, version=law.version)
    assert checks.legal_register(org, {})
    services.create(LEGAL_REQUIREMENT, manager, {"name": "MDR"})  # "to be assessed" by default
    assert not checks.legal_register(org, {})


def test_4_3_boundaries_need_a_system_in_scope_and_exclusions_need_a_justification(manager):
    org = manager.organization
    context = services.aims_context(org)
    services.update(AIMS_CONTEXT, manager, context, {"units": "Radiology"}, version=context.version)
    assert not checks.scope_boundaries(org, {})
    inventory.create_ai_system(manager, {"name": "Triage", "purpose": "Orders the queue."})
    assert checks.scope_boundaries(org, {})
    with pytest.raises(InvalidInput):
        services.create(SCOPE_EXCLUSION, manager, {"name": "Research unit", "justification": " "})


def test_6_1_1_needs_a_risk_and_an_opportunity_with_owned_timely_actions(manager):
    org = manager.organization
    risk = services.create(AIMS_RISK, manager, {"kind": "risk", "name": "Skills in two people",
                                                "action": "Train a third.", "owner": "manager@acme.example"})
    assert not checks.aims_risks(org, {})
    services.create(AIMS_RISK, manager, {"kind": "opportunity", "name": "Reuse ISO 27001 audits",
                                         "action": "Joint audit programme.", "owner": "manager@acme.example",
                                         "due_date": "2020-01-01"})
    assert not checks.aims_risks(org, {})  # overdue
    with pytest.raises(InvalidInput):
        services.create(AIMS_RISK, manager, {"kind": "risk", "name": "No action yet", "status": "done"})
    assert risk.status == "open"
