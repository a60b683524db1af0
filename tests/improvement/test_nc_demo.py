"""The demo's nonconformities (ISO/IEC 42001 10.2): a major one and a minor one closed after an independent
verification in the past, a minor one with actions under way, an opportunity and an observation; no open major
nonconformity is left to block readiness (a certified organisation, issue #19)."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2 import demo
from forty2.controls import readiness
from forty2.improvement import checks
from forty2.improvement.models import CorrectiveAction, Finding, Nonconformity
from forty2.tenancy.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_has_nonconformities_in_different_states(db):
    demo.build(password="demo-pass-123")
    org = Organization.objects.get(slug="acme-health")
    findings = Finding.objects.for_org(org).exclude(audit__kind="stage2")  # the certification demo's own
    assert sorted(findings.values_list("kind", flat=True)) == ["major_nc", "minor_nc", "minor_nc", "observation",
                                                               "ofi"]
    major = Nonconformity.objects.for_org(org).get(severity="major_nc")
    assert major.state == "closed" and major.correction and major.root_cause["whys"] and major.verified_at
    assert major.finding.requirement_ref == "6.1.4" and "radiology" in major.finding.title
    major_action = CorrectiveAction.objects.get(nonconformity=major)
    assert not checks.closure_problems(major, [major_action], major.finding.raised_by_id)
    closed = Nonconformity.objects.for_org(org).get(state="closed", finding__requirement_ref="7.5.3")
    assert closed.finding.requirement_ref == "7.5.3" and closed.finding.status == "closed"
    action = CorrectiveAction.objects.get(nonconformity=closed)
    assert closed.verified_by_id not in (action.owner_id, closed.finding.raised_by_id)
    assert action.done_at.date() + dt.timedelta(days=closed.verify_interval_days) <= closed.verified_at.date()
    assert closed.verified_at.date() < timezone.localdate()
    assert not checks.closure_problems(closed, [action], closed.finding.raised_by_id)
    assert Nonconformity.objects.for_org(org).get(finding__requirement_ref="A.6.2.6").state == "actions"
    blockers = [b for b in readiness.compute(org)["blockers"] if b["code"] == "open_major_nc"]
    assert blockers == []
    total = Finding.objects.for_org(org).count()
    demo.build(password="demo-pass-123")  # a second run adds nothing
    assert Finding.objects.for_org(org).count() == total
