"""The demo organisation's AI systems are classified with sensible, explained and signed-off results, and loading
the demo again stores nothing new (docs/architecture.md, "The demo organisations")."""

from forty2 import demo
from forty2.aiact.demo import DEMO_ANSWERS, DEMO_NOTES, classify_demo, demo_key
from forty2.aiact.models import AIActClassification
from forty2.core.models import AuditEvent
from forty2.demo import acme
from forty2.inventory.models import AISystem
from forty2.tenancy.models import Membership

EXPECTED = {
    "Sepsis early-warning score": ("high_risk", "annex_i"),
    "Radiology triage for chest CT": ("high_risk", "annex_i"),
    "Patient appointment chatbot": ("limited_risk", None),
    "Clinical notes summariser": ("limited_risk", None),
    "Nurse recruitment CV screening": ("high_risk", "annex_iii"),
    "Nurse staffing forecaster": ("minimal_risk", None),
    "Billing fraud detector": ("minimal_risk", None),
    "30-day readmission risk score": ("minimal_risk", None),
    "Clinical speech-to-text": ("minimal_risk", None),
    "Internal coding assistant": ("limited_risk", None),
    "Marketing image generator": ("limited_risk", None),
    "ED triage prototype": ("high_risk", "annex_iii"),
}


def test_every_demo_system_has_answers_and_a_note():
    names = [row["name"] for row in acme.SYSTEMS]
    assert {demo_key(name) for name in names} == set(DEMO_ANSWERS) == set(DEMO_NOTES) == set(EXPECTED)


def test_the_demo_is_classified_explained_and_signed_off(db):
    demo.build(password="demo-password-for-tests")
    current = {c.ai_system.name: c for c in AIActClassification.objects.filter(
        is_current=True, ai_system__organization__slug="acme-health").select_related("ai_system", "signed_off_by")}
    assert {name: (c.tier, c.result["high_risk_route"]) for name, c in current.items()} == EXPECTED
    cv = current["Nurse recruitment CV screening"]
    assert cv.result["fria_required"] is True and "recital 96" in cv.note
    assert current["Marketing image generator"].result["transparency"] == ["Art. 50(4)"]
    assert current["Clinical notes summariser"].result["transparency"] == ["Art. 50(2)"]
    assert current["Patient appointment chatbot"].result["transparency"] == []
    pending = current.pop("Clinical notes summariser")  # left for the AIMS manager's sign-off (My work)
    assert pending.created_by.email == "admin@acme.example" and not pending.is_signed_off
    assert all(c.signed_off_by.email == "admin@acme.example" for c in current.values())
    assert all(c.created_by.email == "aims.manager@acme.example" for c in current.values())
    sepsis = AISystem.objects.get(name="Sepsis early-warning score")
    assert (sepsis.ai_act_tier, sepsis.risk_profile_level) == ("high_risk", "high")


def test_classifying_the_demo_again_changes_nothing(db):
    demo.build(password="demo-password-for-tests")
    rows, events = AIActClassification.objects.count(), AuditEvent.objects.count()
    org = Membership.objects.get(user__email="aims.manager@acme.example").organization
    manager = Membership.objects.get(organization=org, user__email="aims.manager@acme.example")
    owner = Membership.objects.get(organization=org, user__email="admin@acme.example")
    assert len(classify_demo(org, manager, reviewer=owner.user)) == 12
    assert (AIActClassification.objects.count(), AuditEvent.objects.count()) == (rows, events)
