"""Demo courses, sessions and training records (ISO/IEC 42001 7.2 d, 7.3; EU AI Act Art. 4), written through the
records kit like every demo record, so the audit chain is real.

The people, roles and assignments are read from the database (the people demo made them); who gets which record
follows their roles and their place in a list sorted by name, so the result is the same on every run and a second
run adds nothing. Gaps are deliberate: some people lack a course, some passes have expired, one is about to, one
attempt failed, so the awareness list, the AI-literacy views, My work and the clause checks all have something to
show.
"""

import datetime as dt

from django.utils import timezone

from forty2.documents.services import add_months
from forty2.inventory.models import AISystem
from forty2.people.models import RoleKind

from . import faces, queries
from .definitions import COURSE, SESSION, TRAINING_RECORD
from .models import Course, LiteracyLevel, Result, TrainingRecord, TrainingSession

L = LiteracyLevel

#: key -> (title, topic, level, validity in months, AI systems by name, provider, audience role kinds)
ACME_COURSES = {
    "basics": ("AI literacy basics", "What AI is, what it cannot do, and the risks of relying on it", L.AWARENESS,
               24, (), "Learning and development (e-learning)", ()),
    "policy": ("AI policy and acceptable use", "Our AI policy, what staff may and may not do with AI tools",
               L.AWARENESS, 12, (), "AI governance office", ()),
    "oversight": ("Human oversight of clinical AI", "Reading AI outputs critically, automation bias, when and how to "
                  "override or stop a system", L.PRACTITIONER, 24, (), "Clinical safety team",
                  (RoleKind.HUMAN_OVERSIGHT, RoleKind.AI_OPERATOR)),
    "radiology": ("Radiology triage tool: operation and overrides", "Using the chest CT triage worklist safely, "
                  "known failure modes, reporting a wrong priority", L.PRACTITIONER, 12,
                  ("Radiology triage for chest CT",), "Supplier application specialist",
                  (RoleKind.AI_OPERATOR, RoleKind.HUMAN_OVERSIGHT)),
    "sepsis": ("Sepsis early-warning score: operating and responding", "What the score means, escalation, "
               "documenting when you disagree with it", L.PRACTITIONER, 12, ("Sepsis early-warning score",),
               "Critical care outreach", (RoleKind.AI_OPERATOR, RoleKind.HUMAN_OVERSIGHT)),
    "privacy": ("Data protection for AI projects", "Lawful basis, minimisation and DPIAs for AI work", L.FOUNDATION,
                36, (), "Data protection office", (RoleKind.DATA_STEWARD, RoleKind.DEVELOPER)),
    "risk": ("AI risk and impact assessment in practice", "Running the AI risk method and impact assessments",
             L.EXPERT, 36, (), "AI governance office", (RoleKind.RISK_OWNER, RoleKind.AIMS_MANAGER,
                                                        RoleKind.AI_SYSTEM_OWNER)),
    "audit": ("Internal auditing of the AIMS", "Planning and running internal audits of an AI management system",
              L.EXPERT, 36, (), "External training provider", (RoleKind.INTERNAL_AUDITOR,)),
}


def _course(membership, key, spec, roles, systems) -> Course:
    title, topic, level, months, system_names, provider, audience = spec
    org = membership.organization
    found = Course.objects.for_org(org).filter(title=title).first()
    if found is not None:
        return found
    data = {"title": title, "topic": topic, "literacy_level": level, "validity_months": months,
            "provider": provider, "ai_systems": [systems[n].pk for n in system_names if n in systems],
            "audience": [r.pk for r in roles if r.kind in audience]}
    return faces.COURSE_ACCESS.do_create(COURSE, membership, data)


def _session(membership, course, name, held_on, trainer) -> TrainingSession:
    org = membership.organization
    found = TrainingSession.objects.for_org(org).filter(name=name).first()
    if found is not None:
        return found
    return faces.create(faces.SESSION_ACCESS, SESSION, membership, {"name": name, "held_on": held_on.isoformat(),
                                                               "trainer": trainer, "location": "Main campus"},
                   {"course": course})


def build(org, membership, today: dt.date | None = None, *, kept_up: bool = False) -> dict:
    """Courses, sessions and records for ``org`` as ``membership``; returns the courses by key. ``kept_up``: a
    certified organisation that keeps training current: no deliberate gap, one pass expiring within weeks."""
    from forty2.people.models import AimsRole

    today = today or timezone.localdate()
    roles = list(AimsRole.objects.for_org(org).filter(archived_at__isnull=True))
    systems = {s.name: s for s in AISystem.objects.for_org(org).filter(archived_at__isnull=True)}
    courses = {key: _course(membership, key, spec, roles, systems) for key, spec in ACME_COURSES.items()}
    sessions = {key: _session(membership, c, f"{c.title} – {(today - dt.timedelta(days=70)):%B %Y} cohort",
                              today - dt.timedelta(days=70), c.provider) for key, c in courses.items()}
    people = list(queries.active_people(org, today).order_by("name", "id"))
    if not people:
        return courses
    kinds_of: dict[int, set] = {}
    for person_id, kind in queries.assignments_in_force(org, today).values_list("person_id", "role__kind"):
        kinds_of.setdefault(person_id, set()).add(kind)
    systems_of: dict[int, set] = {}
    for person_id, system_id in queries.assignments_in_force(org, today).filter(
            ai_system__isnull=False).values_list("person_id", "ai_system_id"):
        systems_of.setdefault(person_id, set()).add(system_id)
    existing = set(TrainingRecord.objects.for_org(org).values_list("person_id", "course_id"))
    plan = _plan(people, kinds_of, systems_of, courses, today, kept_up=kept_up)
    for person, key, completed, result in plan:
        course = courses[key]
        if (person.pk, course.pk) in existing:
            continue
        data = {"completed_on": completed.isoformat() if completed else None, "result": result}
        initial = {"person": person, "course": course}
        if completed == today - dt.timedelta(days=70):
            initial["session"] = sessions[key]
        if result == Result.PASSED:
            data["score"] = 70 + (person.pk * 7 + course.pk) % 30
        faces.create(faces.RECORD_ACCESS, TRAINING_RECORD, membership, data, initial)
        existing.add((person.pk, course.pk))
    return courses


