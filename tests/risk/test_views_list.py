"""The risk register page: systems, levels in words, filters in the URL, export of what is shown."""

import pytest
from django.test import Client


@pytest.fixture
def browser(owner_api):
    c = Client()
    c.force_login(owner_api.membership.user)
    return c


def test_list_shows_systems_levels_and_filters(browser, owner_api, system):
    sid = system()
    owner_api.post("/orgs/acme/risks", {"title": "Drift", "ai_system_ids": [sid], "inherent_likelihood": "5",
                                        "inherent_consequence": "5"})
    owner_api.post("/orgs/acme/risks", {"title": "Bias"})
    page = browser.get("/o/acme/risks/").content.decode()
    assert "Sepsis early warning" in page and "Critical" in page and "Not scored" in page
    filtered = browser.get(f"/o/acme/risks/?system={sid}").content.decode()
    assert "Drift" in filtered and "Bias" not in filtered
    export = browser.get(f"/o/acme/risks/export?system={sid}&format=csv").content.decode("utf-8-sig")
    assert "Drift" in export and "Bias" not in export


def test_empty_register_says_what_to_do_first(browser):
    assert "starter library" in browser.get("/o/acme/risks/").content.decode()
