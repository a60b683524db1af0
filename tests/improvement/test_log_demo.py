"""The demo's improvement log (10.1): Acme Health's entries in different states reached through the steps, the
10.1 check passing on them, Globex's two, and a second build adding nothing."""

import pytest

from forty2 import demo
from forty2.controls import clauses
from forty2.core.models import AuditEvent
from forty2.improvement.models import Improvement
from forty2.tenancy.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_log(db):
    demo.build(password="demo-pass-123")
    acme, globex = Organization.objects.get(slug="acme-health"), Organization.objects.get(slug="globex")
    entries = Improvement.objects.for_org(acme)
    assert entries.count() >= 4
    assert {"done", "in_progress", "rejected", "proposed"} <= set(entries.values_list("status", flat=True))
    done = entries.filter(status="done")
    assert done.exists() and all(e.benefit_seen and e.done_on for e in done)
    assert AuditEvent.objects.filter(organization=acme, action="improvement.plan", actor__isnull=False).exists()
    check = next(r for r in clauses.clause_row(acme, "10.1").checks if r.check.code == "improvement_log")
    assert check.ok
    assert Improvement.objects.for_org(globex).count() == 2
    before = Improvement.objects.count()
    demo.build(password="demo-pass-123")
    assert Improvement.objects.count() == before
