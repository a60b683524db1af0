"""The guided EU AI Act questionnaire: it asks only what is still relevant (Art. 5 stops it, Annex III details
appear once an area is chosen, Art. 6(3) only for Annex III), explains each question with its article, keeps
everything typed on an error and stores the classification through the service."""

import pytest
from django.test import Client

from forty2.aiact.models import AIActClassification
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role


@pytest.fixture
def owner(member):
    return member(Role.OWNER)


@pytest.fixture
def system(owner):
    return inventory.create_ai_system(owner, {"name": "CV screening", "purpose": "Rank applications"})


def _client(membership):
    client = Client()
    client.force_login(membership.user)
    return client


def _urls(system):
    base = f"/o/acme/ai-systems/{system.pk}/ai-act/"
    return base + "questionnaire", base + "questions", base


def _names(html: str, key: str) -> int:
    return html.count(f'name="{key}"')


def test_the_first_page_asks_the_opening_questions_with_their_articles(owner, system):
    page, _, _ = _urls(system)
    html = _client(owner).get(page).content.decode()
    assert "Is it an AI system?" in html and "Art. 3(1)" in html
    assert 'type="radio" name="is_ai_system"' in html
    assert "Which Annex III point" not in html
    assert "<legend>" in html  # grouped choices have a legend


def test_a_prohibited_practice_ends_the_questionnaire(owner, system):
    _, partial, _ = _urls(system)
    data = {"is_ai_system": "yes", "role": "provider", "excluded_purpose": "none",
            "prohibited_practices": ["social_scoring"]}
    html = _client(owner).post(partial, data, headers={"HX-Request": "true"}).content.decode()
    assert "Does the system do any of the following?" in html
    assert "Is the system intended for use in any of these areas?" not in html
    assert "Does the system interact directly with people" not in html
    assert "Prohibited" in html  # the provisional result
    assert "<html" not in html  # a fragment for HTMX


def test_annex_iii_details_appear_only_once_an_area_is_chosen(owner, system):
    _, partial, _ = _urls(system)
    client = _client(owner)
    base = {"is_ai_system": "yes", "role": "deployer", "excluded_purpose": "none"}
    html = client.post(partial, base).content.decode()
    assert "Is the system intended for use in any of these areas?" in html
    assert "Which Annex III point" not in html and "Does the system only do one of these limited tasks?" not in html
    html = client.post(partial, {**base, "annex_iii_areas": ["employment"]}).content.decode()
    assert "Which Annex III point" in html and "Art. 6(3)" in html
    assert "4(a): Recruitment" in html and "5(b): Creditworthiness" not in html  # only the chosen area's points


def test_answers_to_hidden_questions_travel_along_and_come_back(owner, system):
    _, partial, _ = _urls(system)
    data = {"is_ai_system": "yes", "role": "deployer", "excluded_purpose": "none",
            "annex_iii_areas": ["employment"], "annex_iii_point": "4(a)", "prohibited_practices": ["social_scoring"]}
    html = _client(owner).post(partial, data).content.decode()
    assert 'type="hidden" name="annex_iii_areas" value="employment"' in html
    assert 'type="hidden" name="annex_iii_point" value="4(a)"' in html


def test_continue_without_javascript_re_renders_the_full_page(owner, system):
    page, _, _ = _urls(system)
    r = _client(owner).post(page, {"action": "continue", "is_ai_system": "yes"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "<html" in html and "What is your organisation" in html and "There is a problem" not in html
    assert not AIActClassification.objects.exists()


def test_saving_with_unanswered_questions_shows_errors_and_keeps_the_answers(owner, system):
    page, _, _ = _urls(system)
    r = _client(owner).post(page, {"action": "save", "is_ai_system": "yes", "note": "Bought from a vendor"})
    html = r.content.decode()
    assert r.status_code == 200 and "There is a problem" in html
    assert "field-error" in html and "What is your organisation" in html
    assert 'value="yes" required checked' in html or ('value="yes"' in html and "checked" in html)
    assert "Bought from a vendor" in html
    assert not AIActClassification.objects.exists()


def test_a_bad_compute_figure_is_an_inline_error(owner, system):
    page, _, _ = _urls(system)
    r = _client(owner).post(page, {"action": "save", "is_ai_system": "no", "general_purpose_model": "yes",
                                   "training_compute_flops": "lots", "designated_systemic_risk": "no",
                                   "role": "provider", "open_source_licence": "no"})
    html = r.content.decode()
    assert "Enter a number of operations" in html and 'value="lots"' in html


def test_saving_stores_the_relevant_answers_and_shows_the_result(owner, system):
    page, _, result = _urls(system)
    data = {"action": "save", "is_ai_system": "yes", "general_purpose_model": "no", "role": "deployer",
            "deployer_public_body_or_public_service": "yes", "excluded_purpose": "none",
            "open_source_licence": "no", "annex_i_safety_component": "no", "annex_iii_areas": ["employment"],
            "annex_iii_point": "4(a)", "art6_3_condition": "none", "profiles_natural_persons": "yes",
            "interacts_with_natural_persons": "no", "generates_synthetic_content": "no",
            "emotion_recognition_or_biometric_categorisation": "no", "deep_fake": "yes", "note": "Ranks CVs."}
    r = _client(owner).post(page, data)
    assert r.status_code == 302 and r["Location"] == result
    stored = AIActClassification.objects.get()
    assert stored.tier == "high_risk" and stored.note == "Ranks CVs." and stored.created_by == owner.user
    assert stored.answers["annex_iii_point"] == "4(a)" and stored.answers["prohibited_practices"] == []
    assert "deep_fake" not in stored.answers  # not asked: no synthetic content
    again = _client(owner).get(page).content.decode()
    assert 'value="employment"' in again and "checked" in again  # filled in from the stored answers


def test_read_only_roles_get_403(member, system):
    page, partial, _ = _urls(system)
    viewer = _client(member(Role.VIEWER))
    assert viewer.get(page).status_code == 403
    assert viewer.post(partial, {}).status_code == 403


def test_another_organisations_system_is_404(member, globex, owner):
    other = inventory.create_ai_system(member(Role.OWNER, globex), {"name": "G", "purpose": "p"})
    page, _, result = _urls(other)
    client = _client(owner)
    assert client.get(page).status_code == 404 and client.get(result).status_code == 404
