"""Planned changes (ISO/IEC 42001 6.3): the records kit's API with refs to the cause checked as the organisation's
own, the workflow with the four-eyes approval before the start, check 6.3 failing and passing on content, My work,
and lists in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forty2.controls.checks import CHECKS
from forty2.improvement.models import Finding, FindingKind, Nonconformity
from forty2.planning import changes, checks, work
from forty2.planning.models import PlannedChange
from forty2.records.approvals import work as approvals_work
from forty2.review.models import ManagementReview, ReviewAction
from forty2.risk import methodology
from forty2.risk.models import Risk
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
URL = "/orgs/acme/changes"
PLAN = {"title": "Move triage to model v4", "purpose": "Fix the ranking fault.",
        "consequences": "Worklist order changes; radiologists retrained.", "resources": "Two days of IT.",
        "responsibilities": "IT deploys; clinical safety signs off."}


@pytest.fixture
def causes(acme, globex):
    review = ManagementReview.objects.create(organization=acme, title="Review 2026", planned_on=dt.date(2026, 6, 1))
    action = ReviewAction.objects.create(organization=acme, review=review, kind="change",
                                         description="Replace the triage model")
    finding = Finding.objects.create(organization=acme, kind=FindingKind.MINOR_NC, title="No retraining record")
    nc = Nonconformity.objects.create(organization=acme, finding=finding, severity=FindingKind.MINOR_NC)
    risk = Risk.objects.create(organization=acme, title="Ranking drift", methodology=methodology.current(acme))
    foreign = Risk.objects.create(organization=globex, title="Globex risk", methodology=methodology.current(globex))
    return {"action": action, "nc": nc, "risk": risk, "foreign": foreign}


def _step(api, pk, step, **extra):
    version = api.get(f"{URL}/{pk}").json_body["version"]
    return api.post(f"{URL}/{pk}/{step}", {"version": version, **extra})


def test_a_change_links_its_cause_of_the_same_organisation_only(owner_api, causes):
    answer = owner_api.post(URL, {**PLAN, "review_action": causes["action"].pk, "nonconformity": causes["nc"].pk,
                                  "risk": causes["risk"].pk})
    assert answer.status_code == 201, answer.json_body
    body = answer.json_body
    assert (body["status"], body["approval_state"]) == ("proposed", "none")
    assert (body["review_action"], body["nonconformity"], body["risk"]) == (
        causes["action"].pk, causes["nc"].pk, causes["risk"].pk)
    foreign = owner_api.post(URL, {**PLAN, "risk": causes["foreign"].pk})
    assert foreign.status_code == 422 and foreign.json_body["detail"][0]["loc"][-1] == "risk"
    missing = owner_api.post(URL, {"purpose": "No title"})
    assert missing.status_code == 422 and missing.json_body["detail"][0]["loc"][-1] == "title"


def test_the_workflow_needs_a_second_person_to_approve_before_the_start(api_as):
    author, other = api_as(Role.AIMS_MANAGER, email="author@acme.example"), api_as(Role.OWNER)
    pk = author.post(URL, PLAN).json_body["id"]
    assert _step(author, pk, "start").status_code == 409  # not approved
    assert _step(author, pk, "approve").status_code == 403  # four eyes
    approved = _step(other, pk, "approve")
    assert approved.status_code == 200, approved.json_body
    assert (approved.json_body["status"], approved.json_body["approval_state"]) == ("approved", "approved")
    # a change of its plan after the approval: approve again before it starts
    version = approved.json_body["version"]
    edited = author.patch(f"{URL}/{pk}", {"version": version, "consequences": "Also the night shift."})
    assert edited.status_code == 200 and edited.json_body["approval_state"] == "stale"
    assert _step(author, pk, "start").status_code == 409
    assert _step(author, pk, "approve").status_code == 403
    assert _step(other, pk, "approve").status_code == 200
    started = _step(author, pk, "start")
    assert started.json_body["status"] == "in_progress" and started.json_body["started_at"]
    done = _step(author, pk, "complete")
    assert done.json_body["status"] == "done" and done.json_body["done_at"]
    assert _step(author, pk, "start").status_code == 409  # not from done


def test_approval_needs_purpose_and_consequences_and_rejection_needs_a_note(api_as):
    author, other = api_as(Role.AIMS_MANAGER, email="author@acme.example"), api_as(Role.OWNER)
    pk = author.post(URL, {"title": "Bare change"}).json_body["id"]
    refused = _step(other, pk, "approve")
    assert refused.status_code == 422
    assert {e["loc"][-1] for e in refused.json_body["detail"]} == {"purpose", "consequences"}
    assert _step(other, pk, "reject").status_code == 422
    rejected = _step(other, pk, "reject", note="Not needed this year.")
    assert rejected.json_body["status"] == "rejected"
    assert _step(author, pk, "reopen", note="Needed after all.").json_body["status"] == "proposed"


def test_a_contributor_may_not_approve(api_as, owner_api):
    pk = owner_api.post(URL, PLAN).json_body["id"]
    contributor = api_as(Role.CONTRIBUTOR)
    assert _step(contributor, pk, "approve").status_code == 403


def test_another_organisation_sees_none_of_it(owner_api, api_as, globex):
    pk = owner_api.post(URL, PLAN).json_body["id"]
    foreign = api_as(Role.OWNER, org=globex, email="owner@globex.example")
    assert foreign.get(f"{URL}/{pk}").status_code == 404
    assert foreign.get(f"/orgs/globex/changes/{pk}").status_code == 404
    assert foreign.post(f"/orgs/globex/changes/{pk}/approve", {"version": 1}).status_code == 404


def test_check_6_3_fails_without_changes_and_on_unapproved_starts_and_passes_on_content(manager, approver):
    org = manager.organization
    assert {c.code for c in CHECKS["6.3"]} >= {"planned_changes"}
    assert not checks.changes_planned(org, {})
    assert "No planned change is recorded" in checks.change_problems(org)[0]
    change = changes.create_change(manager, PLAN)
    assert checks.changes_planned(org, {})  # proposed only: nothing started unapproved
    change = changes.change_step(approver, change, "approve", version=change.version)
    change = changes.change_step(manager, change, "start", version=change.version)
    assert checks.changes_planned(org, {})
    # a change started before its approval (recorded so by an import or by hand) fails
    sneaky = changes.create_change(manager, {"title": "Quick fix", "purpose": "x", "consequences": "y"})
    PlannedChange.objects.filter(pk=sneaky.pk).update(status="in_progress", started_at=timezone.now())
    assert any("Quick fix" in p for p in checks.change_problems(org))
    assert not checks.changes_planned(org, {})
    PlannedChange.objects.filter(pk=sneaky.pk).update(status="done", done_at=timezone.now() - dt.timedelta(days=400))
    assert checks.changes_planned(org, {})  # outside the last twelve months
    PlannedChange.objects.filter(pk=change.pk).update(consequences="")
    assert any("no potential consequences" in p for p in checks.change_problems(org))


def test_my_work_lists_approvals_waiting_and_overdue_changes(manager, approver):
    change = changes.create_change(manager, {**PLAN, "planned_on": (timezone.localdate() - dt.timedelta(days=3))
                                             .isoformat()})
    mine = [i.title for i in approvals_work(manager)]
    theirs = [i.title for i in approvals_work(approver)]
    assert not any("Move triage" in t for t in mine)  # the author does not approve their own change
    assert any("Approve the planned change ‘Move triage to model v4’" in t for t in theirs)
    overdue = work.work(manager)
    assert overdue and overdue[0].overdue and "past its planned date" in overdue[0].title
    change = changes.change_step(approver, change, "approve", version=change.version)
    assert not any("Move triage" in i.title for i in approvals_work(approver))
    change = changes.change_step(manager, change, "start", version=change.version)
    changes.change_step(manager, change, "complete", version=change.version)
    assert work.work(manager) == []


def test_the_list_takes_a_fixed_number_of_queries(owner_api, causes):
    owner_api.post(URL, {**PLAN, "risk": causes["risk"].pk, "nonconformity": causes["nc"].pk})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert owner_api.get(URL).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(10):
        owner_api.post(URL, {**PLAN, "title": f"Change {i}", "risk": causes["risk"].pk,
                             "nonconformity": causes["nc"].pk, "review_action": causes["action"].pk})
    assert count() == few


def test_the_pages_list_show_and_step_a_change(manager, approver):
    change = changes.create_change(manager, PLAN)
    author, other = Client(), Client()
    author.force_login(manager.user)
    other.force_login(approver.user)
    assert "Move triage to model v4" in author.get("/o/acme/plan/changes/").content.decode()
    page = author.get(f"/o/acme/plan/changes/{change.pk}/").content.decode()
    assert "four-eyes" in page and "<script>" not in page
    assert ">Approve<" in other.get(f"/o/acme/plan/changes/{change.pk}/").content.decode()
    answer = other.post(f"/o/acme/plan/changes/{change.pk}/step/approve", {"version": change.version})
    assert answer.status_code == 302
    change.refresh_from_db()
    assert change.status == "approved"
    assert "approved this planned change" in author.get(f"/o/acme/plan/changes/{change.pk}/").content.decode()