def _plan(people, kinds_of, systems_of, courses, today, *, kept_up=False):
    """[(person, course key, completed on, result)] for everyone, with the demo's gaps (none when ``kept_up``)."""
    recent = today - dt.timedelta(days=70)
    radiology = set(courses["radiology"].ai_systems.values_list("pk", flat=True))
    sepsis = set(courses["sepsis"].ai_systems.values_list("pk", flat=True))

    def expired(key):  # a pass older than the course's validity
        return add_months(today, -ACME_COURSES[key][3]) - dt.timedelta(days=45)

    def expiring(key):  # a pass that runs out within the next three weeks
        return add_months(today, -ACME_COURSES[key][3]) + dt.timedelta(days=20)

    plan, counted = [], {}
    if kept_up:
        return _kept_up_plan(people, kinds_of, systems_of, radiology, sepsis, recent, expiring, today)
    for i, p in enumerate(people):
        kinds = kinds_of.get(p.pk, set())
        mine = systems_of.get(p.pk, set())
        # everyone: AI literacy basics; every seventh person never took it, every fifth let it expire
        if i % 7 != 3:
            plan.append((p, "basics", expired("basics") if i % 5 == 1 else recent, Result.COMPLETED))
        # the AI policy course: people with a login, but not all of them
        if p.user_id and i % 4 != 2:
            plan.append((p, "policy", recent if i % 3 else today - dt.timedelta(days=200), Result.COMPLETED))
        if RoleKind.HUMAN_OVERSIGHT in kinds or RoleKind.AI_OPERATOR in kinds:
            k = counted["oversight"] = counted.get("oversight", -1) + 1  # the k-th operator or overseer
            if k % 4 != 1:  # every fourth one untrained: the Art. 26(2) gaps
                plan.append((p, "oversight", expiring("oversight") if k % 4 == 2 else recent, Result.PASSED))
        if mine & radiology and i % 3 != 1:
            plan.append((p, "radiology", recent if i % 2 else expired("radiology"), Result.PASSED))
        if mine & sepsis:
            result = Result.FAILED if i % 5 == 0 else Result.PASSED
            if i % 4 != 3:
                plan.append((p, "sepsis", recent, result))
        if kinds & {RoleKind.DATA_STEWARD, RoleKind.DEVELOPER}:
            plan.append((p, "privacy", recent, Result.PASSED))
        if kinds & {RoleKind.RISK_OWNER, RoleKind.AIMS_MANAGER} and i % 2 == 0:
            plan.append((p, "risk", today - dt.timedelta(days=300), Result.PASSED))
        if RoleKind.INTERNAL_AUDITOR in kinds:
            plan.append((p, "audit", today - dt.timedelta(days=400), Result.PASSED))
    return plan


def _kept_up_plan(people, kinds_of, systems_of, radiology, sepsis, recent, expiring, today):
    """Everyone trained for their roles and systems; one oversight pass runs out within three weeks (renewal
    booked): what a certified organisation's records look like between audits."""
    plan, first_overseer = [], True
    for p in people:
        kinds, mine = kinds_of.get(p.pk, set()), systems_of.get(p.pk, set())
        plan.append((p, "basics", recent, Result.COMPLETED))
        if p.user_id:
            plan.append((p, "policy", recent, Result.COMPLETED))
        if RoleKind.HUMAN_OVERSIGHT in kinds or RoleKind.AI_OPERATOR in kinds:
            plan.append((p, "oversight", expiring("oversight") if first_overseer else recent, Result.PASSED))
            first_overseer = False
        if mine & radiology:
            plan.append((p, "radiology", recent, Result.PASSED))
        if mine & sepsis:
            plan.append((p, "sepsis", recent, Result.PASSED))
        if kinds & {RoleKind.DATA_STEWARD, RoleKind.DEVELOPER}:
            plan.append((p, "privacy", recent, Result.PASSED))
        if kinds & {RoleKind.RISK_OWNER, RoleKind.AIMS_MANAGER}:
            plan.append((p, "risk", today - dt.timedelta(days=120), Result.PASSED))
        if RoleKind.INTERNAL_AUDITOR in kinds:
            plan.append((p, "audit", today - dt.timedelta(days=150), Result.PASSED))
    return plan
