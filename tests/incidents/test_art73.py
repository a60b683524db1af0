"""The EU AI Act Art. 73 deadline, one pure function (every case), its countdown in words, and who reports to whom
(Art. 26(5), 73)."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.incidents import art73
from forty2.incidents.art73 import countdown, reporting_deadline, role_for, route_for

AWARE = dt.date(2026, 3, 2)


@pytest.mark.parametrize("kwargs, days", [
    ({}, 15),
    ({"death": True}, 10),
    ({"widespread": True}, 2),
    ({"death": True, "widespread": True}, 2),  # the shortest period applies
])
def test_serious_incident_on_a_high_risk_system(kwargs, days):
    d = reporting_deadline(AWARE, high_risk=True, serious=True, **kwargs)
    assert d.applies and not d.provisional and d.days == days
    assert d.due == AWARE + dt.timedelta(days=days)
    assert f"{days} days" in d.rule and "Art. 73" in d.rule


def test_undecided_seriousness_shows_the_deadline_provisionally():
    d = reporting_deadline(AWARE, high_risk=True, serious=None, death=True)
    assert d.applies and d.provisional and d.days == 10 and "Provisional" in d.rule


def test_not_serious_or_not_high_risk_means_no_deadline():
    assert not reporting_deadline(AWARE, high_risk=True, serious=False, death=True).applies
    none = reporting_deadline(AWARE, high_risk=False, serious=True, widespread=True)
    assert not none.applies and none.due is None and "not apply" in none.rule


def test_no_awareness_date_yet():
    d = reporting_deadline(None, high_risk=True, serious=True)
    assert d.applies and d.due is None and countdown(d)["state"] == "none"


def test_the_countdown_reads_in_words_days_and_hours_not_colour():
    d = reporting_deadline(AWARE, high_risk=True, serious=True)  # due 17 March, ends at midnight after it
    ends = d.ends_at()
    assert ends == timezone.make_aware(dt.datetime(2026, 3, 18))
    running = countdown(d, now=ends - dt.timedelta(days=2, hours=5))
    assert running == {"state": "running", "text": "2 days 5 hours left (due by the end of 2026-03-17)."}
    assert countdown(d, now=ends - dt.timedelta(hours=3))["text"].startswith("3 hours left")
    overdue = countdown(d, now=ends + dt.timedelta(days=1, hours=1))
    assert overdue["state"] == "overdue" and overdue["text"].startswith("Overdue by 1 day 1 hour")
    assert countdown(d, reported_on=dt.date(2026, 3, 17))["state"] == "reported"
    late = countdown(d, reported_on=dt.date(2026, 3, 19))
    assert late["state"] == "late" and "2 days after the deadline" in late["text"]


def test_the_role_comes_from_the_ai_act_answer_else_the_register():
    assert role_for("deployer", ["provider"]) == art73.DEPLOYER  # the classification's answer wins
    assert role_for("product_manufacturer", []) == art73.PROVIDER
    assert role_for(None, ["customer"]) == art73.DEPLOYER
    assert role_for(None, ["producer", "customer"]) == art73.PROVIDER
    assert role_for(None, ["subject"]) == art73.OTHER


def test_who_reports_to_whom():
    provider = route_for("Sepsis score", art73.PROVIDER, member_state="Ireland")
    assert provider.reports_to == "the market surveillance authority of Ireland"
    assert "Art. 73(1)" in provider.steps[0]
    deployer = route_for("Radiology triage", art73.DEPLOYER, member_state="Ireland", providers=["Radiant Ltd"])
    assert deployer.reports_to == "Radiant Ltd"
    assert "inform the provider first: Radiant Ltd (Art. 26(5))" in deployer.steps[0]
    assert "market surveillance authority of Ireland" in deployer.steps[1]
    unnamed = route_for("X", art73.DEPLOYER)
    assert "name it in the register's suppliers" in unnamed.reports_to
    assert "Member State where the incident occurred" in unnamed.steps[1]
