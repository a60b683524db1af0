"""The risk pages render for a member and show what a user needs to see (ISO/IEC 42001 6.1, 8.2)."""

import pytest
from django.test import Client


@pytest.fixture
def browser(owner_api):
    c = Client()
    c.force_login(owner_api.membership.user)
    return c


def test_every_page_renders(browser, owner_api, system):
    sid = system()
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift", "ai_system_ids": [sid], "inherent_likelihood": "3",
                                              "inherent_consequence": "4"}).json_body["id"]
    ia = owner_api.post("/orgs/acme/impact-assessments", {"title": "Sepsis IA", "ai_system": sid}).json_body["id"]
    owner_api.post("/orgs/acme/risk-assessments", {"title": "Q1"})
    for url in ["/o/acme/risks/", f"/o/acme/risks/{rid}/", f"/o/acme/risks/{rid}/edit", "/o/acme/risks/new",
                "/o/acme/risks/heatmap", "/o/acme/risks/library", "/o/acme/risks/methodology",
                "/o/acme/risks/methodology/new", "/o/acme/risks/assessments", "/o/acme/risks/assessments/new",
                "/o/acme/risks/impact-assessments", f"/o/acme/risks/impact-assessments/{ia}/",
                f"/o/acme/risks/impact-assessments/{ia}/edit", f"/o/acme/risks/impact-assessments/new?system={sid}",
                "/o/acme/risks/import", f"/o/acme/ai-systems/{sid}/"]:
        r = browser.get(url)
        assert r.status_code == 200, url
    run = owner_api.get("/orgs/acme/risk-assessments").json_body["items"][0]["id"]
    assert browser.get(f"/o/acme/risks/assessments/{run}/").status_code == 200


def test_the_ai_system_page_lists_its_risks_and_assessments(browser, owner_api, system):
    sid = system()
    owner_api.post("/orgs/acme/risks", {"title": "Alert fatigue", "ai_system_ids": [sid]})
    owner_api.post("/orgs/acme/impact-assessments", {"title": "Sepsis IA 2026", "ai_system": sid})
    page = browser.get(f"/o/acme/ai-systems/{sid}/").content.decode()
    assert "Alert fatigue" in page and "Sepsis IA 2026" in page


def test_heat_map_says_levels_in_words(browser, owner_api):
    owner_api.post("/orgs/acme/risks", {"title": "Drift", "inherent_likelihood": "5", "inherent_consequence": "5"})
    page = browser.get("/o/acme/risks/heatmap").content.decode()
    assert "Critical" in page and "risk at likelihood 5, consequence 5" in page


def test_accepting_in_the_browser_and_the_stale_badge(browser, owner_api):
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift", "residual_likelihood": "1",
                                              "residual_consequence": "2", "treatment_option": "retain",
                                              "owner": owner_api.membership.user.email}).json_body["id"]
    r = browser.post(f"/o/acme/risks/{rid}/accept", {"version": "1", "note": "fine"}, follow=True)
    assert "Risk accepted" in r.content.decode()
    owner_api.patch(f"/orgs/acme/risks/{rid}", {"version": 1, "description": "changed"})
    assert "Acceptance stale" in browser.get(f"/o/acme/risks/{rid}/").content.decode()


def test_an_incomplete_risk_page_says_what_is_missing_before_acceptance(browser, owner_api):
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift"}).json_body["id"]
    page = browser.get(f"/o/acme/risks/{rid}/").content.decode()
    assert "Score the residual risk" in page and "Name the risk owner" in page and "treatment decision" in page
    r = browser.post(f"/o/acme/risks/{rid}/accept", {"version": "1"}, follow=True)
    assert "Risk accepted" not in r.content.decode()


def test_history_says_who_accepted_in_words(browser, owner_api):
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift", "residual_likelihood": "1",
                                              "residual_consequence": "1", "treatment_option": "retain",
                                              "owner": owner_api.membership.user.email}).json_body["id"]
    owner_api.post(f"/orgs/acme/risks/{rid}/accept", {"version": 1, "note": "Fine"})
    page = browser.get(f"/o/acme/risks/{rid}/").content.decode()
    assert "accepted the residual risk" in page and "residual risk of this risk" not in page


def test_heat_map_cells_link_to_their_risks(browser, owner_api):
    owner_api.post("/orgs/acme/risks", {"title": "Drift", "inherent_likelihood": "4", "inherent_consequence": "2"})
    owner_api.post("/orgs/acme/risks", {"title": "Bias", "inherent_likelihood": "1", "inherent_consequence": "1"})
    page = browser.get("/o/acme/risks/heatmap").content.decode()
    assert "?inherent_likelihood=4&amp;inherent_consequence=2" in page
    listed = browser.get("/o/acme/risks/?inherent_likelihood=4&inherent_consequence=2").content.decode()
    assert "Drift" in listed and "Bias" not in listed
