"""The starter library: at least 40 common AI risks of our own, each with sources and controls, adopted in one
click (ISO/IEC 42001 6.1.2, Annex C)."""

from django.test import Client

from forty2.risk.annex import AnnexAControl, Objective, RiskSource
from forty2.risk.library import ENTRIES


def test_forty_risks_each_with_suggested_sources_objectives_and_controls():
    assert len(ENTRIES) >= 40
    assert len({e.key for e in ENTRIES}) == len(ENTRIES) and len({e.title for e in ENTRIES}) == len(ENTRIES)
    for e in ENTRIES:
        assert e.sources and set(e.sources) <= set(RiskSource.values), e.key
        assert e.objectives and set(e.objectives) <= set(Objective.values), e.key
        assert e.controls and set(e.controls) <= set(AnnexAControl.values), e.key
        assert e.treatment


def test_adopt_through_the_api(owner_api, system):
    sid = system()
    lib = owner_api.get("/orgs/acme/risk-library").json_body
    assert lib["count"] >= 40
    r = owner_api.post("/orgs/acme/risk-library/hallucination/adopt", {"ai_system_ids": [sid]})
    assert r.status_code == 201, r.json_body
    assert r.json_body["title"] == "Plausible but false outputs (hallucination)"
    assert r.json_body["controls"] and r.json_body["ai_systems"][0]["id"] == sid
    assert owner_api.post("/orgs/acme/risk-library/nope/adopt", {}).status_code == 404


def test_adopt_in_one_click_in_the_browser(owner_api, system):
    sid = system()
    browser = Client()
    browser.force_login(owner_api.membership.user)
    r = browser.post("/o/acme/risks/library/model-drift/adopt", {"ai_system_ids": str(sid)}, follow=True)
    page = r.content.decode()
    assert "Performance drift in operation" in page and "added to the register" in page
    assert "In your register" in browser.get("/o/acme/risks/library").content.decode()
