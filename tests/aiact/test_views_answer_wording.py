"""The result page echoes answers in the questionnaire's own words: an explicit "none" choice reads as it was
offered, and the Annex III point comes with its short description. The point's hint fits a select."""

import pytest
from django.test import Client

from forty2.aiact import services
from forty2.aiact.questions import QUESTIONS
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role

ANSWERS = {"is_ai_system": True, "role": "deployer", "excluded_purpose": None, "annex_iii_areas": ["employment"],
           "annex_iii_point": "4(a)", "art6_3_condition": None, "profiles_natural_persons": True}


@pytest.fixture
def page(member):
    owner = member(Role.OWNER)
    system = inventory.create_ai_system(owner, {"name": "CV screening", "purpose": "Rank applications"})
    services.classify_system(owner, system, ANSWERS)
    client = Client()
    client.force_login(owner.user)
    html = client.get(f"/o/acme/ai-systems/{system.pk}/ai-act/").content.decode()
    return html[html.index('id="answers-h"'):html.index('id="signoff-h"')]


def test_none_choices_read_as_offered(page):
    assert "None of these: it has other uses" in page
    assert "not known" not in page


def test_the_annex_iii_point_has_its_description(page):
    assert "4(a): Recruitment and selection" in page


def test_the_point_hint_does_not_ask_to_type():
    help_text = next(q["help"] for q in QUESTIONS if q["key"] == "annex_iii_point")
    assert "Choose" in help_text and "type" not in help_text.lower()
