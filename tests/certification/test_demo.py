"""The certification demo: Acme certified about a year ago with its first surveillance audit due soon and one
minor nonconformity carried over with its action plan; Globex in its documentation phase; idempotent."""

import pytest
from django.utils import timezone

from forty2 import demo
from forty2.audits.models import Audit
from forty2.certification import reminders, services, status
from forty2.certification.models import CertificationEvent
from forty2.core import audit
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Organization

pytestmark = pytest.mark.django_db


def test_demo_certification():
    demo.build(password="demo-pass-123")
    acme, globex = Organization.objects.get(slug="acme-health"), Organization.objects.get(slug="globex")
    s = status.summary(acme)
    assert s["phase"] == "certified" and s["certificate"]["number"]
    days = (timezone.localdate() - s["certificate"]["issued_on"]).days
    assert 330 <= days <= 365
    assert 0 < (s["next_due"]["due"] - timezone.localdate()).days <= 30
    kinds = sorted(Audit.objects.for_org(acme).exclude(kind="internal").values_list("kind", "status"))
    assert kinds == [("stage1", "completed"), ("stage2", "completed"), ("surveillance", "planned")]
    carried = services.carried_over(acme)
    assert len(carried) == 1 and services.has_plan(carried[0])
    assert [i.key for i, _t in reminders.due_items(acme)] == ["surveillance-1"]
    g = status.summary(globex)
    assert g["phase"] == "planning" and g["certificate"] is None
    assert not Audit.objects.for_org(globex).exclude(kind="internal").exists()
    events = AuditEvent.objects.count()
    demo.build(password="demo-pass-123")
    assert AuditEvent.objects.count() == events and CertificationEvent.objects.count() == 1
    assert all(report.ok for report in audit.verify())
