"""Management review through the API: plan → attendees → held (pack frozen) → outputs → approve (ISO/IEC 42001
9.3); refusals (422, 409, 403)."""

import datetime as dt

from forty2.improvement.models import Improvement, ImprovementSource
from forty2.review.models import ManagementReview
from forty2.tenancy.models import Role


def _api_person(api, acme, person, name):
    return person(name).pk


def test_plan_attend_hold_outputs_approve(api_as, acme, person, today):
    api = api_as(Role.AIMS_MANAGER, email="manager@acme.example")
    boss = api_as(Role.OWNER, email="ceo@acme.example")
    r = api.post("/orgs/acme/management-reviews", {"title": "Review 2026", "planned_on": today.isoformat(),
                                                   "agenda": "The 9.3.2 inputs"})
    assert r.status_code == 201, r.json_body
    review = r.json_body
    assert review["status"] == "planned" and review["outputs_approval"] == "none"
    pk = review["id"]

    # holding without top management is refused, naming what is missing
    r = api.patch(f"/orgs/acme/management-reviews/{pk}", {"held_on": today.isoformat(), "version": review["version"]})
    assert r.status_code == 200, r.json_body
    version = r.json_body["version"]
    r = api.post(f"/orgs/acme/management-reviews/{pk}/hold", {"version": version})
    assert r.status_code == 422
    assert [e["loc"][-1] for e in r.json_body["detail"]] == ["attendees"]

    r = api.post("/orgs/acme/review-attendees", {"review": pk, "person": person("Alex Morgan").pk,
                                                 "role": "CEO", "top_management": True, "attended": False})
    assert r.status_code == 201, r.json_body
    attendee = r.json_body
    r = api.post(f"/orgs/acme/management-reviews/{pk}/hold", {"version": version})
    assert r.status_code == 422  # invited but not attended
    r = api.patch(f"/orgs/acme/review-attendees/{attendee['id']}", {"attended": True,
                                                                    "version": attendee["version"]})
    assert r.status_code == 200, r.json_body
    # the same person twice: 422 on person
    r = api.post("/orgs/acme/review-attendees", {"review": pk, "person": attendee["person"]})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "person"

    # an action before holding is refused
    r = api.post("/orgs/acme/review-actions", {"review": pk, "description": "Too early"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "review"

    r = api.post(f"/orgs/acme/management-reviews/{pk}/hold", {"version": version - 1})
    assert r.status_code == 409
    r = api.post(f"/orgs/acme/management-reviews/{pk}/hold", {"version": version})
    assert r.status_code == 200, r.json_body
    held = r.json_body
    assert held["status"] == "held" and len(held["pack_hash"]) == 64 and held["pack_frozen_at"]
    r = api.post(f"/orgs/acme/management-reviews/{pk}/hold", {"version": held["version"]})
    assert r.status_code == 409  # already held

    # outputs: minutes, decisions, actions (one improvement decision enters the improvement log)
    r = api.patch(f"/orgs/acme/management-reviews/{pk}", {
        "minutes": "Reviewed every input.", "improvement_decisions": "Extend the discrepancy audit.",
        "change_decisions": "None.", "version": held["version"]})
    assert r.status_code == 200, r.json_body
    due = (today + dt.timedelta(days=60)).isoformat()
    r = api.post("/orgs/acme/review-actions", {"review": pk, "kind": "improvement", "owner": "manager@acme.example",
                                               "due_on": due, "description": "Extend the discrepancy audit"})
    assert r.status_code == 201, r.json_body
    action = r.json_body
    entry = Improvement.objects.get(pk=action["improvement"])
    assert entry.source == ImprovementSource.REVIEW_DECISION and entry.source_note == "Review 2026"
    r = api.post("/orgs/acme/review-actions", {"review": pk, "kind": "resource", "description": "Budget"})
    assert r.status_code == 201
    loose = r.json_body

    # approval: refused while an action has no owner (422), and to the author (403, four eyes)
    version = ManagementReview.objects.get(pk=pk).version
    r = boss.post(f"/orgs/acme/management-reviews/{pk}/approve", {"version": version})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "actions"
    r = api.patch(f"/orgs/acme/review-actions/{loose['id']}", {"owner": "ceo@acme.example", "due_on": due,
                                                               "version": loose["version"]})
    assert r.status_code == 200
    r = api.post(f"/orgs/acme/management-reviews/{pk}/approve", {"version": version})
    assert r.status_code == 403
    r = boss.post(f"/orgs/acme/management-reviews/{pk}/approve", {"version": version, "note": "Agreed"})
    assert r.status_code == 200, r.json_body
    assert r.json_body["outputs_approval"] == "approved"
    assert r.json_body["outputs_approved_by"] == "ceo@acme.example"
    r = api.get(f"/orgs/acme/management-reviews/{pk}")
    assert r.json_body["outputs_approval"] == "approved"

    # a later change of the minutes makes the approval stale
    r = api.patch(f"/orgs/acme/management-reviews/{pk}", {"minutes": "Changed.", "version": r.json_body["version"]})
    assert r.status_code == 200
    assert api.get(f"/orgs/acme/management-reviews/{pk}").json_body["outputs_approval"] == "stale"
    # marking an action done does not
    r = boss.post(f"/orgs/acme/management-reviews/{pk}/approve",
                  {"version": ManagementReview.objects.get(pk=pk).version})
    assert r.status_code == 200
    a = api.get(f"/orgs/acme/review-actions/{action['id']}").json_body
    r = api.patch(f"/orgs/acme/review-actions/{action['id']}", {"status": "done", "version": a["version"]})
    assert r.status_code == 200 and r.json_body["done_on"] == today.isoformat()
    assert api.get(f"/orgs/acme/management-reviews/{pk}").json_body["outputs_approval"] == "approved"


def test_cancel_needs_a_note_and_freezes_the_review(api_as, today):
    api = api_as(Role.AIMS_MANAGER)
    r = api.post("/orgs/acme/management-reviews", {"title": "Q3", "planned_on": today.isoformat()})
    pk, version = r.json_body["id"], r.json_body["version"]
    assert api.post(f"/orgs/acme/management-reviews/{pk}/cancel", {"version": version}).status_code == 422
    r = api.post(f"/orgs/acme/management-reviews/{pk}/cancel", {"version": version, "note": "Moved to Q4"})
    assert r.status_code == 200 and r.json_body["status"] == "cancelled"
    r = api.patch(f"/orgs/acme/management-reviews/{pk}", {"title": "Renamed", "version": r.json_body["version"]})
    assert r.status_code == 409


def test_bad_input_is_422_naming_the_field(api_as, today):
    api = api_as(Role.AIMS_MANAGER)
    r = api.post("/orgs/acme/management-reviews", {"title": "", "planned_on": "not a date"})
    assert r.status_code == 422
    assert {e["loc"][-1] for e in r.json_body["detail"]} >= {"title", "planned_on"}
    r = api.post("/orgs/acme/management-reviews", {"title": "X", "planned_on": today.isoformat(),
                                                   "held_on": (today + dt.timedelta(days=3)).isoformat()})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "held_on"
    r = api.post("/orgs/acme/management-reviews", {"title": "X", "planned_on": today.isoformat(), "pack_hash": "0"})
    assert r.status_code == 422
    r = api.post("/orgs/acme/review-actions", {"review": 999999, "description": "x"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "review"


def test_other_organisation_cannot_see_or_touch(api_as, globex, held):
    review = held()
    other = api_as(Role.OWNER, org=globex)
    assert other.get(f"/orgs/acme/management-reviews/{review.pk}").status_code == 404
    assert other.get(f"/orgs/globex/management-reviews/{review.pk}").status_code == 404
    assert other.get(f"/orgs/globex/management-reviews/{review.pk}/pack").status_code == 404
    r = other.post(f"/orgs/globex/management-reviews/{review.pk}/approve", {"version": review.version})
    assert r.status_code == 404


def test_viewer_cannot_hold(api_as, planned):
    review = planned()
    viewer = api_as(Role.VIEWER)
    r = viewer.post(f"/orgs/acme/management-reviews/{review.pk}/hold", {"version": review.version})
    assert r.status_code == 403
