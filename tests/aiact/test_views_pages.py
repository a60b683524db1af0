"""The EU AI Act and risk profile on other pages: the system's page, the register (tier badge and filter), the
dashboard's "AI integration and risk" section and the organisation's "Degree of AI integration and risk" page."""

import pytest
from django.test import Client

from forty2.aiact import services
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role

HIGH = {"is_ai_system": True, "role": "deployer", "annex_iii_areas": ["employment"], "annex_iii_point": "4(a)",
        "profiles_natural_persons": True}


@pytest.fixture
def owner(member):
    return member(Role.OWNER)


@pytest.fixture
def systems(owner):
    inputs = {"personal_data": "personal", "automation": "decision_support", "criticality": "high",
              "vulnerable_groups": True, "lifecycle_stage": "operation_monitoring"}
    screening = inventory.create_ai_system(owner, {"name": "CV screening", "purpose": "p", **inputs})
    forecaster = inventory.create_ai_system(owner, {"name": "Forecaster", "purpose": "p", **inputs})
    inventory.create_ai_system(owner, {"name": "Chatbot", "purpose": "p"})
    services.classify_system(owner, screening, HIGH)
    services.classify_system(owner, forecaster, {"is_ai_system": True, "role": "provider"})
    return screening, forecaster


def _get(membership, url):
    client = Client()
    client.force_login(membership.user)
    return client.get(url).content.decode()


def test_the_system_page_shows_the_tier_and_the_risk_profile(owner, systems):
    screening, _ = systems
    html = _get(owner, f"/o/acme/ai-systems/{screening.pk}/")
    assert "EU AI Act" in html and 'badge--high_risk">High risk' in html
    assert f"/o/acme/ai-systems/{screening.pk}/ai-act/" in html and "Change the answers" in html
    assert "Risk profile" in html and 'badge--high">High' in html
    assert "high-risk AI system under Art. 6" in html


def test_an_unclassified_system_links_to_the_questionnaire(owner, systems):
    chatbot = inventory.create_ai_system(owner, {"name": "Bot", "purpose": "p"})
    html = _get(owner, f"/o/acme/ai-systems/{chatbot.pk}/")
    assert "Not classified yet." in html and "Answer the EU AI Act questionnaire" in html
    assert "Incomplete" in html and "Not yet answered" in html


def test_the_register_shows_the_tier_and_filters_by_it(owner, systems):
    html = _get(owner, "/o/acme/ai-systems/")
    assert 'badge--high_risk">High risk' in html and 'badge--minimal_risk">Minimal risk' in html
    assert 'name="tier"' in html and '<option value="unclassified">Not classified</option>' in html
    filtered = _get(owner, "/o/acme/ai-systems/?tier=high_risk")
    assert "CV screening" in filtered and "Forecaster" not in filtered and "Chatbot" not in filtered
    unclassified = _get(owner, "/o/acme/ai-systems/?tier=unclassified")
    assert "Chatbot" in unclassified and "CV screening" not in unclassified


def test_the_api_list_filters_by_tier(api_as, owner, systems):
    api = api_as(Role.VIEWER)
    body = api.get("/orgs/acme/ai-systems?tier=high_risk").json_body
    assert [s["name"] for s in body["items"]] == ["CV screening"]
    assert body["items"][0]["ai_act_tier"] == "high_risk" and body["items"][0]["risk_profile_level"] == "high"
    assert [s["name"] for s in api.get("/orgs/acme/ai-systems?tier=unclassified").json_body["items"]] == ["Chatbot"]


def test_the_dashboard_and_the_organisation_page_sum_up_integration_and_risk(owner, systems):
    dashboard = _get(owner, "/o/acme/")
    assert "AI integration and risk" in dashboard and "2 of 3 registered AI systems are in operation" in dashboard
    assert 'badge--high_risk">High risk: 1' in dashboard
    page = _get(owner, "/o/acme/risk-profile/")
    assert "Degree of AI integration and risk" in page and "100%" in page
    assert page.index("CV screening") < page.index("Forecaster")  # highest risk first
