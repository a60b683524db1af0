"""Validation of questionnaire answers: every problem is reported with the field, what is allowed and a short
type code (API 422 shape). Annex III points are checked against the OJ text of Annex III (Art. 6(2))."""

import dataclasses
import math

import pytest

from forty2.aiact.engine import classify
from forty2.aiact.validation import ANNEX_III_LETTERS, ANSWER_FIELDS, Answers, AnswersError, validate_answers


def errors_of(data):
    with pytest.raises(AnswersError) as info:
        validate_answers(data)
    return info.value.errors


def test_empty_object_is_valid_and_means_no_to_everything():
    answers = validate_answers({})
    assert answers == Answers()
    assert answers.is_ai_system is False and answers.prohibited_practices == ()


def test_answers_are_frozen_and_lists_become_tuples():
    answers = validate_answers({"annex_iii_areas": ["employment"]})
    assert answers.annex_iii_areas == ("employment",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        answers.is_ai_system = True
    assert answers.to_dict()["annex_iii_areas"] == ["employment"]


@pytest.mark.parametrize("data", [None, [], "answers", 3])
def test_answers_must_be_an_object(data):
    assert errors_of(data) == [{"loc": ["body"], "msg": "answers must be a JSON object of field: value pairs",
                                "type": "object_type"}]


def test_unknown_field_is_an_error_naming_the_field():
    (error,) = errors_of({"is_ai_system": True, "risk": "high"})
    assert error["loc"] == ["body", "risk"]
    assert error["type"] == "unknown_field"
    assert "is_ai_system" in error["msg"]


@pytest.mark.parametrize("value", [1, 0, "true", "yes", None, [True]])
def test_art3_1_booleans_must_be_real_booleans(value):
    (error,) = errors_of({"is_ai_system": value})
    assert error["loc"] == ["body", "is_ai_system"] and error["type"] == "bool_type"
    assert "true or false" in error["msg"]


@pytest.mark.parametrize(("value", "type_"), [(True, "number_type"), ("1e25", "number_type"), (-1, "number_range"),
                                              (math.inf, "number_range"), (math.nan, "number_range"),
                                              ([1], "number_type")])
def test_art51_compute_must_be_a_non_negative_finite_number(value, type_):
    (error,) = errors_of({"training_compute_flops": value})
    assert error["loc"] == ["body", "training_compute_flops"] and error["type"] == type_


@pytest.mark.parametrize("value", [0, 3, 1e25, 10**26, None])
def test_art51_compute_accepts_numbers_and_null(value):
    assert validate_answers({"training_compute_flops": value}).training_compute_flops == value


@pytest.mark.parametrize("field", ["role", "excluded_purpose", "art6_3_condition"])
def test_choice_fields_reject_unknown_values_and_list_the_allowed_ones(field):
    (error,) = errors_of({field: "something_else"})
    assert error["loc"] == ["body", field] and error["type"] == "enum"
    assert all(choice in error["msg"] for choice in ANSWER_FIELDS[field]["choices"])


@pytest.mark.parametrize("field", ["role", "excluded_purpose", "art6_3_condition", "annex_iii_point"])
def test_choice_fields_accept_null_as_none(field):
    assert getattr(validate_answers({field: None}), field) is None


def test_art5_list_items_are_checked_one_by_one_with_their_index():
    errors = errors_of({"prohibited_practices": ["social_scoring", "mind_reading", 7]})
    assert [e["loc"] for e in errors] == [["body", "prohibited_practices", 1], ["body", "prohibited_practices", 2]]
    assert all(e["type"] == "enum" and "social_scoring" in e["msg"] for e in errors)


def test_art5_list_items_must_be_unique():
    (error,) = errors_of({"prohibited_practices": ["social_scoring", "social_scoring"]})
    assert error["loc"] == ["body", "prohibited_practices", 1] and error["type"] == "duplicate"


@pytest.mark.parametrize("value", ["employment", {"employment": True}, 1])
def test_art6_2_areas_must_be_a_list(value):
    (error,) = errors_of({"annex_iii_areas": value})
    assert error["loc"] == ["body", "annex_iii_areas"] and error["type"] == "list_type"


def test_art6_2_null_list_means_empty():
    assert validate_answers({"annex_iii_areas": None}).annex_iii_areas == ()


VALID_POINTS = [f"{n}({c})" for n, letters in ANNEX_III_LETTERS.items() for c in letters] + ["2"]
AREA_OF = {1: "biometrics", 2: "critical_infrastructure", 3: "education", 4: "employment",
           5: "essential_services", 6: "law_enforcement", 7: "migration_border", 8: "justice_democracy"}


@pytest.mark.parametrize("point", VALID_POINTS)
def test_annex_iii_every_point_of_the_oj_text_is_accepted(point):
    answers = validate_answers({"annex_iii_areas": [AREA_OF[int(point[0])]], "annex_iii_point": point})
    assert answers.annex_iii_point == point


def test_annex_iii_point_counts_match_the_oj_text():
    assert {n: len(letters) for n, letters in ANNEX_III_LETTERS.items()} == {1: 3, 2: 0, 3: 4, 4: 2, 5: 4, 6: 5,
                                                                              7: 4, 8: 2}


def test_annex_iii_point_2a_is_accepted_as_point_2():
    """Point 2 has no lettered sub-points in the OJ text; '2(a)' is read as point 2."""
    answers = validate_answers({"annex_iii_areas": ["critical_infrastructure"], "annex_iii_point": "2(a)"})
    assert answers.annex_iii_point == "2"


@pytest.mark.parametrize("point", ["1(d)", "2(b)", "3(e)", "4(c)", "5(e)", "6(f)", "7(e)", "8(c)", "5"])
def test_annex_iii_points_that_do_not_exist_are_rejected(point):
    (error,) = errors_of({"annex_iii_areas": [AREA_OF[int(point[0])]], "annex_iii_point": point})
    assert error["loc"] == ["body", "annex_iii_point"] and error["type"] == "annex_point_unknown"


@pytest.mark.parametrize("point", ["5b", "9(a)", "0(a)", "(a)", "", "5(B)", "5(b) ", "10(a)"])
def test_annex_iii_point_must_have_the_right_form(point):
    (error,) = errors_of({"annex_iii_areas": ["essential_services"], "annex_iii_point": point})
    assert error["loc"] == ["body", "annex_iii_point"] and error["type"] == "pattern"


def test_annex_iii_point_must_be_a_string():
    (error,) = errors_of({"annex_iii_point": 5})
    assert error["type"] == "string_type"


def test_annex_iii_point_must_agree_with_the_areas():
    (error,) = errors_of({"annex_iii_areas": ["employment"], "annex_iii_point": "5(b)"})
    assert error["loc"] == ["body", "annex_iii_point"] and error["type"] == "annex_point_mismatch"
    assert "essential_services" in error["msg"]
    (error,) = errors_of({"annex_iii_point": "4(a)"})
    assert error["type"] == "annex_point_mismatch"


def test_annex_iii_point_is_not_compared_with_invalid_areas():
    (error,) = errors_of({"annex_iii_areas": "employment", "annex_iii_point": "4(a)"})
    assert error["loc"] == ["body", "annex_iii_areas"]


def test_every_problem_is_reported_at_once():
    errors = errors_of({"is_ai_system": "yes", "role": "owner", "colour": "red", "annex_iii_areas": ["space"],
                        "training_compute_flops": -5})
    assert {tuple(e["loc"]) for e in errors} == {("body", "is_ai_system"), ("body", "role"), ("body", "colour"),
                                                 ("body", "annex_iii_areas", 0), ("body", "training_compute_flops")}
    assert all(set(e) == {"loc", "msg", "type"} and e["msg"] for e in errors)


def test_classify_validates_a_dict_first():
    with pytest.raises(AnswersError) as info:
        classify({"is_ai_system": 1})
    assert isinstance(info.value, ValueError)
    assert "is_ai_system" in str(info.value)
