"""Art. 6(1): high-risk as a safety component of (or as) a product covered by Annex I legislation that must
undergo third-party conformity assessment; Art. 25(3) product manufacturers; Art. 113(c) dates."""

from forty2.aiact.engine import application_dates, classify

SAFETY = {"is_ai_system": True, "role": "provider", "annex_i_safety_component": True}


def test_art6_1_safety_component_with_third_party_assessment_is_high_risk():
    result = classify({**SAFETY, "annex_i_third_party_conformity": True})
    assert result.tier == "high_risk"
    assert result.high_risk_route == "annex_i"
    assert {"Art. 6(1)", "Annex I"} <= set(result.articles)


def test_art6_1_safety_component_without_third_party_assessment_is_not_high_risk():
    result = classify(SAFETY)
    assert result.tier == "minimal_risk"
    assert result.high_risk_route is None
    assert "Art. 9" not in {o.article for o in result.obligations}


def test_art6_1_third_party_assessment_alone_is_not_a_safety_component():
    result = classify({"is_ai_system": True, "role": "provider", "annex_i_third_party_conformity": True})
    assert result.high_risk_route is None


def test_art113_c_annex_i_duties_apply_from_the_annex_i_date_in_the_data():
    result = classify({**SAFETY, "annex_i_third_party_conformity": True})
    dates = {o.article: o.applies_from for o in result.obligations}
    assert dates["Art. 9"] == application_dates()["high_risk_annex_i"]["date"]
    assert dates["Art. 4"] == "2025-02-02"


def test_art6_1_annex_i_systems_are_not_registered_in_the_eu_database():
    """Art. 49(1) registration covers Annex III systems only."""
    result = classify({**SAFETY, "annex_i_third_party_conformity": True})
    assert "Art. 49(1)" not in {o.article for o in result.obligations}


def test_art25_3_product_manufacturer_is_treated_as_provider_of_annex_i_system():
    result = classify({**SAFETY, "role": "product_manufacturer", "annex_i_third_party_conformity": True})
    articles = {o.article for o in result.obligations}
    assert {"Art. 25(3)", "Art. 9", "Art. 16", "Art. 43"} <= articles


def test_art25_3_product_manufacturer_of_annex_iii_only_system_has_no_provider_duties():
    result = classify({"is_ai_system": True, "role": "product_manufacturer", "annex_iii_areas": ["employment"]})
    articles = {o.article for o in result.obligations}
    assert "Art. 9" not in articles and "Art. 25(3)" not in articles
    assert any("Art. 25(3)" in reason for reason in result.reasons)


def test_art6_1_and_6_2_together_route_annex_i_with_annex_iii_dates():
    """A system high-risk by both routes: reported as Annex I, dated by the earlier Annex III date."""
    result = classify({**SAFETY, "annex_i_third_party_conformity": True, "annex_iii_areas": ["employment"]})
    assert result.high_risk_route == "annex_i"
    assert "Art. 6(2)" in result.articles
    dates = {o.article: o.applies_from for o in result.obligations}
    assert dates["Art. 9"] == application_dates()["high_risk_annex_iii"]["date"]
    assert "Art. 49(1)" in dates
