"""The demo's improvement log (ISO/IEC 42001 10.1), built after the nonconformity demo: Acme Health takes up the
entries its opportunity-for-improvement finding and its closed nonconformity added to the log, and keeps four of
its own in different states (done with the benefit seen, in progress, rejected with a note, proposed); Globex has
two. Every state is reached through the steps, so the history reads as it would in use. The management review's
decision on improvement is added by the review demo. Dates are computed from today."""

import datetime as dt

from django.utils import timezone

from . import log_services
from .models import Improvement, ImprovementSource

DRIFT = "Drift alerts on the radiology triage dashboard"
FORECAST = "Weekly review of demand-forecast errors"


def _in(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _steps(membership, entry, *steps):
    for step, note in steps:
        entry.refresh_from_db()
        entry = log_services.improvement_step(membership, entry, step, version=entry.version, note=note)
    return entry


def _entry(membership, data, *steps, benefit_seen: str = ""):
    entry = log_services.create_improvement(membership, data)
    if benefit_seen:
        entry = log_services.update_improvement(membership, entry, {"benefit_seen": benefit_seen},
                                                version=entry.version)
    return _steps(membership, entry, *steps)


def _take_up(membership, entry, owner, due: str, benefit: str, *steps, benefit_seen: str = ""):
    """A person accepts an entry the log received on its own: owner, due date, expected benefit, then plan."""
    data = {"owner": owner.user.email, "due_on": due, "benefit": benefit}
    if benefit_seen:
        data["benefit_seen"] = benefit_seen
    entry = log_services.update_improvement(membership, entry, data, version=entry.version)
    return _steps(membership, entry, ("plan", ""), *steps)


def build(org, people) -> None:
    """Acme Health's log; ``people`` are the demo members by key (manager, data_scientist, clinical_safety …)."""
    if Improvement.objects.for_org(org).filter(title=DRIFT).exists():
        return  # built on an earlier run
    manager, scientist, safety = people["manager"], people["data_scientist"], people["clinical_safety"]
    fed = Improvement.objects.for_org(org).filter(created_by__isnull=True, status="proposed")
    for entry in fed.filter(source=ImprovementSource.OPPORTUNITY).order_by("pk")[:1]:
        _take_up(manager, entry, scientist, _in(45), "Clinicians read the same model facts the auditors read.",
                 ("start", ""))
    for entry in fed.filter(source=ImprovementSource.NONCONFORMITY).order_by("pk")[:1]:
        _take_up(manager, entry, safety, _in(14), "The same gap cannot recur on the next system that goes live.",
                 ("complete", ""), benefit_seen="The go-live checklist now asks for the assessment; the last two "
                 "releases had it before go-live.")
    _entry(manager, {"title": DRIFT, "source": "suggestion",
                     "source_note": "Suggested by the radiology informatics team",
                     "description": "Show the weekly input-drift score next to the triage model's accuracy.",
                     "owner": scientist.user.email, "due_on": _in(-10),
                     "benefit": "Drift is seen within a week instead of at the quarterly review."},
           ("plan", ""), ("start", ""), ("complete", ""),
           benefit_seen="Two drifts in scanner firmware were caught within days in the first month.")
    _entry(manager, {"title": "Plain-language model cards for clinicians", "source": "other",
                     "description": "A one-page card per clinical AI system: what it does, its limits, who to call.",
                     "owner": safety.user.email, "due_on": _in(30),
                     "benefit": "Clinicians know each system's limits (A.8.2) without reading the technical file."},
           ("plan", ""), ("start", ""))
    _entry(manager, {"title": "Replace the appointment chatbot's vendor", "source": "suggestion",
                     "source_note": "Raised at the patient forum",
                     "description": "Move to a vendor whose bot hands over to a person on request."},
           ("reject", "The current vendor added the hand-over in its spring release; tracked as an AI incident "
                      "action instead."))
    _entry(manager, {"title": "Record the model version with every triage decision", "source": "suggestion",
                     "source_note": "Suggested by the internal auditor",
                     "benefit": "Any decision can be traced to the model that made it."})


def build_globex(org, people) -> None:
    """Globex: one planned improvement and one proposal."""
    if Improvement.objects.for_org(org).filter(title=FORECAST).exists():
        return
    manager, analyst = people["manager"], people["analyst"]
    _entry(manager, {"title": FORECAST, "source": "other",
                     "description": "The operations analyst reviews the worst forecast misses every Monday.",
                     "owner": analyst.user.email, "due_on": _in(60),
                     "benefit": "Forecast errors above 20 % are explained within a week."}, ("plan", ""))
    _entry(manager, {"title": "Explain route changes to drivers", "source": "suggestion",
                     "source_note": "Drivers' representative"})
