"""Checks registered for an Annex A control (A.3.3 concerns, A.8.4 incidents …) are read where the control is:
a failing one is a readiness blocker and keeps an applicable control from counting, and the control's page shows
it; an excluded control is not held to them."""

import pytest

from forty2.controls import checks
from forty2.controls.checks import Check

from .conftest import decide_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def a33_check(monkeypatch):
    """A check on A.3.3 whose result the test sets, the only Annex A check (the apps' own, e.g. A.3.2 of people,
    are set aside)."""
    state = {"ok": False}
    for ref in [ref for ref in checks.CHECKS if ref.startswith("A.")]:
        monkeypatch.delitem(checks.CHECKS, ref)
    monkeypatch.setitem(checks.CHECKS, "A.3.3", [Check("test_channel", "A concern channel that is answered",
                                                       lambda org, ctx: state["ok"])])
    return state


def _group(api, ref):
    return next(g for g in api.get("/orgs/acme/readiness").json_body["groups"] if g["ref"] == ref)


def test_a_failing_control_check_blocks_and_counts_the_control_as_not_implemented(owner_api, a33_check):
    decide_all(owner_api)
    blockers = owner_api.get("/orgs/acme/readiness").json_body["blockers"]
    found = [b for b in blockers if b["code"] == "control_check_failed"]
    assert [b["ref"] for b in found] == ["A.3.3"]
    assert "a concern channel that is answered" in found[0]["message"].lower()
    failing = _group(owner_api, "A.3")["score"]
    a33_check["ok"] = True
    assert not any(b["code"] == "control_check_failed" for b in owner_api.get("/orgs/acme/readiness")
                   .json_body["blockers"])
    assert _group(owner_api, "A.3")["score"] > failing


def test_an_excluded_control_is_not_held_to_its_checks(owner_api, a33_check):
    decide_all(owner_api)
    e = owner_api.get("/orgs/acme/soa/A.3.3").json_body
    r = owner_api.patch("/orgs/acme/soa/A.3.3", {"applicable": False, "justification": "No staff use AI.",
                                                  "version": e["version"]})
    assert r.status_code == 200, r.json_body
    assert not any(b["code"] == "control_check_failed" for b in owner_api.get("/orgs/acme/readiness")
                   .json_body["blockers"])


def test_the_control_page_shows_what_the_records_show(owner_api, client, a33_check):
    client.force_login(owner_api.membership.user)
    html = client.get("/o/acme/controls/A.3.3/").content.decode()
    assert "What the records show" in html and "missing: a concern channel that is answered." in html.lower()
    a33_check["ok"] = True
    html = client.get("/o/acme/controls/A.3.3/").content.decode()
    assert "Found" in html and "A concern channel that is answered" in html
