"""The project plan through the API and the page: an estimate before it is saved, created from it, planned dates a
person moves kept by a re-estimate (unless asked), 409 on a stale version, 422 naming the field, actual dates from
the records, a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forty2.audits.models import Audit, AuditKind, AuditStatus
from forty2.core.models import AuditEvent
from forty2.planning import plan as plans
from forty2.review.models import ManagementReview, ReviewStatus
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
URL = "/orgs/acme/plan"


def _create(api, **body):
    answer = api.put(URL, {"version": 0, **body})
    assert answer.status_code == 200, answer.json_body
    return answer.json_body


def test_get_before_a_plan_shows_the_estimate_unsaved(owner_api):
    answer = owner_api.get(URL)
    assert answer.status_code == 200, answer.json_body
    data = answer.json_body
    assert data["saved"] is False and data["version"] == 0
    assert [p["key"] for p in data["phases"]] == plans.PHASE_KEYS
    assert all(p["reasons"] and p["estimated_weeks"] >= 1 for p in data["phases"])
    assert data["total_weeks"] == sum(p["estimated_weeks"] for p in data["phases"])
    assert data["expected_certification"] > data["planned_end"]


def test_create_then_move_a_phase_and_re_estimate_keeps_it(owner_api):
    data = _create(owner_api, start_on="2027-01-04", declared_certificates=["iso27001"])
    assert data["saved"] and data["version"] == 1 and data["declared_certificates"] == ["iso27001"]
    assert data["phases"][0]["planned_start"] == "2027-01-04"
    assert any("27001" in r for r in data["phases"][1]["reasons"])
    # phases follow each other
    for a, b in zip(data["phases"], data["phases"][1:], strict=False):
        assert a["planned_end"] == b["planned_start"]
    answer = owner_api.put(URL, {"version": 1, "phases": [
        {"key": "documentation", "planned_start": "2027-02-01", "planned_end": "2027-04-30"}]})
    assert answer.status_code == 200, answer.json_body
    moved = {p["key"]: p for p in answer.json_body["phases"]}
    assert moved["documentation"]["manual"] is True
    assert moved["implementation"]["planned_start"] == "2027-04-30"  # the next phase follows
    version = answer.json_body["version"]
    again = owner_api.post(f"{URL}/re-estimate", {"version": version})
    assert again.status_code == 200
    kept = {p["key"]: p for p in again.json_body["phases"]}
    assert (kept["documentation"]["planned_start"], kept["documentation"]["manual"]) == ("2027-02-01", True)
    replaced = owner_api.post(f"{URL}/re-estimate", {"version": again.json_body["version"], "keep_manual": False})
    docs = {p["key"]: p for p in replaced.json_body["phases"]}["documentation"]
    assert docs["manual"] is False and docs["planned_start"] != "2027-02-01"
    assert AuditEvent.objects.filter(action="project_plan.re_estimate").count() == 2


def test_reset_gives_a_phase_back_to_the_estimate(owner_api):
    _create(owner_api, start_on="2027-01-04")
    moved = owner_api.put(URL, {"version": 1, "phases": [
        {"key": "stage1", "planned_start": "2027-09-01", "planned_end": "2027-09-10"}]}).json_body
    back = owner_api.put(URL, {"version": moved["version"], "phases": [{"key": "stage1", "reset": True}]}).json_body
    stage1 = {p["key"]: p for p in back["phases"]}["stage1"]
    assert stage1["manual"] is False and stage1["planned_start"] != "2027-09-01"


def test_a_stale_version_is_a_409_and_saves_nothing(owner_api):
    _create(owner_api)
    owner_api.put(URL, {"version": 1, "start_on": "2027-03-01"})
    answer = owner_api.put(URL, {"version": 1, "start_on": "2027-05-01"})
    assert answer.status_code == 409
    assert owner_api.get(URL).json_body["start_on"] == "2027-03-01"
    assert owner_api.post(f"{URL}/re-estimate", {"version": 1}).status_code == 409
    assert owner_api.put(URL, {"version": 0}).status_code == 409  # one plan per organisation


def test_bad_input_is_a_422_naming_the_field(owner_api):
    _create(owner_api)
    bad = owner_api.put(URL, {"version": 1, "phases": [
        {"key": "stage2", "planned_start": "2027-05-01", "planned_end": "2027-04-01"}]})
    assert bad.status_code == 422
    assert bad.json_body["detail"][0]["loc"] == ["body", "phases", 0, "planned_end"]
    far = owner_api.put(URL, {"version": 1, "start_on": "2500-01-01"})
    assert far.status_code == 422 and far.json_body["detail"][0]["loc"][-1] == "start_on"
    unknown = owner_api.put(URL, {"version": 1, "phases": [{"key": "stage3"}]})
    assert unknown.status_code == 422
    cert = owner_api.put(URL, {"version": 1, "declared_certificates": ["iso14001"]})
    assert cert.status_code == 422
    extra = owner_api.put(URL, {"version": 1, "colour": "red"})
    assert extra.status_code == 422
    missing = owner_api.put(URL, {"version": 1, "phases": [{"key": "stage2", "planned_start": "2027-05-01"}]})
    assert missing.status_code == 422 and missing.json_body["detail"][0]["loc"][-1] == "planned_end"


def test_only_owners_and_aims_managers_change_the_plan(api_as, owner_api):
    _create(owner_api)
    for role in (Role.CONTRIBUTOR, Role.VIEWER, Role.INTERNAL_AUDITOR):
        api = api_as(role)
        assert api.get(URL).status_code == 200
        assert api.put(URL, {"version": 1, "start_on": "2027-01-01"}).status_code == 403
        assert api.post(f"{URL}/re-estimate", {"version": 1}).status_code == 403


def test_another_organisation_cannot_read_or_change_the_plan(owner_api, api_as, globex):
    _create(owner_api)
    foreign = api_as(Role.OWNER, org=globex, email="owner@globex.example")
    assert foreign.get(URL).status_code == 404
    assert foreign.put(URL, {"version": 1, "start_on": "2027-01-01"}).status_code == 404


def test_actual_dates_come_from_the_records(owner_api, acme):
    _create(owner_api)
    now = timezone.now()
    Audit.objects.create(organization=acme, kind=AuditKind.INTERNAL, title="Internal audit 1",
                         status=AuditStatus.COMPLETED, planned_start=dt.date(2026, 9, 1),
                         opening_meeting_at=now - dt.timedelta(days=60), completed_at=now - dt.timedelta(days=50))
    ManagementReview.objects.create(organization=acme, title="Review", planned_on=dt.date(2026, 10, 1),
                                    held_on=timezone.localdate() - dt.timedelta(days=40), status=ReviewStatus.HELD)
    Audit.objects.create(organization=acme, kind=AuditKind.STAGE1, title="Stage 1", status=AuditStatus.IN_PROGRESS,
                         planned_start=timezone.localdate() - dt.timedelta(days=2))
    phases = {p["key"]: p for p in owner_api.get(URL).json_body["phases"]}
    internal = phases["internal_audit_review"]
    assert internal["actual_start"] == (timezone.localdate() - dt.timedelta(days=60)).isoformat()
    assert internal["actual_end"] == (timezone.localdate() - dt.timedelta(days=40)).isoformat()
    assert internal["state"] == "done"
    assert phases["stage1"]["actual_start"] and phases["stage1"]["actual_end"] is None
    assert phases["stage1"]["state"] == "under way"
    assert phases["stage2"]["actual_start"] is None


def _count(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_reading_the_plan_takes_a_fixed_number_of_queries(owner_api, system, acme):
    _create(owner_api)
    few = _count(lambda: owner_api.get(URL))
    assert few <= 30
    for i in range(15):
        system(f"System {i}", tier="high_risk")
        Audit.objects.create(organization=acme, kind=AuditKind.INTERNAL, title=f"Audit {i}",
                             status=AuditStatus.COMPLETED, completed_at=timezone.now())
    owner_api.post(f"{URL}/re-estimate", {"version": 1})
    assert _count(lambda: owner_api.get(URL)) == few


# --- the page -------------------------------------------------------------------------------------------------

@pytest.fixture
def browser(manager):
    client = Client()
    client.force_login(manager.user)
    return client


def test_the_page_shows_the_estimate_creates_the_plan_and_saves_a_moved_phase(browser, manager):
    page = browser.get("/o/acme/plan/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<script>" not in html and "Create the plan from this estimate" in html
    assert "Starting point for a small organisation" in html
    answer = browser.post("/o/acme/plan/create", {"start_on": "2027-01-04", "declared_certificates": ["iso9001"]})
    assert answer.status_code == 302
    plan = plans.get(manager.organization)
    assert plan.declared_certificates == ["iso9001"]
    form = {"version": plan.version, "start_on": "2027-01-04", "declared_certificates": ["iso9001"]}
    for p in plan.phases.all():
        form[f"planned_start-{p.key}"] = p.planned_start.isoformat()
        form[f"planned_end-{p.key}"] = p.planned_end.isoformat()
    form["planned_end-stage2"] = "2027-12-20"
    assert browser.post("/o/acme/plan/edit", form).status_code == 302
    phases = {p.key: p for p in plans.get(manager.organization).phases.all()}
    assert phases["stage2"].manual and phases["stage2"].planned_end == dt.date(2027, 12, 20)
    assert not phases["stage1"].manual  # unchanged phases stay the estimate's
    stale = browser.post("/o/acme/plan/edit", form)  # the version read before the save
    assert stale.status_code == 409 and "Someone else changed the plan" in stale.content.decode()
    assert browser.post("/o/acme/plan/re-estimate", {"version": plan.version + 1}).status_code == 302
    assert plans.get(manager.organization).phases.get(key="stage2").manual


def test_a_viewer_sees_the_plan_but_no_forms(member, manager, browser):
    browser.post("/o/acme/plan/create", {"start_on": "2027-01-04"})
    viewer = Client()
    viewer.force_login(member(Role.VIEWER).user)
    page = viewer.get("/o/acme/plan/")
    assert page.status_code == 200 and "Save the plan" not in page.content.decode()
    assert viewer.post("/o/acme/plan/edit", {"version": 1}).status_code == 403
