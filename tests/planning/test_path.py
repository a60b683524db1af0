"""The path to certification on the overview page and at ``GET /api/v1/orgs/{org}/path`` (issue #19 item 9): where
the organisation stands, and the next three things to do in priority order, each one click from its fix, with
links only to pages the member's role may open; "ready" only when the strict checks support it."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.audits.models import Audit, AuditStatus
from forty2.certification import schedule
from forty2.certification import services as certification
from forty2.controls import readiness
from forty2.planning import path as path_of
from forty2.planning import plan as plans
from forty2.tenancy.models import Role
from forty2.tenancy.work import WorkItem

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _stage1(done_keys=None):
    """A stage 1 list with every item done except those not in ``done_keys`` (None: all done)."""
    from forty2.controls.stage1 import ITEMS

    out = []
    for key, title, refs, _skip in ITEMS:
        done = done_keys is None or key in done_keys
        out.append({"key": key, "title": title, "clauses": list(refs), "state": "done" if done else "missing",
                    "detail": "" if done else f"Missing: the {title.lower()}.",
                    "fix_url": "" if done else "/o/acme/controls/"})
    return out


@pytest.fixture
def fake_readiness(monkeypatch):
    """fake_readiness(stage1, blockers=(), score=100): readiness as the strict checks would compute it."""

    def make(stage1, blockers=(), score=100):
        monkeypatch.setattr(readiness, "compute", lambda org: {
            "score": score, "groups": [], "blockers": list(blockers), "stage1": stage1})

    return make


def test_an_empty_organisation_leads_with_stage_1_blockers_in_order(member, acme):
    owner = member(Role.OWNER)
    p = path_of.path(owner, work_items=[])
    assert not p["certified"] and not p["ready"] and p["done_message"] == ""
    assert p["readiness"] <= 5 and p["blockers"] >= 10 and p["stage1_total"] == 12
    assert p["phase"]["key"] == "gap_assessment"
    assert p["next_date"] == {"kind": "expected_certification", "label": "Expected certification",
                              "date": plans.view(acme)["expected_certification"]}
    assert "certification expected" in p["headline"] and "no plan saved" in p["headline"]
    assert len(p["items"]) == 3 and p["more"] > 0
    first = p["items"][0]
    assert (first["kind"], first["title"], first["ref"], first["action"]) == ("stage1", "AIMS scope", "4.3", "Fix")
    assert first["detail"].startswith("Missing: ") and "scope" in first["detail"]
    assert first["url"].startswith("/o/acme/") and "scope" in first["why"]
    # the stage 1 order: the items follow forty2/controls/stage1.py ITEMS, whatever is done
    order = [key for key, *_rest in __import__("forty2.controls.stage1", fromlist=["ITEMS"]).ITEMS]
    titles = {title: key for key, title, *_r in __import__("forty2.controls.stage1", fromlist=["ITEMS"]).ITEMS}
    keys = [titles[i["title"]] for i in p["items"]]
    assert keys == sorted(keys, key=order.index)


def test_read_only_roles_see_the_items_with_view_links_only(member):
    owner = member(Role.OWNER)
    expected = [i["title"] for i in path_of.path(owner, work_items=[])["items"]]
    for role, word in ((Role.VIEWER, "View"), (Role.INTERNAL_AUDITOR, "View"), (Role.EXTERNAL_AUDITOR, "View"),
                       (Role.CONTRIBUTOR, "Open"), (Role.AIMS_MANAGER, "Fix")):
        p = path_of.path(member(role), work_items=[])
        assert [i["title"] for i in p["items"]] == expected
        assert {i["action"] for i in p["items"]} == {word}, role


def test_a_fix_page_the_role_may_not_open_falls_back_to_a_view_link_or_none(member):
    viewer, manager = member(Role.VIEWER), member(Role.AIMS_MANAGER)
    create = "/o/acme/people/assignments/new"
    assert path_of.link(manager, create) == (create, "Fix")
    assert path_of.link(viewer, create) == ("/o/acme/people/assignments/", "View")  # the list, not the form
    assert path_of.link(viewer, "/o/acme/audit-log/") == (None, "")  # viewers may not read the audit log
    assert path_of.link(viewer, "/no/such/page/") == (None, "")
    assert path_of.link(viewer, "") == (None, "")


def test_ready_for_stage_1_only_when_every_check_passes(member, fake_readiness):
    owner = member(Role.OWNER)
    fake_readiness(_stage1())
    p = path_of.path(owner, work_items=[])
    assert p["ready"] and p["items"] == [] and p["blockers"] == 0
    assert p["done_message"].startswith("Ready for stage 1") and p["done_url"] == "/o/acme/certification/"

    # every stage 1 item done but a readiness blocker left (expired evidence): never "ready"
    blocker = {"code": "expired_evidence", "message": "Evidence ‘Pen test’ expired on 2026-01-01.",
               "ref": "evidence:4", "fix_url": "/o/acme/evidence/4/"}
    fake_readiness(_stage1(), [blocker])
    p = path_of.path(owner, work_items=[])
    assert not p["ready"] and p["done_message"] == ""
    assert [(i["kind"], i["url"], i["ref"]) for i in p["items"]] == [("blocker", "/o/acme/evidence/4/", "7.5.3")]


def test_priority_stage_1_then_other_blockers_then_certification_then_my_work(member, fake_readiness, monkeypatch):
    owner = member(Role.OWNER)
    org = owner.organization
    done = {k for k, *_r in __import__("forty2.controls.stage1", fromlist=["ITEMS"]).ITEMS} - {"objectives"}
    covered = {"code": "missing_record", "message": "6.2 AI objectives — Missing: objectives.", "ref": "6.2",
               "fix_url": "/o/acme/objectives/"}  # already named by the open stage 1 item: not listed twice
    other = {"code": "missing_record", "message": "7.3 Awareness — Missing: AI literacy.", "ref": "7.3",
             "fix_url": "/o/acme/training/awareness/"}
    fake_readiness(_stage1(done), [covered, other], score=80)
    due = schedule.Due("surveillance-1", "surveillance", "First surveillance audit", TODAY() - dt.timedelta(days=3))
    monkeypatch.setattr("forty2.certification.reminders.due_items", lambda o, today=None: [(due, 7)])
    late = WorkItem(org, "review", "Review the AI policy", "/o/acme/documents/", due=TODAY() - dt.timedelta(days=9))
    later = WorkItem(org, "review", "Not due yet", "/o/acme/documents/", due=TODAY() + dt.timedelta(days=9))
    p = path_of.path(owner, work_items=[late, later])
    assert [i["kind"] for i in p["items"]] == ["stage1", "blocker", "certification"]
    assert p["items"][0]["title"] == "AI objectives" and p["items"][0]["ref"] == "6.2"
    assert (p["items"][1]["title"], p["items"][1]["ref"]) == ("7.3 Awareness", "7.3")
    cert = p["items"][2]
    assert cert["title"] == "Hold the first surveillance audit with the certification body"
    assert "3 days overdue" in cert["detail"] and cert["url"] == "/o/acme/certification/"
    assert p["more"] == 1  # the overdue My work item waits behind them; the one not due is not listed

    fake_readiness(_stage1(), [], score=100)
    monkeypatch.setattr("forty2.certification.reminders.due_items", lambda o, today=None: [])
    p = path_of.path(owner, work_items=[late, later])
    assert [(i["kind"], i["title"], i["action"]) for i in p["items"]] == [("work", "Review the AI policy", "Open")]
    assert p["ready"] and p["done_message"].startswith("Ready for stage 1")  # ready, and the work still shown


def _audit(org, kind, days_ago):
    day = TODAY() - dt.timedelta(days=days_ago)
    return Audit.objects.create(organization=org, kind=kind, title=f"{kind} audit", planned_start=day,
                                planned_end=day, status=AuditStatus.COMPLETED,
                                completed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))))


def test_a_certified_organisation_shows_its_next_surveillance_audit(member, acme):
    manager = member(Role.AIMS_MANAGER)
    _audit(acme, "stage1", 400)
    _audit(acme, "stage2", 380)
    decision = TODAY() - dt.timedelta(days=340)
    certification.record_event(manager, "decision", date=decision, certificate_number="AIMS-0042")
    p = path_of.path(manager, work_items=[])
    due = schedule.first_surveillance_due(decision)
    assert p["certified"] and p["phase"]["key"] == "certified"
    assert p["next_date"] == {"kind": "surveillance", "label": "First surveillance audit", "date": due}
    assert p["headline"] == f"Certified — first surveillance audit due {due:%d %b %Y}"
    # the empty organisation's blockers still come first; the surveillance audit (due within 30 days) is listed
    assert not p["ready"]
    assert p["items"][0]["kind"] == "stage1"


def test_the_overview_page_leads_with_the_panel_for_every_role(member):
    for role in (Role.OWNER, Role.VIEWER, Role.EXTERNAL_AUDITOR):
        m = member(role)
        client = Client()
        client.force_login(m.user)
        page = client.get("/o/acme/")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'id="path"' in html and "Path to certification" in html
        main = html.index('id="path"')
        assert main < html.index('id="ready-h"')  # before the readiness panel, first of the main region
        assert html.count("data-next-link") == 3
        if role == Role.VIEWER:
            assert ">View<" in html and ">Fix<" not in html


def test_the_api_gives_the_same_path_as_the_page(api_as):
    owner = api_as(Role.OWNER)
    answer = owner.get("/orgs/acme/path")
    assert answer.status_code == 200, answer.json_body
    body = answer.json_body
    expected = path_of.path(owner.membership)
    assert body["headline"] == expected["headline"] and body["readiness"] == expected["readiness"]
    assert [i["title"] for i in body["items"]] == [i["title"] for i in expected["items"]]
    assert body["items"][0]["action"] == "Fix" and body["next_date"]["kind"] == "expected_certification"
    viewer = api_as(Role.VIEWER, email="viewer2@acme.example")
    assert {i["action"] for i in viewer.get("/orgs/acme/path").json_body["items"]} == {"View"}


def test_the_api_keeps_organisations_apart(api_as, globex):
    owner = api_as(Role.OWNER)
    assert owner.get("/orgs/globex/path").status_code == 404
    assert owner.get("/orgs/nope/path").status_code == 404
