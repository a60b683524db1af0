"""The 9.3.2 input pack: assembled from live data, frozen byte for byte when the review is held (hash compare), in a
constant number of queries whatever the size of the organisation."""

import datetime as dt
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forty2.context.models import ContextIssue
from forty2.improvement.models import Finding, FindingKind
from forty2.records.approvals import content_hash
from forty2.review import pack, services
from forty2.review.models import ManagementReview
from forty2.risk.models import Risk
from forty2.tenancy.models import Role

from .bulk import populate


def test_pack_has_every_input_and_live_figures(manager, planned):
    populate(manager.organization, manager.user, systems=3, risks=8, findings=20)
    review = planned()
    live = pack.build(review)
    assert pack.missing_inputs(live) == []
    assert live["risks"]["total"] == 8 and live["risks"]["ai_systems_in_scope"] == 3
    nc = live["performance"]["nonconformities"]
    assert nc["total"] == 10 and len(nc["trend"]) == 4
    assert live["improvement"]["open_opportunities"] == Finding.objects.filter(kind=FindingKind.OFI,
                                                                               status="open").count()
    assert live["performance"]["audits"]["completed"] == 1
    assert live["previous_actions"]["total"] == 2
    assert live["context_changes"]["issues"]["added"] == 2
    # plain JSON: a round trip changes nothing
    assert json.loads(pack.canonical(live)) == live


def test_frozen_pack_stays_byte_identical_after_later_edits(api_as, held, manager):
    populate(manager.organization, manager.user, systems=3, risks=8, findings=20)
    review = held()
    api = api_as(Role.AIMS_MANAGER)
    first = api.get(f"/orgs/acme/management-reviews/{review.pk}/pack")
    assert first.status_code == 200 and first.json_body["frozen"] is True
    stored = ManagementReview.objects.get(pk=review.pk)
    assert content_hash(stored.pack) == stored.pack_hash == first.json_body["pack_hash"]
    assert first["X-Pack-Hash"] == stored.pack_hash

    # the underlying records change after the meeting
    Risk.objects.filter(organization=manager.organization).update(status="closed")
    ContextIssue.objects.create(organization=manager.organization, name="A new issue", origin="external")
    services.update_review(manager, stored, {"title": "Renamed later"}, version=stored.version)

    again = api.get(f"/orgs/acme/management-reviews/{review.pk}/pack")
    assert again.content == first.content
    stored = ManagementReview.objects.get(pk=review.pk)
    assert content_hash(stored.pack) == stored.pack_hash
    assert pack.hash_of(pack.build(stored)) != stored.pack_hash  # the live data did change


def test_planned_review_shows_the_live_preview(api_as, planned):
    review = planned()
    api = api_as(Role.AIMS_MANAGER)
    r = api.get(f"/orgs/acme/management-reviews/{review.pk}/pack")
    assert r.json_body["frozen"] is False and r.json_body["frozen_at"] is None
    assert set(pack.INPUTS) <= set(r.json_body["pack"])


def _queries(review) -> int:
    review = ManagementReview.objects.select_related("organization", "previous").get(pk=review.pk)
    with CaptureQueriesContext(connection) as ctx:
        pack.build(review)
    return len(ctx.captured_queries)


def test_constant_number_of_queries(manager, planned, member, globex):
    populate(manager.organization, manager.user, systems=2, risks=4, findings=8)
    small = _queries(planned())
    other = member(Role.AIMS_MANAGER, org=globex, email="m@globex.example")
    populate(globex, other.user, systems=60, risks=200, findings=120)
    large = _queries(services.create_review(other, {"title": "Big", "planned_on": dt.date.today().isoformat()}))
    assert small == large, (small, large)
    assert large <= 35
