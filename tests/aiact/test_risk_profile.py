"""Risk profile of one AI system (ISO/IEC 42001 6.1.2, A.5) from rules kept as data; EU AI Act tiers (Art. 5,
Art. 6) set floors."""

import pytest

from forty2.aiact.profile import ProfileInputError, derive_risk_profile, rules

LOW = {"tier": "minimal_risk", "personal_data": "none", "automation": "decision_support", "criticality": "low",
       "vulnerable_groups": False}


def test_no_risk_factors_give_low():
    profile = derive_risk_profile(LOW)
    assert profile == {"level": "low", "missing": [], "reasons": ["Base level low from 0 points (no risk factors)."]}


def test_points_add_up_to_a_band_and_are_explained():
    profile = derive_risk_profile({**LOW, "personal_data": "personal", "automation": "human_on_the_loop",
                                   "criticality": "medium"})
    assert profile["level"] == "medium"
    assert "3 points" in profile["reasons"][0] and "personal data processed: personal +1" in profile["reasons"][0]


def test_art5_prohibited_tier_is_critical():
    assert derive_risk_profile({**LOW, "tier": "prohibited"})["level"] == "critical"


def test_art5_prohibited_tier_is_critical_even_with_missing_inputs():
    profile = derive_risk_profile({"tier": "prohibited"})
    assert profile["level"] == "critical"
    assert profile["missing"] == ["personal_data", "automation", "criticality", "vulnerable_groups"]
    assert any("Art. 5" in reason for reason in profile["reasons"])


def test_art6_high_risk_tier_is_at_least_high():
    profile = derive_risk_profile({**LOW, "tier": "high_risk"})
    assert profile["level"] == "high"
    assert any(reason.startswith("At least high") and "Art. 6" in reason for reason in profile["reasons"])


def test_special_category_data_fully_automated_is_at_least_high():
    profile = derive_risk_profile({**LOW, "personal_data": "special_category", "automation": "fully_automated"})
    assert profile["level"] == "high"


def test_fully_automated_critical_process_is_critical():
    assert derive_risk_profile({**LOW, "criticality": "critical", "automation": "fully_automated"})["level"] == \
        "critical"


def test_vulnerable_people_without_human_approval_is_at_least_high():
    assert derive_risk_profile({**LOW, "vulnerable_groups": True, "automation": "human_on_the_loop"})["level"] == "high"
    assert derive_risk_profile({**LOW, "vulnerable_groups": True})["level"] == "low"


def test_many_factors_together_reach_critical_by_points():
    profile = derive_risk_profile({"tier": "high_risk", "personal_data": "special_category",
                                   "automation": "fully_automated", "criticality": "critical",
                                   "vulnerable_groups": True})
    assert profile["level"] == "critical"


@pytest.mark.parametrize("missing", ["tier", "personal_data", "automation", "criticality", "vulnerable_groups"])
def test_any_missing_input_makes_the_profile_incomplete(missing):
    profile = derive_risk_profile({**LOW, missing: None})
    assert profile["level"] == "incomplete"
    assert profile["missing"] == [missing]
    assert profile["reasons"][0].startswith("Not yet answered")


def test_high_risk_with_missing_inputs_is_incomplete_but_shows_the_floor():
    profile = derive_risk_profile({"tier": "high_risk"})
    assert profile["level"] == "incomplete"
    assert any(reason.startswith("At least high") for reason in profile["reasons"])


def test_absent_inputs_count_as_missing():
    assert derive_risk_profile({})["missing"] == ["tier", "personal_data", "automation", "criticality",
                                                   "vulnerable_groups"]


@pytest.mark.parametrize(("inputs", "loc"), [({"tier": "risky"}, ["body", "tier"]),
                                             ({"vulnerable_groups": 1}, ["body", "vulnerable_groups"]),
                                             ({"vulnerable_groups": "true"}, ["body", "vulnerable_groups"]),
                                             ({"colour": "red"}, ["body", "colour"])])
def test_invalid_inputs_are_rejected_with_the_field(inputs, loc):
    with pytest.raises(ProfileInputError) as info:
        derive_risk_profile(inputs)
    assert [e["loc"] for e in info.value.errors] == [loc]


def test_rules_data_is_consistent():
    data = rules()
    levels = data["levels"]
    assert [b["level"] for b in data["bands"]] == levels
    for name, spec in data["inputs"].items():
        assert {str(v).lower() if isinstance(v, bool) else v for v in spec["values"]} == set(data["points"][name])
    for rule in data["rules"]:
        assert rule["at_least"] in levels and rule["reason"]
        for field, values in rule["when"].items():
            assert all(v in data["inputs"][field]["values"] for v in values)
