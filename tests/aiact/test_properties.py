"""Property tests: any valid answers classify to a JSON-serialisable result within the tiers of the
Regulation (Art. 5, 6, 50); any invalid answers raise AnswersError and nothing else."""

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from forty2.aiact.engine import TIERS, classify
from forty2.aiact.validation import ANSWER_FIELDS, AnswersError, validate_answers
from tests.aiact.strategies import valid_answers


@settings(max_examples=200, deadline=None)
@given(valid_answers())
def test_valid_answers_give_a_json_serialisable_result_in_the_tier_enum(data):
    result = classify(data).to_dict()
    assert result["tier"] in TIERS
    assert json.loads(json.dumps(result)) == result
    assert result["high_risk_route"] in (None, "annex_i", "annex_iii")
    assert (result["high_risk_route"] is not None) == (result["tier"] == "high_risk")
    assert result["gpai"] in (None, "gpai", "gpai_systemic_risk")
    # Art. 27 needs a high-risk system, except the Art. 5(2) assessment for authorised biometric identification.
    if result["fria_required"] and result["tier"] != "high_risk":
        assert data.get("law_enforcement_exception_authorised") is True
    assert not (result["art6_3_exempted"] and result["tier"] == "high_risk")
    assert len(result["articles"]) == len(set(result["articles"]))
    assert all(o["article"] in result["articles"] for o in result["obligations"])
    assert result["reasons"]


BAD_VALUES = {
    "bool": st.one_of(st.none(), st.integers(), st.text(max_size=5), st.floats(allow_nan=True)),
    "choice": st.one_of(st.integers(), st.booleans(), st.text(max_size=8).filter(lambda s: s not in _ALL_CHOICES)),
    "multi": st.one_of(st.text(max_size=5), st.integers(), st.lists(st.text(max_size=5).filter(
        lambda s: s not in _ALL_CHOICES), min_size=1, max_size=3)),
    "number": st.one_of(st.booleans(), st.text(max_size=5), st.integers(max_value=-1),
                        st.sampled_from([math.inf, -math.inf, math.nan, -0.5])),
    "text": st.one_of(st.integers(), st.booleans(), st.sampled_from(["5b", "9(a)", "2(b)", "1(d)", "", "4(c)"])),
}
_ALL_CHOICES = {c for spec in ANSWER_FIELDS.values() for c in spec.get("choices", ())}


@st.composite
def invalid_answers(draw):
    data = draw(valid_answers())
    how = draw(st.sampled_from(["unknown_key", "bad_value", "not_object", "point_mismatch"]))
    if how == "unknown_key":
        data[draw(st.text(min_size=1, max_size=12).filter(lambda k: k not in ANSWER_FIELDS))] = draw(st.integers())
    elif how == "bad_value":
        name = draw(st.sampled_from(sorted(ANSWER_FIELDS)))
        data[name] = draw(BAD_VALUES[ANSWER_FIELDS[name]["type"]])
    elif how == "point_mismatch":
        data["annex_iii_areas"] = ["employment"]
        data["annex_iii_point"] = draw(st.sampled_from(["1(a)", "5(b)", "8(b)", "2"]))
    else:
        return draw(st.one_of(st.none(), st.lists(st.integers(), max_size=2), st.text(max_size=5)))
    return data


@settings(max_examples=200, deadline=None)
@given(invalid_answers())
def test_invalid_answers_raise_answers_error_with_errors(data):
    try:
        validate_answers(data)
    except AnswersError as error:
        assert error.errors
        assert all(e["loc"][0] == "body" and e["msg"] and e["type"] for e in error.errors)
        json.dumps(error.errors)
    else:
        raise AssertionError(f"accepted invalid answers: {data!r}")
