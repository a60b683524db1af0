"""Art. 5 prohibited AI practices, the Art. 5(1)(f) medical/safety exception and the Art. 5(1)(h) authorised
law-enforcement exceptions (Art. 5(2)-(4))."""

import pytest

from forty2.aiact.engine import classify
from forty2.aiact.validation import PROHIBITED_PRACTICES

BASE = {"is_ai_system": True, "role": "provider"}


@pytest.mark.parametrize(("practice", "letter"), list(zip(PROHIBITED_PRACTICES, "abcdefgh", strict=True)))
def test_art5_1_each_practice_is_prohibited_with_its_point(practice, letter):
    result = classify({**BASE, "prohibited_practices": [practice]})
    assert result.tier == "prohibited"
    assert f"Art. 5(1)({letter})" in result.articles


def test_art5_prohibited_stops_classification_and_only_requires_cessation():
    result = classify({**BASE, "prohibited_practices": ["social_scoring"], "annex_iii_areas": ["employment"],
                       "interacts_with_natural_persons": True})
    assert result.tier == "prohibited"
    assert result.high_risk_route is None
    assert result.transparency == ()
    assert result.fria_required is False
    assert [o.article for o in result.obligations] == ["Art. 5"]
    assert result.obligations[0].applies_from == "2025-02-02"


def test_art5_cessation_binds_every_operator_even_with_unknown_role():
    result = classify({"is_ai_system": True, "prohibited_practices": ["subliminal_manipulation"]})
    assert [o.article for o in result.obligations] == ["Art. 5"]


def test_art5_1_f_emotion_recognition_at_work_without_exception_is_prohibited():
    result = classify({**BASE, "prohibited_practices": ["emotion_recognition_work_education"]})
    assert result.tier == "prohibited"


def test_art5_1_f_medical_or_safety_exception_makes_it_high_risk_annex_iii_1c():
    result = classify({"is_ai_system": True, "role": "deployer",
                       "prohibited_practices": ["emotion_recognition_work_education"],
                       "emotion_recognition_medical_or_safety": True})
    assert result.tier == "high_risk"
    assert result.high_risk_route == "annex_iii"
    assert "Annex III point 1(c)" in result.articles
    assert result.transparency == ("Art. 50(3)",)


def test_art5_1_f_exception_does_not_excuse_another_practice():
    result = classify({**BASE, "prohibited_practices": ["emotion_recognition_work_education", "social_scoring"],
                       "emotion_recognition_medical_or_safety": True})
    assert result.tier == "prohibited"
    assert "Art. 5(1)(c)" in result.articles
    assert "Art. 5(1)(f)" in result.articles  # cited for the exception


def test_art5_1_h_realtime_biometric_identification_without_authorisation_is_prohibited():
    result = classify({**BASE, "prohibited_practices": ["realtime_remote_biometric_id_law_enforcement"]})
    assert result.tier == "prohibited"


def test_art5_2_authorised_law_enforcement_use_is_high_risk_with_authorisation_duties():
    result = classify({"is_ai_system": True, "role": "deployer",
                       "prohibited_practices": ["realtime_remote_biometric_id_law_enforcement"],
                       "law_enforcement_exception_authorised": True})
    assert result.tier == "high_risk"
    assert "Annex III point 1(a)" in result.articles
    assert result.fria_required is True  # Art. 5(2) requires the Art. 27 assessment
    articles = [o.article for o in result.obligations]
    assert "Art. 5(2)-(3)" in articles and "Art. 5(4)" in articles and "Art. 27" in articles


def test_art5_exception_answers_without_the_practice_change_nothing():
    result = classify({**BASE, "emotion_recognition_medical_or_safety": True,
                       "law_enforcement_exception_authorised": True})
    assert result.tier == "minimal_risk"
    assert result.high_risk_route is None


def test_recital_18_fatigue_detection_is_not_emotion_recognition():
    """Recital 18: detecting physical states such as fatigue or pain is not emotion recognition. A driver-fatigue
    monitor used at work is answered with no emotion flag and is not prohibited; the same system answered as
    emotion recognition at work would be (Art. 5(1)(f))."""
    fatigue_monitor = {"is_ai_system": True, "role": "deployer", "prohibited_practices": [],
                       "emotion_recognition_or_biometric_categorisation": False}
    result = classify(fatigue_monitor)
    assert result.tier == "minimal_risk"
    assert "Art. 50(3)" not in result.transparency
    as_emotion = classify({**fatigue_monitor, "prohibited_practices": ["emotion_recognition_work_education"]})
    assert as_emotion.tier == "prohibited"


def test_art5_2_assessment_is_required_even_if_art6_3_would_lift_high_risk():
    """Art. 5(2) makes the Art. 27 assessment a condition of every authorised use, whatever Art. 6(3) says."""
    result = classify({"is_ai_system": True, "role": "deployer",
                       "prohibited_practices": ["realtime_remote_biometric_id_law_enforcement"],
                       "law_enforcement_exception_authorised": True, "art6_3_condition": "preparatory_task"})
    assert result.tier != "high_risk"
    assert result.fria_required is True
