"""The demo's management reviews: Acme's held review with its frozen pack showing the demo's real figures, top
management attending, three actions (one in the improvement log), outputs approved by someone other than the
author; the next review planned; Globex one planned review. The clause checks 9.3.1-9.3.3 pass on it."""

import pytest

from forty2 import demo
from forty2.controls.checks import CHECKS
from forty2.improvement.models import Improvement
from forty2.incidents.models import Concern
from forty2.records.approvals import content_hash
from forty2.review import checks, pack, services
from forty2.review.models import ManagementReview, ReviewAction
from forty2.risk.models import Risk
from forty2.tenancy.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_orgs(db):
    from forty2.demo import acme, globex

    demo.build(password="demo-pass-123")
    return Organization.objects.get(slug=acme.SLUG), Organization.objects.get(slug=globex.SLUG)


def test_acme_review_held_with_frozen_pack_of_real_figures(demo_orgs, client):
    acme, globex = demo_orgs
    held = ManagementReview.objects.for_org(acme).get(status="held")
    assert held.pack_hash == content_hash(held.pack) and pack.missing_inputs(held.pack) == []
    assert held.pack["risks"]["total"] == Risk.objects.for_org(acme).count() > 0
    assert held.pack["feedback"]["concerns"]["received"] == Concern.objects.for_org(acme).count() == 3
    assert held.pack["organization"] == acme.name
    # the improvement demos ran first: the pack shows their nonconformities and improvement log
    from forty2.improvement.models import Nonconformity

    # (the certification demo, which runs after the review, adds a stage 2 finding the frozen pack cannot show)
    ncs = Nonconformity.objects.for_org(acme).exclude(finding__audit__kind="stage2").count()
    assert ncs > 0 and held.pack["performance"]["nonconformities"]["total"] == ncs
    assert services.top_management_attended(held)
    actions = ReviewAction.objects.for_org(acme).filter(review=held)
    assert actions.count() == 3
    improvement = actions.get(kind="improvement")
    assert Improvement.objects.get(pk=improvement.improvement_id).source == "review_decision"
    state = services.outputs_state(held)
    assert state.approved and state.approval.approved_by.email != held.created_by.email
    nxt = ManagementReview.objects.for_org(acme).get(status="planned")
    assert nxt.previous_id == held.pk
    assert ManagementReview.objects.for_org(globex).get().status == "planned"
    assert checks.problems(acme) == {"9.3.1": [], "9.3.2": [], "9.3.3": []}
    assert all(c.test(acme, {}) for ref in ("9.3.1", "9.3.2", "9.3.3") for c in CHECKS[ref]
               if c.code.startswith("management_review"))
    assert not checks.review_held(globex, {})

    # the pages
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="aims.manager@acme.example"))
    r = client.get(f"/o/{acme.slug}/management-reviews/{held.pk}/")
    assert r.status_code == 200, r.content[:500]
    body = r.content.decode()
    assert "Input pack (frozen)" in body and held.pack_hash in body and "Approved" in body
    r = client.get(f"/o/{acme.slug}/management-reviews/{nxt.pk}/")
    assert "Input pack (live preview)" in r.content.decode()
    assert client.get(f"/o/{acme.slug}/management-reviews/").status_code == 200
