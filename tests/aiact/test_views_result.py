"""The result page of an AI system's EU AI Act classification: tier badge, reasons, obligations with the date each
applies from, the answers, the history (who, when, what changed) and the reviewer's sign-off."""

import pytest
from django.test import Client

from forty2.aiact import services
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role

HIGH = {"is_ai_system": True, "role": "deployer", "deployer_public_body_or_public_service": True,
        "annex_iii_areas": ["employment"], "annex_iii_point": "4(a)", "profiles_natural_persons": True}
MINIMAL = {"is_ai_system": True, "role": "deployer"}


@pytest.fixture
def owner(member):
    return member(Role.OWNER)


@pytest.fixture
def system(owner):
    return inventory.create_ai_system(owner, {"name": "CV screening", "purpose": "Rank applications"})


def _page(membership, system, method="get", path="", data=None):
    client = Client()
    client.force_login(membership.user)
    url = f"/o/acme/ai-systems/{system.pk}/ai-act/{path}"
    return getattr(client, method)(url, data or {})


def test_before_classification_the_page_invites_to_start(owner, system):
    html = _page(owner, system).content.decode()
    assert "has not been classified yet" in html and "Start the questionnaire" in html


def test_the_result_shows_tier_reasons_obligations_and_answers(owner, system):
    services.classify_system(owner, system, HIGH, note="Ranks nursing applications.")
    html = _page(owner, system).content.decode()
    assert 'class="badge badge--high_risk">High risk' in html
    assert "Art. 6(2): use listed in Annex III" in html
    assert "Annex III" in html and "<ol>" in html  # the reasons
    assert "Art. 27" in html and "<strong>Required</strong>" in html
    assert 'datetime="2027-12-02"' in html  # Annex III duties apply from the amended date
    assert "What is your organisation" in html and "Ranks nursing applications." in html
    assert "Not signed off" in html and "another owner or AIMS manager must sign it off" in html


def test_history_says_who_changed_what(owner, system, member):
    services.classify_system(owner, system, HIGH)
    services.classify_system(member(Role.AIMS_MANAGER), system, MINIMAL)
    html = _page(owner, system).content.decode()
    assert "History" in html and "Tier: High risk → Minimal risk" in html
    assert "Obligations" in html and "removed:" in html


def test_a_reviewer_signs_off_from_the_page(owner, system, member):
    services.classify_system(owner, system, HIGH)
    manager = member(Role.AIMS_MANAGER)
    assert "Sign off classification 1" in _page(manager, system).content.decode()
    r = _page(manager, system, "post", "sign-off", {"version": 1, "note": "Checked against the purpose."})
    assert r.status_code == 302
    html = _page(owner, system).content.decode()
    assert "Signed off" in html and "Checked against the purpose." in html


def test_a_viewer_sees_the_result_but_no_actions(owner, system, member):
    services.classify_system(owner, system, HIGH)
    viewer = member(Role.VIEWER)
    html = _page(viewer, system).content.decode()
    assert "High risk" in html and "Change the answers" not in html and "Sign off classification" not in html
    assert _page(viewer, system, "post", "sign-off", {"version": 1}).status_code == 403
