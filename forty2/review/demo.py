"""The demo's management reviews (ISO/IEC 42001 9.3): Acme Health held one a month ago — top management attending,
its input pack frozen from the demo's live data (run after the audits and improvement demos, so the pack shows their
audit and nonconformity figures), minutes, decisions, three actions (the improvement decision also in the
improvement log) and the outputs approved by the Chief Digital Officer, who wrote none of them; the next review is
planned. Globex has one review planned. Dates are computed from today, so a new demo is always current."""

import datetime as dt

from django.utils import timezone

from forty2.people.models import Person

from . import services
from .models import ManagementReview


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


ATTENDEES = [  # (person's name, role at the review, top management, attended)
    ("Helen Carter", "Chief Executive, chair", True, True),
    ("Alex Morgan", "Chief Digital Officer", True, True),
    ("Daniel Brooks", "Finance Director", True, False),
    ("Priya Raman", "AI governance lead, secretary", False, True),
    ("Samuel Osei", "Internal auditor", False, True),
]


def build(org, people) -> None:
    """``people``: the demo members by key (manager, owner, data_scientist …)."""
    if ManagementReview.objects.for_org(org).exists():
        return  # built on an earlier run
    manager, owner = people["manager"], people["owner"]
    review = services.create_review(manager, {
        "title": "Management review 2026 H2", "planned_on": _day(-30), "chair": owner.user.email,
        "agenda": "1. Actions of earlier reviews. 2. Changes in the context and interested parties. 3. AIMS "
                  "performance: nonconformities, monitoring results and objectives, internal audit results. "
                  "4. Feedback from patients and staff. 5. AI risks and their treatment. 6. Opportunities for "
                  "improvement. 7. Decisions and resources."})
    persons = dict(Person.objects.for_org(org).filter(name__in=[a[0] for a in ATTENDEES]).values_list("name", "pk"))
    for name, role, top, attended in ATTENDEES:
        if name in persons:
            services.create_attendee(manager, {"review": review.pk, "person": persons[name], "role": role,
                                               "top_management": top, "attended": attended})
    review = services.update_review(manager, review, {"held_on": _day(-30)}, version=review.version)
    review = services.review_step(manager, review, "hold", version=review.version)
    review = services.update_review(manager, review, {
        "minutes": "The AI governance lead presented the input pack. The internal audit found one major "
                   "nonconformity (impact assessments not repeated after significant model changes); its corrective "
                   "actions are under way. The radiology triage incident and the worklist fault were discussed; the "
                   "sepsis alert metric stayed within thresholds. Risk treatment is on plan except two overdue "
                   "actions on the chatbot.",
        "improvement_decisions": "Extend the monthly discrepancy audit of radiology triage to every site.",
        "change_decisions": "Require an impact assessment review before any model release (change to the AI "
                            "system life-cycle procedure); add one data steward post."}, version=review.version)
    services.create_action(manager, {
        "review": review.pk, "kind": "improvement", "owner": people["clinical_safety"].user.email,
        "due_on": _day(60), "description": "Extend the discrepancy audit of radiology triage to every site"})
    services.create_action(manager, {
        "review": review.pk, "kind": "change", "owner": manager.user.email, "due_on": _day(10),
        "description": "Update the AI system life-cycle procedure: impact assessment review before any release"})
    services.create_action(manager, {
        "review": review.pk, "kind": "resource", "owner": owner.user.email, "due_on": _day(45),
        "description": "Recruit a data steward for clinical informatics"})
    review = ManagementReview.objects.get(pk=review.pk)
    services.approve_outputs(owner, review, version=review.version,
                             note="Approved for the board: outputs as minuted.")
    services.create_review(manager, {
        "title": "Management review 2027 H1", "planned_on": _day(150), "chair": owner.user.email,
        "previous": review.pk, "agenda": "The inputs of 9.3.2, and the actions of the 2026 H2 review."})


def build_globex(org, people) -> None:
    if ManagementReview.objects.for_org(org).exists():
        return
    services.create_review(people["manager"], {
        "title": "First management review", "planned_on": _day(60), "chair": people["owner"].user.email,
        "agenda": "The inputs of 9.3.2 before the stage 1 audit."})


def build_both(acme_org, acme_people: dict, globex_org, globex_people: dict) -> None:
    """Both demo organisations; called by the demo builder after the audits and improvement demos."""
    build(acme_org, acme_people)
    build_globex(globex_org, globex_people)
