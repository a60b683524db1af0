"""Art. 27(1) fundamental rights impact assessment: deployers that are bodies governed by public law or private
entities providing public services (Annex III high-risk systems except point 2), and every deployer of Annex III
points 5(b) and 5(c)."""

import pytest

from forty2.aiact.engine import classify

DEPLOYER = {"is_ai_system": True, "role": "deployer"}


def test_art27_1_public_body_deploying_annex_iii_system_must_assess():
    result = classify({**DEPLOYER, "deployer_public_body_or_public_service": True, "annex_iii_areas": ["education"]})
    assert result.fria_required is True
    assert "Art. 27" in {o.article for o in result.obligations}
    assert "Art. 27(1)" in result.articles


def test_art27_1_public_body_critical_infrastructure_is_excepted():
    result = classify({**DEPLOYER, "deployer_public_body_or_public_service": True,
                       "annex_iii_areas": ["critical_infrastructure"]})
    assert result.tier == "high_risk"
    assert result.fria_required is False


def test_art27_1_public_body_with_point_2_and_another_area_must_assess():
    result = classify({**DEPLOYER, "deployer_public_body_or_public_service": True,
                       "annex_iii_areas": ["critical_infrastructure", "essential_services"]})
    assert result.fria_required is True


def test_art27_1_public_body_deploying_annex_i_only_system_need_not_assess():
    """Art. 27 covers systems under Art. 6(2) only."""
    result = classify({**DEPLOYER, "deployer_public_body_or_public_service": True,
                       "annex_i_safety_component": True, "annex_i_third_party_conformity": True})
    assert result.tier == "high_risk"
    assert result.fria_required is False


def test_art27_1_private_bank_deploying_credit_scoring_5b_must_assess():
    result = classify({**DEPLOYER, "annex_iii_areas": ["essential_services"], "annex_iii_point": "5(b)"})
    assert result.fria_required is True


def test_art27_1_private_insurer_deploying_insurance_pricing_5c_must_assess():
    result = classify({**DEPLOYER, "annex_iii_areas": ["essential_services"], "annex_iii_point": "5(c)"})
    assert result.fria_required is True


@pytest.mark.parametrize("point", ["5(a)", "5(d)"])
def test_art27_1_private_deployer_of_other_point_5_systems_need_not_assess(point):
    result = classify({**DEPLOYER, "annex_iii_areas": ["essential_services"], "annex_iii_point": point})
    assert result.fria_required is False


def test_art27_1_provider_of_credit_scoring_system_has_no_fria():
    result = classify({"is_ai_system": True, "role": "provider", "annex_iii_areas": ["essential_services"],
                       "annex_iii_point": "5(b)"})
    assert result.fria_required is False
    assert "Art. 27" not in {o.article for o in result.obligations}


@pytest.mark.parametrize("role", ["importer", "distributor", "product_manufacturer", "authorised_representative"])
def test_art27_1_other_roles_have_no_fria(role):
    result = classify({"is_ai_system": True, "role": role, "deployer_public_body_or_public_service": True,
                       "annex_iii_areas": ["essential_services"], "annex_iii_point": "5(b)"})
    assert result.fria_required is False


def test_art27_1_private_deployer_outside_5b_5c_need_not_assess():
    result = classify({**DEPLOYER, "annex_iii_areas": ["employment"]})
    assert result.fria_required is False


def test_art27_1_exempted_credit_scoring_system_is_not_high_risk_so_no_fria():
    result = classify({**DEPLOYER, "annex_iii_areas": ["essential_services"], "annex_iii_point": "5(b)",
                       "art6_3_condition": "preparatory_task"})
    assert result.art6_3_exempted is True
    assert result.fria_required is False


def test_art49_3_public_deployer_registers_its_use():
    result = classify({**DEPLOYER, "deployer_public_body_or_public_service": True, "annex_iii_areas": ["education"]})
    assert "Art. 49(3)" in {o.article for o in result.obligations}
