"""What a certified organisation keeps up between audits, run after every app's demo records exist (Acme Health,
ISO/IEC 42001 8.2, 8.3, 9.1): a risk flagged by an old incident re-assessed and accepted again. Everything goes
through the services; idempotent (each step checks the state it changes)."""

import datetime as dt

from django.utils import timezone

from forty2.risk import services as risk_services
from forty2.risk.models import Risk


def acme(org, people) -> None:
    _reassess_chatbot_risk(org, people)


def _reassess_chatbot_risk(org, people) -> None:
    """The chatbot's opening-hours incident (October) flagged its risk; the owner re-assessed it weeks ago and
    accepted the residual risk again. The radiology risk flagged this month stays open: an honest item."""
    risk = Risk.objects.for_org(org).filter(title="Chatbot gives clinical advice", reassessment_due=True).first()
    if risk is None:
        return
    manager = people["manager"]
    risk = risk_services.update_risk(manager, risk, {
        "treatment_plan": risk.treatment_plan + " Opening hours read from the booking system, never from the "
                                                "FAQ text.",
        "next_review": (timezone.localdate() + dt.timedelta(days=150)).isoformat()}, version=risk.version)
    risk.refresh_from_db()
    risk_services.accept_risk(manager, risk, version=risk.version,
                              note="Re-assessed after the opening-hours incident; residual risk unchanged and low.")
