"""Obligations per role (Art. 4, 5, 16-27, 49, 50, 53-55) and their dates, read from the package data
(obligations.json, application_dates.json; Art. 113 and its amendment by the Digital Omnibus on AI)."""

import copy
import json
import re
from datetime import date

import pytest

from forty2.aiact import engine
from forty2.aiact.engine import CONDITIONS, application_dates, classify, obligation_rules
from forty2.aiact.validation import ROLES

HIGH_RISK = {"is_ai_system": True, "annex_iii_areas": ["employment"]}


def test_art113_obligations_data_is_consistent():
    """Every duty names a known date key, role and condition, and cites an article."""
    dates = application_dates()
    ids = [rule["id"] for rule in obligation_rules()]
    assert len(ids) == len(set(ids))
    for rule in obligation_rules():
        keys = [rule["date_key"]] if isinstance(rule["date_key"], str) else list(rule["date_key"].values())
        assert all(key in dates for key in keys), rule["id"]
        assert set(rule["roles"]) <= set(ROLES) | {"*"}, rule["id"]
        assert set(rule["when"]) <= CONDITIONS, rule["id"]
        assert re.fullmatch(r"Art\. \d+(\(\d+\))*(\([a-z]\))?(-\(\d+\))?", rule["article"]), rule["article"]
        assert rule["duty"].endswith(".")


def test_art113_application_dates_are_iso_dates_in_the_regulations_order():
    dates = {key: date.fromisoformat(entry["date"]) for key, entry in application_dates().items()}
    assert dates["entry_into_force"] == date(2024, 8, 1)
    assert dates["prohibitions_and_literacy"] == date(2025, 2, 2)
    assert dates["gpai_governance_penalties"] == date(2025, 8, 2)
    assert dates["general_application"] == date(2026, 8, 2)
    assert dates["high_risk_annex_iii"] >= dates["general_application"]
    assert dates["high_risk_annex_i"] > dates["high_risk_annex_iii"]


def test_art113_digital_omnibus_is_recorded_with_status_and_source():
    data = engine._data("application_dates.json")
    (omnibus,) = [a for a in data["amendments"] if a["id"] == "digital_omnibus_ai"]
    assert omnibus["status"] and omnibus["source"] and omnibus["proposal"].startswith("COM(2025) 836")
    assert omnibus["overrides"]["high_risk_annex_iii"]["date"] == "2027-12-02"
    assert omnibus["overrides"]["high_risk_annex_i"]["date"] == "2028-08-02"
    assert data["dates"]["high_risk_annex_iii"]["date"] == "2026-08-02"  # the OJ date is kept as the base
    assert data["dates"]["high_risk_annex_i"]["date"] == "2027-08-02"


def _patched(monkeypatch, change):
    original = engine._data

    def fake(name):
        data = copy.deepcopy(original(name))
        if name == "application_dates.json":
            change(data)
        return data

    monkeypatch.setattr(engine, "_data", fake)


def test_art113_engine_uses_original_dates_when_the_amendment_is_not_applied(monkeypatch):
    def switch_off(data):
        for amendment in data["amendments"]:
            amendment["apply"] = False
    _patched(monkeypatch, switch_off)
    result = classify({**HIGH_RISK, "role": "provider"})
    assert {o.applies_from for o in result.obligations if o.article == "Art. 9"} == {"2026-08-02"}
    assert any("would move" in reason for reason in result.reasons)


def test_art113_dates_come_from_the_data_file(monkeypatch):
    def move(data):
        data["amendments"] = []
        data["dates"]["high_risk_annex_iii"]["date"] = "2030-01-01"
    _patched(monkeypatch, move)
    result = classify({**HIGH_RISK, "role": "deployer"})
    assert {o.applies_from for o in result.obligations if o.article.startswith("Art. 26")} == {"2030-01-01"}


def test_art113_reason_names_the_amendment_used_for_dates():
    result = classify({**HIGH_RISK, "role": "provider"})
    assert any("Digital Omnibus on AI" in reason and "2027-12-02" in reason for reason in result.reasons)


@pytest.mark.parametrize("role", ["provider", "deployer"])
def test_art4_ai_literacy_binds_providers_and_deployers_of_any_in_scope_system(role):
    result = classify({"is_ai_system": True, "role": role})
    assert result.tier == "minimal_risk"
    assert [(o.article, o.applies_from) for o in result.obligations] == [("Art. 4", "2025-02-02")]


def test_art3_8_unknown_role_gets_no_role_specific_duties_and_is_told_so():
    result = classify(HIGH_RISK)
    assert result.tier == "high_risk"
    assert result.obligations == ()
    assert any("No role was given" in reason for reason in result.reasons)


def test_art16_provider_and_art26_deployer_duties_do_not_mix():
    provider = {o.article for o in classify({**HIGH_RISK, "role": "provider"}).obligations}
    deployer = {o.article for o in classify({**HIGH_RISK, "role": "deployer"}).obligations}
    assert provider & deployer == {"Art. 4"}


def test_every_reason_and_obligation_cites_the_regulation():
    result = classify({**HIGH_RISK, "role": "deployer", "deployer_public_body_or_public_service": True,
                       "interacts_with_natural_persons": True, "general_purpose_model": True,
                       "open_source_licence": True})
    assert all(re.search(r"Art\. \d+|Annex [IVX]+", reason) for reason in result.reasons)
    assert all(o.article in result.articles for o in result.obligations)


def test_articles_are_unique_and_in_natural_order():
    result = classify({**HIGH_RISK, "role": "provider", "interacts_with_natural_persons": True})
    arts = list(result.articles)
    assert len(arts) == len(set(arts))
    assert arts.index("Art. 4") < arts.index("Art. 9") < arts.index("Art. 10") < arts.index("Art. 50(1)")
    assert arts[-1].startswith("Annex III")


def test_to_dict_is_json_serialisable_with_the_documented_fields():
    result = classify({**HIGH_RISK, "role": "provider"}).to_dict()
    assert set(result) == {"tier", "high_risk_route", "art6_3_exempted", "transparency", "gpai", "fria_required",
                           "articles", "obligations", "reasons"}
    assert set(result["obligations"][0]) == {"article", "duty", "applies_from"}
    assert json.loads(json.dumps(result)) == result
