"""Done when: an engineer goes from a new AI system to an approved impact assessment and a treated, accepted risk in
the UI, and the records show who decided what and when."""

from django.test import Client

from forty2.risk.models import ImpactAssessment, Risk
from forty2.tenancy.models import Role


def test_new_system_to_approved_assessment_and_accepted_risk(member):
    engineer, manager = member(Role.CONTRIBUTOR), member(Role.AIMS_MANAGER)
    me, boss = Client(), Client()
    me.force_login(engineer.user)
    boss.force_login(manager.user)
    r = me.post("/o/acme/ai-systems/new", {"name": "Triage bot", "purpose": "Suggest a triage category",
                                               "lifecycle_stage": "inception", "status": "proposed"})
    assert r.status_code == 302
    sid = int(r["Location"].rstrip("/").rsplit("/", 1)[-1])
    r = me.post(f"/o/acme/risks/impact-assessments/new?system={sid}",
                {"ai_system": str(sid), "title": "Triage bot IA", "kind": "standard", "residual_impact": "medium"})
    assert r.status_code == 302, r.content.decode()[:2000]
    ia = ImpactAssessment.objects.get(title="Triage bot IA")
    me.post(f"/o/acme/risks/impact-assessments/{ia.pk}/impacts", {
        "group": "individuals", "area": "safety", "description": "Under-triage delays care", "severity": "4",
        "likelihood": "2"})
    ia.refresh_from_db()
    page = boss.post(f"/o/acme/risks/impact-assessments/{ia.pk}/approve", {"version": ia.version}, follow=True)
    assert "Impact assessment approved" in page.content.decode()
    r = me.post("/o/acme/risks/new", {
        "title": "Under-triage", "ai_system_ids": [str(sid)], "owner": engineer.user.email,
        "inherent_likelihood": "3", "inherent_consequence": "4", "treatment_option": "modify",
        "treatment_plan": "Nurse confirms every category", "controls": ["A.9.3"], "residual_likelihood": "2",
        "residual_consequence": "3", "status": "treated"})
    assert r.status_code == 302, r.content.decode()[:3000]
    risk = Risk.objects.get(title="Under-triage")
    assert risk.residual_level == "medium"
    page = me.post(f"/o/acme/risks/{risk.pk}/accept", {"version": risk.version, "note": "OK"}, follow=True)
    text = page.content.decode()
    assert "Risk accepted" in text and engineer.user.email in text or str(engineer.user) in text
    risk.refresh_from_db()
    assert risk.acceptance == "accepted"
    history = boss.get(f"/o/acme/risks/impact-assessments/{ia.pk}/").content.decode()
    assert str(manager.user) in history
