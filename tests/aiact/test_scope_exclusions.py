"""Scope of Regulation (EU) 2024/1689: the AI system definition (Art. 3(1)) and the exclusions of Art. 2."""

from forty2.aiact.engine import classify

HIGH_RISK_USE = {"annex_iii_areas": ["employment"], "annex_iii_point": "4(a)"}


def test_art3_1_not_an_ai_system_is_out_of_scope_with_no_duties():
    result = classify({"is_ai_system": False, "role": "provider", **HIGH_RISK_USE})
    assert result.tier == "out_of_scope"
    assert result.high_risk_route is None
    assert result.obligations == ()
    assert "Art. 3(1)" in result.articles


def test_art3_1_absent_is_ai_system_means_no():
    """An empty questionnaire is read as 'not an AI system' (Art. 3(1))."""
    result = classify({})
    assert result.tier == "out_of_scope"
    assert result.gpai is None
    assert result.obligations == ()


def test_art2_3_military_use_is_out_of_scope_even_for_a_prohibited_practice():
    result = classify({"is_ai_system": True, "role": "provider", "excluded_purpose": "military_defence_security",
                       "prohibited_practices": ["social_scoring"]})
    assert result.tier == "out_of_scope"
    assert result.obligations == ()
    assert "Art. 2(3)" in result.articles
    assert "Art. 5(1)(c)" not in result.articles


def test_art2_3_military_exclusion_leaves_the_models_chapter_v_duties():
    """Art. 2(3) names AI systems only, so a general-purpose model keeps its Art. 53 duties."""
    result = classify({"is_ai_system": True, "role": "provider", "excluded_purpose": "military_defence_security",
                       "general_purpose_model": True})
    assert result.tier == "out_of_scope"
    assert result.gpai == "gpai"
    assert "Art. 53(1)(c)" in {o.article for o in result.obligations}


def test_art2_6_scientific_research_only_excludes_system_and_model():
    result = classify({"is_ai_system": True, "role": "provider", "excluded_purpose": "scientific_research_only",
                       "general_purpose_model": True, "training_compute_flops": 1e26, **HIGH_RISK_USE})
    assert result.tier == "out_of_scope"
    assert result.gpai is None
    assert result.obligations == ()
    assert "Art. 2(6)" in result.articles


def test_art2_10_personal_use_by_a_deployer_is_out_of_scope():
    result = classify({"is_ai_system": True, "role": "deployer", "excluded_purpose": "personal_non_professional",
                       "interacts_with_natural_persons": True, "deep_fake": True})
    assert result.tier == "out_of_scope"
    assert result.transparency == ()
    assert result.obligations == ()
    assert "Art. 2(10)" in result.articles


def test_art2_10_personal_use_with_unknown_role_is_read_as_the_users_own_use():
    result = classify({"is_ai_system": True, "excluded_purpose": "personal_non_professional"})
    assert result.tier == "out_of_scope"


def test_art2_10_does_not_relieve_the_provider():
    """Art. 2(10) concerns deployers who are natural persons; the provider's duties remain."""
    result = classify({"is_ai_system": True, "role": "provider", "excluded_purpose": "personal_non_professional",
                       **HIGH_RISK_USE})
    assert result.tier == "high_risk"
    assert "Art. 9" in {o.article for o in result.obligations}
    assert any("Art. 2(10)" in reason for reason in result.reasons)
