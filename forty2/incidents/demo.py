"""The demo's concerns and AI incidents (ISO/IEC 42001 A.3.3, A.8.3, A.8.4; EU AI Act Art. 73): Acme Health turns
its concern channel on and has three concerns (one anonymous, one answered whose follow-up code is
:data:`ANSWERED_CODE`) and two incidents (one on the high-risk radiology triage system with its reporting deadline
still running, one minor and closed). Dates are computed from today, so a new demo is always current."""

import datetime as dt

from django.utils import timezone

from forty2.inventory.models import AISystem

from . import services
from .models import Concern

#: the follow-up code of the demo's answered concern (the public follow-up page shows its answer)
ANSWERED_CODE = "ACME-DEMO-ANSW-ERED-2026"
RADIOLOGY = "Radiology triage for chest CT"
CHATBOT = "Patient appointment chatbot"


def _ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def build(org, people) -> None:
    """``people``: the demo members by key (manager, clinical_safety, owner …)."""
    if Concern.objects.for_org(org).exists():
        return  # built on an earlier run
    manager, safety = people["manager"], people["clinical_safety"]
    services.set_channel(manager, enabled=True, intro="Raise any concern about how Acme Health uses AI, "
                         "anonymously if you prefer. The AI governance group reads every concern.")
    services.submit_concern(org, kind="concern", subject="The appointment chatbot would not put me through to a "
                            "person", description="I asked three times to speak to someone about my mother's "
                            "appointment and it kept offering me links.", system_text="the chatbot on the website",
                            anonymous=True)
    answered, _code = services.submit_concern(
        org, kind="external_report", subject="Urgent CT reported late after triage", description="A chest CT I "
        "requested as urgent was reported two days later; the department said the AI triage had ranked it low.",
        system_text="radiology worklist AI", anonymous=False, name="Dr Aoife Byrne",
        email="aoife.byrne@gp-practice.example", code=ANSWERED_CODE)
    answered = services.update_concern(manager, answered, {"owner": safety.user.email}, version=answered.version)
    answered = services.concern_step(manager, answered, "triage", version=answered.version)
    answered = services.concern_step(manager, answered, "investigate", version=answered.version)
    answered = services.update_concern(manager, answered, {
        "outcome": "The scan was flagged correctly but the worklist filter at one site hid flags for 36 hours "
                   "after an upgrade. Fixed; discrepancy audit extended.",
        "answer": "Thank you for telling us. We found a configuration fault after a software upgrade at one site, "
                  "corrected it the same day and now check the worklist after every upgrade."},
        version=answered.version)
    services.concern_step(manager, answered, "answer", version=answered.version)
    recorded = services.create_concern(manager, {
        "subject": "Ward staff unsure when to override the sepsis alert", "kind": "concern",
        "description": "Raised at the nursing forum: staff are unsure whether they may dismiss an alert.",
        "system_text": "Sepsis early-warning score", "owner": safety.user.email})
    services.concern_step(manager, recorded, "triage", version=recorded.version)

    systems = {s.name: s for s in AISystem.objects.for_org(org).filter(name__in=(RADIOLOGY, CHATBOT),
                                                                       archived_at__isnull=True)}
    if RADIOLOGY in systems:
        high = services.create_incident(safety, {
            "title": "Radiology triage ranked a pulmonary embolism as routine", "severity": "high",
            "ai_system_ids": [systems[RADIOLOGY].pk], "occurred_on": _ago(5), "aware_on": _ago(4),
            "description": "A chest CT with a pulmonary embolism was ranked routine and reported 30 hours later. The "
                           "patient was treated and recovered; the delay is being reviewed.",
            "detected_by": "Monthly discrepancy audit (radiologist)", "people_affected": "One inpatient.",
            "people_affected_count": 1, "harm_categories": ["health"], "serious": True,
            "immediate_actions": "Radiologists told to read all chest CTs in date order until the vendor confirms "
                                 "the cause; vendor notified.", "provider_informed_on": _ago(3),
            "owner": safety.user.email}, source="discrepancy audit")
        services.incident_step(safety, high, "investigate", version=high.version)
    if CHATBOT in systems:
        minor = services.create_incident(manager, {
            "title": "Chatbot gave out-of-date clinic opening hours", "severity": "low",
            "ai_system_ids": [systems[CHATBOT].pk], "occurred_on": _ago(40), "aware_on": _ago(39),
            "detected_by": "Patient complaint", "serious": False, "harm_categories": [],
            "immediate_actions": "Knowledge base corrected the same day.",
            "root_cause": "The FAQ knowledge base was not updated when the clinic changed its hours.",
            "corrective_actions": "Clinic hours now come from the booking system; monthly FAQ review.",
            "owner": manager.user.email}, source="complaint")
        for step in ("investigate", "resolve", "close"):
            minor = services.incident_step(manager, minor, step, version=minor.version)
