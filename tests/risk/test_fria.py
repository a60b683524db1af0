"""The EU AI Act Art. 27 fundamental rights impact assessment is offered where the classification requires one."""

import pytest
from django.test import Client

from forty2.aiact import services as aiact
from forty2.inventory.models import AISystem

FRIA = {"is_ai_system": True, "role": "deployer", "deployer_public_body_or_public_service": True,
        "annex_iii_areas": ["education"]}


@pytest.fixture
def browser(owner_api):
    c = Client()
    c.force_login(owner_api.membership.user)
    return c


def test_fria_offered_when_the_classification_requires_it(browser, owner_api, system):
    sid = system()
    plain = browser.get(f"/o/acme/risks/impact-assessments/new?system={sid}").content.decode()
    assert "asks for a fundamental rights impact assessment" not in plain
    aiact.classify_system(owner_api.membership, AISystem.objects.get(pk=sid), FRIA)
    page = browser.get(f"/o/acme/risks/impact-assessments/new?system={sid}").content.decode()
    assert "asks for a fundamental rights impact assessment" in page
    assert 'value="fria" checked' in page or 'value="fria" id' in page and "checked" in page
    assert "start a FRIA" in browser.get(f"/o/acme/ai-systems/{sid}/").content.decode()


def test_fria_variant_through_the_api(owner_api, system):
    sid = system()
    ia = owner_api.post("/orgs/acme/impact-assessments", {
        "title": "FRIA", "ai_system": sid, "kind": "fria", "fria_persons": "Pupils and their parents",
        "fria_oversight": "Teachers review every grade"}).json_body
    assert ia["kind"] == "fria" and ia["fria_persons"] == "Pupils and their parents"
