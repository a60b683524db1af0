"""Acme Health's demo risk management: a methodology, risks in every state, impact assessments (issue 9, item 7)."""

import pytest

from forty2 import demo
from forty2.core.models import AuditEvent
from forty2.risk import assessments
from forty2.risk.models import ImpactAssessment, Risk, RiskAssessmentRun, RiskMethodology
from forty2.tenancy.models import Organization


@pytest.fixture
def acme(db):
    demo.build(password="demo-pass-123")
    return Organization.objects.get(slug="acme-health")


def test_acme_has_a_methodology_risks_in_every_state_and_assessments(acme):
    current = RiskMethodology.objects.get(organization=acme, status="approved")
    assert current.number == 2 and current.approved_by is not None
    risks = Risk.objects.for_org(acme)
    assert risks.count() >= 10
    assert risks.filter(acceptance="accepted").count() >= 3
    assert not risks.filter(acceptance="stale").exists()  # a certified Acme re-accepts what changed (issue #19)
    assert risks.filter(acceptance="", residual_level="").count() >= 1  # untreated
    assert risks.filter(reassessment_due=True).exists()
    # the CV screening's residual impact is now medium (ranking paused): no residual-impact risk is raised; its FRIA
    # is approved instead (issue #19)
    assert ImpactAssessment.objects.for_org(acme).filter(kind="fria", ai_system__name__contains="CV").exists()
    ias = {ia.title: ia for ia in ImpactAssessment.objects.for_org(acme)}
    assert len(ias) >= 3
    states = {title: assessments.approval_state(ia) for title, ia in ias.items()}
    assert any(s.approved for s in states.values())
    assert all(s.approved for s in states.values())  # a certified Acme: every assessment approved and current
    assert not any(ia.reassessment_due for ia in ias.values())  # the chatbot IA was re-assessed (issue #19)
    assert RiskAssessmentRun.objects.for_org(acme).count() == 2


def test_second_run_adds_nothing(acme):
    events = AuditEvent.objects.count()
    again = demo.build(password="demo-pass-123")
    assert again.created == 0 and AuditEvent.objects.count() == events


def test_every_demo_risk_and_assessment_page_renders(acme):
    from django.test import Client

    from forty2.accounts.models import User

    browser = Client()
    browser.force_login(User.objects.get(email="admin@acme.example"))
    urls = ["/o/acme-health/risks/", "/o/acme-health/risks/heatmap", "/o/acme-health/risks/methodology",
            "/o/acme-health/risks/impact-assessments", "/o/acme-health/risks/assessments"]
    urls += [f"/o/acme-health/risks/{pk}/" for pk in Risk.objects.for_org(acme).values_list("pk", flat=True)]
    urls += [f"/o/acme-health/risks/impact-assessments/{pk}/"
             for pk in ImpactAssessment.objects.for_org(acme).values_list("pk", flat=True)]
    urls += [f"/o/acme-health/risks/assessments/{pk}/"
             for pk in RiskAssessmentRun.objects.for_org(acme).values_list("pk", flat=True)]
    for url in urls:
        assert browser.get(url).status_code == 200, url
    second = RiskAssessmentRun.objects.for_org(acme).order_by("-performed_on").first()
    assert second.changes["added"] and second.previous_id
