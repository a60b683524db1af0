"""Art. 6(3): an Annex III system is not high-risk if it only meets one of the conditions (a)-(d) and does not
profile natural persons; profiling keeps it high-risk. Art. 6(4) and Art. 49(2) duties of exempted providers."""

import pytest

from forty2.aiact.engine import classify
from forty2.aiact.validation import ART6_3_CONDITIONS

ANNEX_III = {"is_ai_system": True, "role": "provider", "annex_iii_areas": ["employment"]}


@pytest.mark.parametrize(("condition", "letter"), list(zip(ART6_3_CONDITIONS, "abcd", strict=True)))
def test_art6_3_each_condition_without_profiling_exempts(condition, letter):
    result = classify({**ANNEX_III, "art6_3_condition": condition})
    assert result.art6_3_exempted is True
    assert result.tier == "minimal_risk"
    assert result.high_risk_route is None
    assert f"Art. 6(3)({letter})" in result.articles


def test_art6_4_and_49_2_exempted_provider_must_document_and_register():
    result = classify({**ANNEX_III, "art6_3_condition": "preparatory_task"})
    articles = [o.article for o in result.obligations]
    assert "Art. 6(4)" in articles and "Art. 49(2)" in articles
    assert "Art. 9" not in articles and "Art. 49(1)" not in articles


def test_art6_3_last_subparagraph_profiling_is_always_high_risk():
    result = classify({**ANNEX_III, "art6_3_condition": "narrow_procedural_task", "profiles_natural_persons": True})
    assert result.art6_3_exempted is False
    assert result.tier == "high_risk"
    assert result.high_risk_route == "annex_iii"
    assert any("last subparagraph" in reason for reason in result.reasons)


def test_art6_3_profiling_without_a_condition_is_high_risk():
    result = classify({**ANNEX_III, "profiles_natural_persons": True})
    assert result.tier == "high_risk"
    assert result.art6_3_exempted is False


def test_art6_3_exempted_system_that_interacts_with_people_is_limited_risk():
    result = classify({**ANNEX_III, "art6_3_condition": "narrow_procedural_task",
                       "interacts_with_natural_persons": True})
    assert result.tier == "limited_risk"
    assert result.art6_3_exempted is True


def test_art6_3_does_not_remove_annex_i_high_risk():
    result = classify({**ANNEX_III, "art6_3_condition": "narrow_procedural_task", "annex_i_safety_component": True,
                       "annex_i_third_party_conformity": True})
    assert result.tier == "high_risk"
    assert result.high_risk_route == "annex_i"
    assert result.art6_3_exempted is False
    assert "Art. 6(4)" not in {o.article for o in result.obligations}


def test_art6_3_condition_without_annex_iii_area_has_no_effect():
    result = classify({"is_ai_system": True, "role": "provider", "art6_3_condition": "preparatory_task"})
    assert result.art6_3_exempted is False
    assert result.obligations[0].article == "Art. 4" and len(result.obligations) == 1


def test_art6_3_deployer_of_exempted_system_has_no_art6_4_duty():
    result = classify({**ANNEX_III, "role": "deployer", "art6_3_condition": "preparatory_task"})
    assert result.art6_3_exempted is True
    assert [o.article for o in result.obligations] == ["Art. 4"]
