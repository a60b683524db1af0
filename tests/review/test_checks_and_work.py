"""Clause checks 9.3.1-9.3.3 fail and pass on content; My work lists review actions for their owner, a planned
review to prepare, and outputs waiting for approval for approvers (not their author)."""

import datetime as dt

from forty2.controls.checks import CHECKS
from forty2.records.approvals import content_hash
from forty2.review import checks, services
from forty2.review.models import ManagementReview, ReviewAction
from forty2.tenancy.models import Role


def _check(ref, code):
    return next(c for c in CHECKS[ref] if c.code == code)


def _approved_review(held, manager, approver, today):
    review = held()
    review = services.update_review(manager, review, {"minutes": "All inputs reviewed.",
                                                      "change_decisions": "None."}, version=review.version)
    services.create_action(manager, {"review": review.pk, "kind": "other", "description": "Publish the minutes",
                                     "owner": manager.user.email, "due_on": (today + dt.timedelta(days=20))
                                     .isoformat()})
    review = ManagementReview.objects.get(pk=review.pk)
    return services.approve_outputs(approver, review, version=review.version)


def test_checks_fail_without_a_review_and_pass_once_held_frozen_and_approved(acme, manager, approver, held,
                                                                            planned, today):
    assert "management_review" in [c.code for c in CHECKS["9.3.3"]]
    assert _check("9.3.3", "management_review").managed  # the built-in evidence check is replaced
    for ref, code in (("9.3.1", "management_review_held"), ("9.3.2", "management_review_inputs"),
                      ("9.3.3", "management_review")):
        assert not _check(ref, code).test(acme, {})
    planned()  # a planned review counts for nothing
    assert not checks.review_held(acme, {})
    assert "No management review was held" in checks.problems(acme)["9.3.1"][0]

    review = _approved_review(held, manager, approver, today)
    assert checks.problems(acme) == {"9.3.1": [], "9.3.2": [], "9.3.3": []}
    for ref, code in (("9.3.1", "management_review_held"), ("9.3.2", "management_review_inputs"),
                      ("9.3.3", "management_review")):
        assert _check(ref, code).test(acme, {})
        assert _check(ref, code).fix(acme).startswith("/o/acme/management-reviews/")

    # 9.3.3 fails again: the minutes changed since approval (stale), then an overdue action
    review = services.update_review(manager, review, {"minutes": "Rewritten."}, version=review.version)
    assert "changed since they were approved" in checks.problems(acme)["9.3.3"][0]
    review = services.approve_outputs(approver, review, version=review.version)
    assert checks.outputs_approved(acme, {})
    ReviewAction.objects.filter(review=review).update(due_on=today - dt.timedelta(days=1))
    assert "open past their due date" in checks.problems(acme)["9.3.3"][-1]

    # 9.3.2 fails when the stored pack was altered behind the service's back
    ManagementReview.objects.filter(pk=review.pk).update(pack={**review.pack, "risks": {"total": 0}})
    assert "no longer matches its SHA-256" in checks.problems(acme)["9.3.2"][0]
    assert content_hash(review.pack) == review.pack_hash


def test_931_needs_top_management_attending(acme, manager, planned, person, today):
    review = planned()
    services.create_attendee(manager, {"review": review.pk, "person": person().pk, "top_management": True,
                                       "attended": True})
    review = services.update_review(manager, review, {"held_on": today.isoformat()}, version=review.version)
    services.review_step(manager, review, "hold", version=review.version)
    assert checks.review_held(acme, {})
    from forty2.review.models import ReviewAttendee

    ReviewAttendee.objects.filter(review=review).update(attended=False)
    assert "Nobody of top management" in checks.problems(acme)["9.3.1"][0]


def test_my_work(acme, manager, approver, member, held, planned, today):
    review = held()
    review = services.update_review(manager, review, {"minutes": "Done.", "improvement_decisions": "None."},
                                    version=review.version)
    services.create_action(manager, {"review": review.pk, "description": "Overdue thing", "owner":
                                     manager.user.email, "due_on": (today + dt.timedelta(days=3)).isoformat()})
    planned("Next review", planned_on=(today + dt.timedelta(days=7)).isoformat())

    from forty2.records import approvals
    from forty2.review import work

    mine = [i.title for i in work.work(manager)]
    assert any("Overdue thing" in t for t in mine)
    assert any("Prepare the management review ‘Next review’" in t for t in mine)
    waiting = [i.title for i in approvals.work(approver)]
    assert any("Approve the outputs of the management review" in t for t in waiting)
    # the author (who edited the outputs) is not asked to approve them (four-eyes)
    assert not any("outputs of the management review" in i.title for i in approvals.work(manager))
    viewer = member(Role.VIEWER)
    assert work.work(viewer) == []
