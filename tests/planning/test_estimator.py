"""The estimator's rules are data (forty2/planning/estimator_rules.py), every estimate carries its reasons, and the
calibration holds: a small organisation with low-risk AI and ISO/IEC 27001 about three months, the same without
27001 longer, a large one with high-risk systems and no management system well beyond five months."""

import pytest

from forty2.catalog.models import ConformityStatus, Requirement, RequirementStatus
from forty2.planning import estimator
from forty2.planning import estimator_rules as rules

WEEKS_PER_MONTH = 52 / 12
SMALL = {"systems": 3, "highest_tier": "minimal_risk", "unclassified": 0, "high_risks": 0,
         "production_share": 0.34, "automated_share": 0.0, "people": 25, "runs_iso27001": False,
         "runs_iso9001": False}
LARGE = {"systems": 40, "highest_tier": "high_risk", "unclassified": 3, "high_risks": 12, "production_share": 0.8,
         "automated_share": 0.4, "people": 900, "runs_iso27001": False, "runs_iso9001": False}


def months(profile) -> float:
    return estimator.total_weeks(estimator.estimate(profile)) / WEEKS_PER_MONTH


def test_the_rules_are_well_formed_data():
    phases = {key for key, _label in rules.PHASES}
    assert set(rules.BASE_WEEKS) == phases
    keys = [r["key"] for r in rules.RULES]
    assert len(keys) == len(set(keys))
    for rule in rules.RULES:
        assert rule["factor"] in rules.FACTORS, rule["key"]
        assert ("at_least" in rule) != ("equals" in rule), rule["key"]
        assert set(rule["add"]) <= phases, rule["key"]
        assert rule["reason"].strip(), rule["key"]
        assert set(rule.get("unless", ())) <= set(keys[:keys.index(rule["key"])]), rule["key"]
    assert set(estimator.Profile().as_dict()) == set(rules.FACTORS)


def test_small_organisation_with_iso27001_takes_about_three_months():
    with_27001 = {**SMALL, "runs_iso27001": True}
    assert 2.5 <= months(with_27001) <= 3.5
    phases = {p.key: p for p in estimator.estimate(with_27001)}
    assert any("ISO/IEC 27001 is already in place" in r for r in phases["documentation"].reasons)
    assert phases["documentation"].reasons[0].startswith("Starting point")


def test_the_same_organisation_without_iso27001_takes_longer_and_says_why():
    assert months(SMALL) > months({**SMALL, "runs_iso27001": True})
    assert months(SMALL) < 5
    reasons = [r for p in estimator.estimate(SMALL) for r in p.reasons]
    assert not any("27001" in r for r in reasons)


def test_iso9001_helps_less_and_never_counts_twice_with_27001():
    assert months({**SMALL, "runs_iso27001": True}) < months({**SMALL, "runs_iso9001": True}) < months(SMALL)
    both = {**SMALL, "runs_iso27001": True, "runs_iso9001": True}
    assert months(both) == months({**SMALL, "runs_iso27001": True})


def test_large_high_risk_organisation_without_a_management_system_is_well_beyond_five_months():
    assert months(LARGE) > 7
    phases = {p.key: p for p in estimator.estimate(LARGE)}
    text = " ".join(phases["implementation"].reasons)
    assert "40 AI systems in scope" in text
    assert "high-risk system under the EU AI Act" in text
    assert "12 risks rated high or critical" in text
    assert "80% of the AI systems in scope are deployed" in text
    assert "900 people in scope" in " ".join(phases["internal_audit_review"].reasons)


def test_no_phase_is_shorter_than_the_minimum():
    tiny = {**SMALL, "runs_iso27001": True, "runs_iso9001": True}
    for p in estimator.estimate(tiny):
        assert p.weeks >= rules.MIN_WEEKS


@pytest.mark.django_db
def test_the_profile_is_read_from_the_records(manager, system, people):
    org = manager.organization
    assert estimator.profile_of(org).systems == 0
    system("Triage", tier="high_risk", lifecycle_stage="operation_monitoring", automation="fully_automated")
    system("Chatbot", tier="limited_risk")
    system("Draft", lifecycle_stage="design_development")
    retired = system("Old", tier="prohibited", in_scope=False, scope_note="A pilot outside the scope.")
    assert retired.in_scope is False
    people(7)
    p = estimator.profile_of(org)
    assert (p.systems, p.highest_tier, p.unclassified, p.people) == (3, "high_risk", 1, 7)
    assert p.production_share == 0.33 and p.automated_share == 0.33
    assert not p.runs_iso27001
    assert estimator.profile_of(org, declared=("iso27001",)).runs_iso27001


@pytest.mark.django_db
def test_iso27001_counts_as_running_from_the_catalog_statuses(manager):
    org = manager.organization
    reqs = list(Requirement.objects.filter(framework__slug="iso-iec-27001-2022").order_by("pk"))
    assert reqs, "the catalog holds ISO/IEC 27001"
    half = reqs[: (len(reqs) + 1) // 2]
    RequirementStatus.objects.bulk_create([RequirementStatus(organization=org, requirement=r,
                                                             status=ConformityStatus.CONFORMING) for r in half[:-1]])
    assert not estimator.profile_of(org).runs_iso27001
    RequirementStatus.objects.create(organization=org, requirement=half[-1], status=ConformityStatus.CONFORMING)
    p = estimator.profile_of(org)
    assert p.runs_iso27001 and "assessed conforming in the catalog" in p.sources["runs_iso27001"]
