"""Questionnaire metadata and the questions still relevant after each answer (Art. 2, 3, 5, 6, 27, 50, 51)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forty2.aiact.questions import QUESTIONS, relevant_questions
from forty2.aiact.validation import ANSWER_FIELDS

KEYS = [q["key"] for q in QUESTIONS]
AI = {"is_ai_system": True, "role": "provider"}


def test_every_answer_field_has_exactly_one_question():
    assert sorted(KEYS) == sorted(ANSWER_FIELDS)


@pytest.mark.parametrize("question", QUESTIONS, ids=KEYS)
def test_each_question_is_plain_cites_its_article_and_offers_the_allowed_choices(question):
    assert set(question) == {"key", "label", "help", "article", "type", "choices"}
    assert question["label"].endswith("?")
    assert "Art." in question["help"] or "Annex" in question["help"]
    assert question["type"] in {"bool", "choice", "multi", "number", "text"}
    allowed = ANSWER_FIELDS[question["key"]].get("choices", ())
    assert [value for value, _ in question["choices"]] == list(allowed)
    assert all(label for _, label in question["choices"])


def test_relevant_questions_keep_questionnaire_order():
    keys = relevant_questions({**AI, "general_purpose_model": True, "annex_iii_areas": ["education"],
                               "annex_i_safety_component": True, "generates_synthetic_content": True})
    assert keys == [k for k in KEYS if k in keys]


def test_art3_1_not_an_ai_system_stops_after_scope():
    assert relevant_questions({}) == ["is_ai_system", "general_purpose_model"]
    assert relevant_questions({"is_ai_system": False}) == ["is_ai_system", "general_purpose_model"]


def test_art51_model_questions_only_for_a_general_purpose_model():
    assert "training_compute_flops" not in relevant_questions(AI)
    keys = relevant_questions({"is_ai_system": False, "general_purpose_model": True})
    assert keys == ["is_ai_system", "general_purpose_model", "training_compute_flops", "designated_systemic_risk",
                    "role", "open_source_licence"]


@pytest.mark.parametrize("purpose", ["military_defence_security", "scientific_research_only"])
def test_art2_3_and_2_6_excluded_purposes_stop_the_questionnaire(purpose):
    keys = relevant_questions({**AI, "excluded_purpose": purpose})
    assert keys[-1] == "excluded_purpose"


def test_art2_10_personal_use_stops_for_deployers_but_not_for_providers():
    assert relevant_questions({"is_ai_system": True, "role": "deployer",
                               "excluded_purpose": "personal_non_professional"})[-1] == "excluded_purpose"
    assert "prohibited_practices" in relevant_questions({**AI, "excluded_purpose": "personal_non_professional"})


def test_art27_public_body_question_only_for_deployers():
    assert "deployer_public_body_or_public_service" not in relevant_questions(AI)
    assert "deployer_public_body_or_public_service" in relevant_questions({**AI, "role": "deployer"})


def test_art5_a_prohibited_practice_stops_the_questionnaire():
    keys = relevant_questions({**AI, "prohibited_practices": ["social_scoring"]})
    assert keys[-1] == "prohibited_practices"
    assert "annex_iii_areas" not in keys


def test_art5_1_f_exception_question_only_after_emotion_recognition_and_continues_when_it_applies():
    assert "emotion_recognition_medical_or_safety" not in relevant_questions(AI)
    selected = {**AI, "prohibited_practices": ["emotion_recognition_work_education"]}
    assert relevant_questions(selected)[-1] == "emotion_recognition_medical_or_safety"
    excepted = relevant_questions({**selected, "emotion_recognition_medical_or_safety": True})
    assert "annex_iii_areas" in excepted


def test_art5_1_h_exception_question_only_after_realtime_biometric_identification():
    assert "law_enforcement_exception_authorised" not in relevant_questions(AI)
    selected = {**AI, "prohibited_practices": ["realtime_remote_biometric_id_law_enforcement"]}
    assert relevant_questions(selected)[-1] == "law_enforcement_exception_authorised"
    assert "annex_i_safety_component" in relevant_questions({**selected, "law_enforcement_exception_authorised": True})


def test_art6_1_third_party_question_only_for_a_safety_component():
    assert "annex_i_third_party_conformity" not in relevant_questions(AI)
    assert "annex_i_third_party_conformity" in relevant_questions({**AI, "annex_i_safety_component": True})


def test_art6_3_point_filter_and_profiling_only_with_annex_iii_areas():
    follow_ups = {"annex_iii_point", "art6_3_condition", "profiles_natural_persons"}
    assert not follow_ups & set(relevant_questions(AI))
    assert not follow_ups & set(relevant_questions({**AI, "annex_iii_areas": []}))
    assert follow_ups <= set(relevant_questions({**AI, "annex_iii_areas": ["employment"]}))


def test_art50_4_questions_only_for_generated_content():
    assert "deep_fake" not in relevant_questions(AI)
    keys = relevant_questions({**AI, "generates_synthetic_content": True})
    assert {"deep_fake", "public_interest_text", "emotion_recognition_or_biometric_categorisation"} <= set(keys)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                                                        st.lists(st.text(max_size=8), max_size=3))))
def test_relevant_questions_never_fail_on_odd_partial_answers(partial):
    keys = relevant_questions(partial)
    assert keys[:2] == ["is_ai_system", "general_purpose_model"]
    assert set(keys) <= set(KEYS) and len(keys) == len(set(keys))
