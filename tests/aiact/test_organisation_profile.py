"""Organisation-wide view of AI integration and risk (ISO/IEC 42001 4.1 context, 6.1.2 risk assessment)."""

import pytest

from forty2.aiact.profile import ProfileInputError, organisation_profile


def system(name, stage="operation_monitoring", status="approved", tier="minimal_risk", level="low",
           criticality="low"):
    return {"name": name, "lifecycle_stage": stage, "status": status, "tier": tier, "profile_level": level,
            "criticality": criticality}


def test_counts_only_systems_in_operation():
    result = organisation_profile([
        system("sepsis", stage="deployment", tier="high_risk", level="high", criticality="critical"),
        system("chatbot", tier="limited_risk", level="medium", criticality="medium"),
        system("cv screening", stage="re_evaluation", tier="high_risk", level="high", criticality="high"),
        system("prototype", stage="design_development", tier="high_risk", level="critical"),
        system("old triage", stage="operation_monitoring", status="retired", tier="prohibited", level="critical"),
        system("retired stage", stage="retirement"),
    ])
    assert result["total_systems"] == 6
    assert result["in_operation"] == 3
    assert result["by_tier"]["high_risk"] == 2 and result["by_tier"]["limited_risk"] == 1
    assert result["by_tier"]["prohibited"] == 0
    assert result["by_profile_level"]["high"] == 2 and result["by_profile_level"]["critical"] == 0
    assert result["highest_level"] == "high"
    assert result["high_or_critical_process_share"] == pytest.approx(2 / 3)
    assert result["high_or_critical_process_percent"] == 66.7
    assert result["summary"] == ("3 of 6 registered AI systems are in operation; 2 of them (66.7%) support high- or "
                                 "critical-criticality processes; highest risk level in operation: high.")


def test_unclassified_and_unassessed_systems_are_counted_separately():
    result = organisation_profile([system("new", tier=None, level=None, criticality=None)])
    assert result["by_tier"]["unclassified"] == 1
    assert result["by_profile_level"]["unassessed"] == 1
    assert result["highest_level"] is None
    assert "not yet assessed" in result["summary"]


def test_incomplete_profiles_do_not_count_as_a_level():
    result = organisation_profile([system("a", level="incomplete"), system("b", level="medium")])
    assert result["by_profile_level"]["incomplete"] == 1
    assert result["highest_level"] == "medium"


def test_no_systems_in_operation():
    result = organisation_profile([system("idea", stage="inception")])
    assert result["in_operation"] == 0
    assert result["high_or_critical_process_share"] == 0.0
    assert result["summary"] == "The only registered AI system is not in operation yet."


def test_no_systems_at_all():
    result = organisation_profile([])
    assert result["total_systems"] == 0 and result["summary"] == "No AI systems are registered yet."


def test_extra_keys_on_systems_are_ignored():
    assert organisation_profile([{**system("a"), "id": 7, "owner": "x"}])["in_operation"] == 1


def test_invalid_systems_are_rejected_with_index_and_field():
    with pytest.raises(ProfileInputError) as info:
        organisation_profile([system("a"), {**system(""), "lifecycle_stage": "live", "tier": "risky"}, "x"])
    locs = [e["loc"] for e in info.value.errors]
    assert locs == [["body", 1, "name"], ["body", 1, "lifecycle_stage"], ["body", 1, "tier"], ["body", 2]]


def test_systems_must_be_a_list():
    with pytest.raises(ProfileInputError):
        organisation_profile({"name": "a"})
