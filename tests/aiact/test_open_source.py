"""Art. 2(12) (OJ wording): free and open-source AI systems are excluded unless placed on the market or put
into service as high-risk AI systems or as systems falling under Art. 5 or Art. 50."""

from forty2.aiact.engine import classify

OPEN = {"is_ai_system": True, "role": "provider", "open_source_licence": True}


def test_art2_12_open_source_minimal_risk_system_is_out_of_scope():
    result = classify(OPEN)
    assert result.tier == "out_of_scope"
    assert result.obligations == ()
    assert "Art. 2(12)" in result.articles


def test_art2_12_same_system_without_open_source_licence_is_minimal_risk():
    result = classify({**OPEN, "open_source_licence": False})
    assert result.tier == "minimal_risk"
    assert [o.article for o in result.obligations] == ["Art. 4"]


def test_art2_12_open_source_high_risk_system_stays_in_scope():
    result = classify({**OPEN, "annex_iii_areas": ["education"]})
    assert result.tier == "high_risk"
    assert "Art. 43" in {o.article for o in result.obligations}


def test_art2_12_open_source_prohibited_practice_stays_prohibited():
    result = classify({**OPEN, "prohibited_practices": ["untargeted_facial_scraping"]})
    assert result.tier == "prohibited"
    assert "Art. 5(1)(e)" in result.articles


def test_art2_12_open_source_system_under_art50_stays_in_scope():
    result = classify({**OPEN, "generates_synthetic_content": True})
    assert result.tier == "limited_risk"
    assert result.transparency == ("Art. 50(2)",)


def test_art2_12_open_source_annex_iii_system_relying_on_art6_3_keeps_its_duties():
    """Conservative reading: the Art. 6(4) assessment and Art. 49(2) registration are kept."""
    result = classify({**OPEN, "annex_iii_areas": ["education"], "art6_3_condition": "narrow_procedural_task"})
    assert result.tier == "minimal_risk"
    assert result.art6_3_exempted is True
    assert {"Art. 6(4)", "Art. 49(2)"} <= {o.article for o in result.obligations}
