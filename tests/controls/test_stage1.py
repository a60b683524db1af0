"""Readiness an auditor would sign (issue #19 items 5 and 11): a fresh organisation scores under 10 % with every
stage 1 item missing; excluded controls are decided, not conforming; `forty2 readiness` exits non-zero while
blockers remain."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forty2.controls import readiness, stage1

from .conftest import decide_all

pytestmark = pytest.mark.django_db


def test_a_fresh_organisation_scores_under_ten_percent_with_every_stage1_item_missing(owner_api, acme):
    r = owner_api.get("/orgs/acme/readiness").json_body
    assert r["score"] < 10
    assert [i["key"] for i in r["stage1"]] == [key for key, *_ in stage1.ITEMS]
    assert {i["state"] for i in r["stage1"]} == {"missing"}
    assert all(i["detail"] and i["fix_url"].startswith("/") for i in r["stage1"])


def annex_a_items(org) -> int:
    return sum(g["items"] for g in readiness.compute(org)["groups"] if g["ref"].startswith("A."))


def test_an_excluded_control_is_decided_not_conforming(owner_api, acme):
    decide_all(owner_api)  # 38 applicable and implemented
    assert annex_a_items(acme) == 38
    entry = owner_api.get("/orgs/acme/soa/A.10.3").json_body
    r = owner_api.patch("/orgs/acme/soa/A.10.3", {"applicable": False, "version": entry["version"],
                                                  "justification": "No AI supplier: every system is built in house."})
    assert r.status_code == 200, r.json_body
    assert annex_a_items(acme) == 37  # decided: it leaves the count instead of counting as conforming


def test_when_every_control_is_excluded_they_all_count_zero(owner_api, acme):
    decide_all(owner_api, applicable=False)
    groups = [g for g in readiness.compute(acme)["groups"] if g["ref"].startswith("A.")]
    assert sum(g["items"] for g in groups) == 38 and all(g["score"] == 0 for g in groups)


def test_the_cli_prints_the_list_and_exits_one_while_blockers_remain(acme, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("readiness", org="acme")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "Stage 1:" in out and "Missing" in out and "Statement of Applicability approved" in out
    with pytest.raises(CommandError) as error:
        call_command("readiness", org="no-such-org")
    assert error.value.returncode == 2 and "no-such-org" in str(error.value)


def test_the_readiness_page_shows_the_stage1_list(owner_api, client):
    client.force_login(owner_api.membership.user)
    html = client.get("/o/acme/controls/readiness/").content.decode()
    assert "Stage 1 readiness" in html and 'data-key="internal_audit" data-state="missing"' in html
