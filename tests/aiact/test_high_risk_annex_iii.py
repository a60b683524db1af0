"""Art. 6(2) and Annex III: systems used in the eight listed areas are high-risk."""

import pytest

from forty2.aiact.engine import application_dates, classify
from forty2.aiact.validation import ANNEX_III_AREAS

PROVIDER = {"is_ai_system": True, "role": "provider"}


@pytest.mark.parametrize(("number", "area"), list(enumerate(ANNEX_III_AREAS, start=1)))
def test_art6_2_every_annex_iii_area_is_high_risk(number, area):
    result = classify({**PROVIDER, "annex_iii_areas": [area]})
    assert result.tier == "high_risk"
    assert result.high_risk_route == "annex_iii"
    assert "Art. 6(2)" in result.articles
    assert f"Annex III point {number}" in result.articles


def test_art6_2_the_point_given_is_cited():
    result = classify({**PROVIDER, "annex_iii_areas": ["essential_services"], "annex_iii_point": "5(b)"})
    assert "Annex III point 5(b)" in result.articles
    assert "Annex III point 5" not in result.articles


def test_art16_provider_of_annex_iii_system_gets_the_chapter_iii_duties():
    result = classify({**PROVIDER, "annex_iii_areas": ["employment"]})
    articles = {o.article for o in result.obligations}
    expected = {"Art. 4", "Art. 9", "Art. 10", "Art. 11", "Art. 12", "Art. 13", "Art. 14", "Art. 15", "Art. 16",
                "Art. 17", "Art. 43", "Art. 47", "Art. 48", "Art. 49(1)", "Art. 72", "Art. 73"}
    assert expected <= articles


def test_art49_1_and_49_5_critical_infrastructure_is_registered_nationally_not_in_the_eu_database():
    result = classify({**PROVIDER, "annex_iii_areas": ["critical_infrastructure"]})
    articles = {o.article for o in result.obligations}
    assert "Art. 49(5)" in articles
    assert "Art. 49(1)" not in articles


def test_art113_annex_iii_duties_use_the_annex_iii_date_from_the_data():
    result = classify({**PROVIDER, "annex_iii_areas": ["education"]})
    dates = {o.article: o.applies_from for o in result.obligations}
    assert dates["Art. 9"] == application_dates()["high_risk_annex_iii"]["date"]


def test_art26_deployer_of_annex_iii_system_gets_deployer_duties_not_provider_duties():
    result = classify({"is_ai_system": True, "role": "deployer", "annex_iii_areas": ["employment"]})
    articles = {o.article for o in result.obligations}
    assert {"Art. 26(1)", "Art. 26(2)", "Art. 26(6)", "Art. 26(11)"} <= articles
    assert "Art. 9" not in articles and "Art. 43" not in articles
    assert result.fria_required is False  # private employer: Art. 27(1) does not apply


@pytest.mark.parametrize(("role", "article"), [("importer", "Art. 23"), ("distributor", "Art. 24"),
                                               ("authorised_representative", "Art. 22")])
def test_art22_23_24_supply_chain_roles_have_their_own_high_risk_duties(role, article):
    result = classify({"is_ai_system": True, "role": role, "annex_iii_areas": ["migration_border"]})
    assert [o.article for o in result.obligations] == [article]


@pytest.mark.parametrize("role", ["importer", "distributor", "authorised_representative"])
def test_art22_23_24_supply_chain_roles_have_no_duties_for_a_minimal_risk_system(role):
    result = classify({"is_ai_system": True, "role": role})
    assert result.obligations == ()
