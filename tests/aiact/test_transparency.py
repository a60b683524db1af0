"""Art. 50 transparency duties: paragraphs (1) and (2) bind providers, (3) and (4) bind deployers."""

import pytest

from forty2.aiact.engine import classify

AI = {"is_ai_system": True}


@pytest.mark.parametrize(("answer", "provider", "deployer"), [
    ("interacts_with_natural_persons", ("Art. 50(1)",), ()),
    ("generates_synthetic_content", ("Art. 50(2)",), ()),
    ("emotion_recognition_or_biometric_categorisation", (), ("Art. 50(3)",)),
    ("deep_fake", ("Art. 50(2)",), ("Art. 50(4)",)),
    ("public_interest_text", ("Art. 50(2)",), ("Art. 50(4)",)),
])
def test_art50_paragraphs_bind_the_right_role(answer, provider, deployer):
    assert classify({**AI, "role": "provider", answer: True}).transparency == provider
    assert classify({**AI, "role": "deployer", answer: True}).transparency == deployer


def test_art50_any_transparency_ground_makes_a_non_high_risk_system_limited_risk():
    result = classify({**AI, "role": "deployer", "emotion_recognition_or_biometric_categorisation": True})
    assert result.tier == "limited_risk"


def test_art50_tier_is_limited_risk_even_when_no_paragraph_binds_the_role():
    """A chatbot's deployer: the system is limited risk, but Art. 50(1) binds its provider only."""
    result = classify({**AI, "role": "deployer", "interacts_with_natural_persons": True})
    assert result.tier == "limited_risk"
    assert result.transparency == ()
    assert [o.article for o in result.obligations] == ["Art. 4"]


def test_art50_4_text_duty_only_for_public_interest_text():
    generated_text = classify({**AI, "role": "deployer", "generates_synthetic_content": True})
    assert "Art. 50(4)" not in generated_text.transparency
    published = classify({**AI, "role": "deployer", "generates_synthetic_content": True,
                          "public_interest_text": True})
    assert published.transparency == ("Art. 50(4)",)
    duties = [o.duty for o in published.obligations if o.article == "Art. 50(4)"]
    assert len(duties) == 1 and "public interest" in duties[0]


def test_art50_4_deep_fake_and_public_interest_text_are_two_duties():
    result = classify({**AI, "role": "deployer", "deep_fake": True, "public_interest_text": True})
    assert result.transparency == ("Art. 50(4)",)
    assert len([o for o in result.obligations if o.article == "Art. 50(4)"]) == 2


def test_art50_duties_apply_from_general_application_date():
    result = classify({**AI, "role": "provider", "interacts_with_natural_persons": True})
    (duty,) = [o for o in result.obligations if o.article == "Art. 50(1)"]
    assert duty.applies_from == "2026-08-02"


def test_art50_applies_alongside_high_risk():
    result = classify({**AI, "role": "provider", "annex_iii_areas": ["education"],
                       "interacts_with_natural_persons": True, "generates_synthetic_content": True})
    assert result.tier == "high_risk"
    assert result.transparency == ("Art. 50(1)", "Art. 50(2)")


def test_art50_unknown_role_lists_no_binding_paragraph():
    result = classify({**AI, "interacts_with_natural_persons": True, "deep_fake": True})
    assert result.tier == "limited_risk"
    assert result.transparency == ()


def test_art50_importer_is_bound_by_no_paragraph():
    result = classify({**AI, "role": "importer", "generates_synthetic_content": True})
    assert result.transparency == ()
    assert result.obligations == ()
