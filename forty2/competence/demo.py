"""The demo's competence records (ISO/IEC 42001 7.2, A.4.6): requirements for each AIMS role of the organisation,
evidence for some people and a few actions — one done with its effectiveness evaluated, one overdue, one due
soon — leaving realistic gaps. Built through the records kit's write path (audited), on the people, roles and
courses the people and training demos made (courses are found by words of their titles; a requirement whose
course is missing is met by evidence only). Idempotent: a second run creates nothing."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from forty2.people.models import AimsRole, RoleKind
from forty2.records import writes
from forty2.training.models import Course

from . import gaps, services
from .definitions import COMPETENCE_ACTION, COMPETENCE_EVIDENCE, COMPETENCE_REQUIREMENT
from .models import CompetenceAction, CompetenceEvidence, CompetenceRequirement


@dataclass(frozen=True)
class Req:
    title: str
    kind: str
    description: str
    courses: tuple[str, ...] = ()  # words of course titles (any matching course meets it)
    mandatory: bool = True


K, S, E, Q_ = "knowledge", "skill", "experience", "qualification"

#: role kind -> its requirements (2-4 each)
REQUIREMENTS: dict[str, list[Req]] = {
    RoleKind.TOP_MANAGEMENT: [
        Req("AI governance for leaders", K, "Knows the AI policy, the organisation's AI risk appetite and what "
            "top management must demonstrate (5.1).", ("policy", "leader", "governance")),
        Req("Accountability under the EU AI Act", K, "Knows the organisation's obligations as provider or "
            "deployer and who answers for them.", ("ai act",), mandatory=False)],
    RoleKind.AIMS_MANAGER: [
        Req("ISO/IEC 42001 implementation", Q_, "A lead implementer course or equivalent experience of running an "
            "AI management system.", ("42001", "management system")),
        Req("Running AI risk and impact assessments", S, "Can lead a risk assessment with the method and an "
            "impact assessment with the people affected.", ("risk", "impact")),
        Req("Two years managing a management system", E, "ISO 9001, 27001, 13485 or similar.", mandatory=False)],
    RoleKind.AI_SYSTEM_OWNER: [
        Req("AI literacy for system owners", K, "Understands what the system does, its limits and the "
            "obligations that come with it (EU AI Act Art. 4).", ("literacy",)),
        Req("Assessing the impact of an AI system", S, "Can take an impact assessment through with the affected "
            "groups and decide on its treatment (6.1.4).", ("impact",)),
        Req("Lifecycle accountability", E, "Has owned a clinical or business system through a change and a "
            "review.", mandatory=False)],
    RoleKind.RISK_OWNER: [
        Req("The AI risk method", K, "Knows the scales, the matrix and the acceptance criteria.", ("risk",)),
        Req("Treating AI risks", S, "Can choose and follow up treatment actions and judge residual risk.")],
    RoleKind.INTERNAL_AUDITOR: [
        Req("Auditing to ISO/IEC 42001", Q_, "An internal or lead auditor course on ISO/IEC 42001 (or ISO 19011 "
            "with an AI module).", ("audit",)),
        Req("Auditor independence", K, "Does not audit their own work; knows how findings are graded."),
        Req("Audit experience", E, "Took part in at least two audits.", mandatory=False)],
    RoleKind.DATA_STEWARD: [
        Req("Data quality and provenance for AI", K, "Knows the data requirements of A.7 and how provenance is "
            "recorded.", ("provenance", "data quality")),
        Req("Data protection for AI", K, "GDPR and the organisation's data protection rules for training and "
            "input data.", ("privacy", "protection", "gdpr"))],
    RoleKind.AI_OPERATOR: [
        Req("AI literacy for operators", K, "Knows what the system is for, what it cannot do and when not to "
            "rely on it (EU AI Act Art. 4).", ("literacy",)),
        Req("Operating the system as instructed", S, "Uses the system according to its instructions for use "
            "(Art. 26(1)).", ("triage tool", "early-warning", "instructions for use")),
        Req("Recognising and reporting AI incidents", K, "Knows what to report, to whom and how fast.",
            ("incident",))],
    RoleKind.HUMAN_OVERSIGHT: [
        Req("Human oversight of AI outputs", S, "Can interpret the outputs, spot automation bias and decide to "
            "override or stop the system (Art. 14, 26(2)).", ("oversight",)),
        Req("Authority and training to intervene", Q_, "Has been given the authority and support to intervene, "
            "signed off by the system owner."),
        Req("Clinical or domain experience", E, "Two years in the domain the system supports.", mandatory=False)],
    RoleKind.CONCERN_HANDLER: [
        Req("Handling concerns and AI incidents", K, "Triage, follow-up and the reporting deadlines (A.3.3, "
            "A.8.4).", ("incident", "concern")),
        Req("Protecting reporters", K, "Keeps a reporter's identity to those who must know.")],
    RoleKind.DEVELOPER: [
        Req("Responsible AI development", K, "Knows the lifecycle requirements of A.6 and documents design "
            "choices.", ("develop", "engineering", "responsible")),
        Req("Verification and validation of models", S, "Can plan and run the tests the lifecycle requires.",
            ("validation", "testing"))],
    RoleKind.OTHER: [
        Req("AI literacy", K, "Knows what AI systems the organisation uses and their limits (EU AI Act Art. 4).",
            ("literacy", "awareness"))],
}


def _course(org, words: tuple[str, ...]):
    if not words:
        return []
    match = Q()
    for w in words:
        match |= Q(title__icontains=w)
    return list(Course.objects.for_org(org).filter(match, archived_at__isnull=True).order_by("title")[:2])


def _create(rt, membership, data: dict, refs: dict):
    """Through the kit's write path, references by id (the kit's ``ref`` kind)."""
    rules = {"competence_requirement": services.RequirementRules, "competence_evidence": services.EvidenceRules,
             "competence_action": services.ActionRules}[rt.name]()
    return writes.create(rt, membership, {**data, **{k: v.pk for k, v in refs.items()}}, rules=rules)


def _unique_title(title, role, taken):
    if title.lower() not in taken:
        return title
    return f"{title} ({role.name})"


def build(org, manager, *, owner=None, today: dt.date | None = None, kept_up: bool = False) -> dict:
    """The competence records of ``org``, written as ``manager`` (an AIMS manager's membership); ``owner``
    (another member) owns one of the actions. ``kept_up``: an organisation that keeps its competence up (a
    certified one): evidence for every requirement no course meets, none expired, and a timely action on every
    gap left. Returns what was created by kind."""
    today = today or timezone.localdate()
    created = {"requirements": 0, "evidence": 0, "actions": 0}
    existing = {r.title.lower(): r for r in CompetenceRequirement.objects.for_org(org)}
    for role in AimsRole.objects.for_org(org).filter(archived_at__isnull=True).order_by("name"):
        for spec in REQUIREMENTS.get(role.kind, REQUIREMENTS[RoleKind.OTHER]):
            found = next((r for r in existing.values() if r.role_id == role.pk and
                          (r.title == spec.title or r.title == f"{spec.title} ({role.name})")), None)
            if found is None:
                title = _unique_title(spec.title, role, existing)
                courses = _course(org, spec.courses)
                found = _create(COMPETENCE_REQUIREMENT, manager, {
                    "title": title, "kind": spec.kind, "description": spec.description,
                    "mandatory": spec.mandatory, "satisfied_by": [c.pk for c in courses]}, {"role": role})
                existing[title.lower()] = found
                created["requirements"] += 1
    page = gaps.person_page(org, limit=500, today=today)
    _evidence(org, manager, page.rows, today, created, kept_up=kept_up)
    _actions(org, manager, owner or manager, today, created, kept_up=kept_up)
    return created


def _evidence(org, manager, rows, today, created, *, kept_up=False):
    """Evidence for requirements no course meets (experience, qualifications, authority): for two people in
    three, in name order, so that some gaps remain; one of them expired."""
    have = set(CompetenceEvidence.objects.for_org(org).values_list("person_id", "requirement_id"))
    no_course = set(CompetenceRequirement.objects.for_org(org).filter(satisfied_by__isnull=True)
                    .values_list("pk", flat=True))
    for i, row in enumerate(rows):
        for line in row.lines:
            if line.met or (row.person.pk, line.requirement_id) in have:
                continue
            if line.requirement_id not in no_course and not kept_up:  # kept up: also assessed on the job
                continue
            if (i + line.requirement_id) % 3 == 0 and not kept_up:
                continue
            expired = (i + line.requirement_id) % 7 == 0 and not kept_up
            obtained = today - dt.timedelta(days=400 + 30 * (i % 12))
            kind = {"experience": "experience", "qualification": "qualification"}.get(line.kind, "assessment")
            _create(COMPETENCE_EVIDENCE, manager, {
                "title": f"{line.title}: {row.person.name}", "kind": kind, "obtained_on": obtained.isoformat(),
                "expires_on": (today - dt.timedelta(days=15) if expired else
                               obtained + dt.timedelta(days=3 * 365)).isoformat(),
                "verified_by": manager.user.email,
                "notes": "Expired: renewal not yet booked." if expired else "Checked against the original."},
                {"person": row.person, "requirement": CompetenceRequirement.objects.get(pk=line.requirement_id)})
            have.add((row.person.pk, line.requirement_id))
            created["evidence"] += 1


def _actions(org, manager, owner, today, created, *, kept_up=False):
    """Three actions on the first gaps of the view: one done and evaluated (its evidence recorded), one overdue,
    one due in ten days."""
    if CompetenceAction.objects.for_org(org).exists():
        return
    open_gaps = [(row.person, line) for row in gaps.person_page(org, only_gaps=True, limit=500, today=today).rows
                 for line in row.gaps]
    if len(open_gaps) < 3:
        return
    plans = [
        ("mentoring", "Paired with an experienced colleague for four supervised sessions.", manager,
         today - dt.timedelta(days=30), "done"),
        ("training", "Book the next course date and complete it.", manager,
         today + dt.timedelta(days=20 if kept_up else -10), "planned"),
        ("training", "Enrol in the online module and pass its assessment.", owner, today + dt.timedelta(days=10),
         "in_progress"),
    ]
    picked, seen = [], set()
    for person, line in open_gaps:  # three different people
        if person.pk not in seen:
            picked.append((person, line))
            seen.add(person.pk)
        if len(picked) == 3:
            break
    for (person, line), (kind, description, who, due, status) in zip(picked, plans, strict=False):
        requirement = CompetenceRequirement.objects.get(pk=line.requirement_id)
        data = {"kind": kind, "description": description, "owner": who.user.email, "due_date": due.isoformat(),
                "status": status}
        if status == "done":
            data.update(effective=True, evaluated_on=(today - dt.timedelta(days=5)).isoformat(),
                        effectiveness_note="Observed operating the system unaided on two shifts; the mentor "
                                           "signed the assessment.")
            _create(COMPETENCE_EVIDENCE, manager, {
                "title": f"{line.title}: supervised assessment", "kind": "assessment",
                "obtained_on": (today - dt.timedelta(days=5)).isoformat(), "verified_by": manager.user.email,
                "notes": "Result of the mentoring action."}, {"person": person, "requirement": requirement})
            created["evidence"] += 1
        _create(COMPETENCE_ACTION, manager, data, {"person": person, "requirement": requirement})
        created["actions"] += 1
    if not kept_up:
        return
    for n, (person, line) in enumerate(open_gaps):  # every other gap: a timely action, planned with the person
        if (person, line) in picked:
            continue
        _create(COMPETENCE_ACTION, manager, {
            "kind": "training", "description": "Booked on the next course date at induction or renewal.",
            "owner": manager.user.email, "due_date": (today + dt.timedelta(days=21 + 7 * (n % 6))).isoformat(),
            "status": "planned"}, {"person": person, "requirement": CompetenceRequirement.objects.get(
                pk=line.requirement_id)})
        created["actions"] += 1
