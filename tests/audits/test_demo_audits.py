"""The demo's internal audit: Acme's approved three-year programme and completed full-scope audit with an approved
report (9.2.1 and 9.2.2 pass), Globex's audit in progress with partial results."""

import pytest
from django.test import Client
from django.urls import reverse

from forty2 import demo
from forty2.audits import checks, services
from forty2.audits.demo import ACME_AUDIT, GLOBEX_AUDIT
from forty2.audits.models import Audit, AuditProgramme
from forty2.tenancy.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_audits():
    demo.build(password="demo-pass-123")
    acme = Organization.objects.get(slug="acme-health")
    programme = AuditProgramme.objects.for_org(acme).get()
    assert programme.status == "active" and services.programme_approval(programme).approved
    assert (programme.period_end.year - programme.period_start.year) == 2
    approval = services.programme_approval(programme).approval
    assert approval.approved_by_id != programme.created_by_id
    audit = Audit.objects.for_org(acme).get(title=ACME_AUDIT)
    assert audit.status == "completed" and services.report_approval(audit).approved
    results = dict(audit.items.values_list("ref", "result"))
    assert len(results) == 70 and results["6.1.4"] == "major_nc"
    assert results["7.5.3"] == results["A.6.2.6"] == "minor_nc"
    assert list(results.values()).count("ofi") == 1 and "" not in results.values()
    assert checks.audit_done(acme, {}), checks.audit_problems(acme)
    assert checks.programme_in_place(acme, {}), checks.programme_problems(acme)
    globex = Organization.objects.get(slug="globex")
    g = Audit.objects.for_org(globex).get(title=GLOBEX_AUDIT)
    assert g.status == "in_progress"
    assert g.items.exclude(result="").count() == 2 and g.items.filter(result="").exists()
    # the pages render for the demo's people
    client = Client()
    client.force_login(audit.owner)
    assert client.get(reverse("audits:programme_detail", args=[acme.slug, programme.pk])).status_code == 200
    assert client.get(reverse("audits:checklist", args=[acme.slug, audit.pk])).status_code == 200
