"""Reads of the training records (ISO/IEC 42001 7.2 d, 7.3; EU AI Act Art. 4, 26(2)): who holds a valid training,
who is trained for which AI system, and each person's awareness status. Every query is scoped to one organisation
and reads whole lists in a few statements (never one per person).

The rules, stated once:

* A training record **counts** when its result is passed or completed (:data:`~.models.COUNTS`) and it has a
  completion date; failed and in-progress records never count.
* It is **valid** on a day when it counts and has no expiry date or expires on or after that day; **expiring**
  when valid and it expires within :data:`EXPIRING_DAYS` days; **expired** when it counts and its expiry date
  has passed.
* **Awareness / AI literacy** (7.3, Art. 4): a valid record of a course with an AI-literacy level (any level: a
  deeper course also gives awareness).
* **Trained for an AI system** (Art. 4, 26(2)): a valid record of a course that names the system, or of a general
  course (one naming no system) at the level the role needs: practitioner for operators and human oversight,
  foundation for system owners (:data:`REQUIRED_LEVEL`).
* **Role holders** are the active people (not archived, not left) holding a role assignment in force (started,
  not ended) of a role not archived.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from forty2.aiact.labels import TIER_LABELS
from forty2.people.models import Person, RoleAssignment, RoleKind

from .models import COUNTS, Course, LiteracyLevel, TrainingRecord, level_rank

EXPIRING_DAYS = 30
#: the AI-literacy level a general course must reach to train a person for a system they hold this role for
REQUIRED_LEVEL = {RoleKind.AI_OPERATOR: LiteracyLevel.PRACTITIONER,
                  RoleKind.HUMAN_OVERSIGHT: LiteracyLevel.PRACTITIONER,
                  RoleKind.AI_SYSTEM_OWNER: LiteracyLevel.FOUNDATION}
SYSTEM_KINDS = tuple(REQUIRED_LEVEL)
HIGH_RISK = "high_risk"


def today() -> dt.date:
    return timezone.localdate()


# --- people and roles ------------------------------------------------------------------------------------

def active_people(org, on: dt.date | None = None):
    on = on or today()
    return (Person.objects.for_org(org).filter(archived_at__isnull=True)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on)))


def assignments_in_force(org, on: dt.date | None = None):
    """Role assignments in force on ``on``, of roles not archived, held by active people."""
    on = on or today()
    return (RoleAssignment.objects.for_org(org)
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on),
                    role__archived_at__isnull=True, person__archived_at__isnull=True)
            .filter(Q(person__end_date__isnull=True) | Q(person__end_date__gte=on)))


def role_holder_ids(org, on: dt.date | None = None) -> set[int]:
    """The active people holding any AIMS role (5.3) on ``on``."""
    return set(assignments_in_force(org, on).values_list("person_id", flat=True))


# --- records -------------------------------------------------------------------------------------------

def counting(org):
    return TrainingRecord.objects.for_org(org).filter(result__in=COUNTS, completed_on__isnull=False)


def valid_q(on: dt.date) -> Q:
    return Q(expires_on__isnull=True) | Q(expires_on__gte=on)


def status_of(record, on: dt.date | None = None) -> str:
    """"valid", "expiring", "expired" or "not_counted" (failed, in progress, no completion date)."""
    on = on or today()
    if record.result not in COUNTS or record.completed_on is None:
        return "not_counted"
    if record.expires_on is None:
        return "valid"
    if record.expires_on < on:
        return "expired"
    if record.expires_on <= on + dt.timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return "valid"


STATUS_LABELS = {"valid": "Valid", "expiring": "Expiring", "expired": "Expired", "not_counted": "Does not count"}


@dataclass
class Held:
    """What one person's valid records give: courses, the deepest general level, the systems covered."""

    courses: set = field(default_factory=set)
    general_rank: int = 0  # deepest literacy level of a valid general course (no AI system named)
    literacy_rank: int = 0  # deepest literacy level of any valid course
    systems: set = field(default_factory=set)  # AI systems named by a valid course


def held_by(org, person_ids=None, on: dt.date | None = None) -> dict[int, Held]:
    """{person id: Held} from the valid records, in two queries for any number of people."""
    on = on or today()
    records = counting(org).filter(valid_q(on))
    if person_ids is not None:
        records = records.filter(person_id__in=list(person_ids))
    rows = list(records.values_list("person_id", "course_id").distinct())
    course_ids = {c for _p, c in rows}
    levels = dict(Course.objects.for_org(org).filter(pk__in=course_ids).values_list("pk", "literacy_level"))
    systems = defaultdict(set)
    for course_id, system_id in Course.ai_systems.through.objects.filter(course_id__in=course_ids).values_list(
            "course_id", "aisystem_id"):
        systems[course_id].add(system_id)
    out: dict[int, Held] = defaultdict(Held)
    for person_id, course_id in rows:
        held = out[person_id]
        held.courses.add(course_id)
        rank = level_rank(levels.get(course_id, ""))
        held.literacy_rank = max(held.literacy_rank, rank)
        if systems[course_id]:
            held.systems |= systems[course_id]
        else:
            held.general_rank = max(held.general_rank, rank)
    return out


def trained_for(held: Held | None, system_id: int, kind: str) -> bool:
    if held is None:
        return False
    if system_id in held.systems:
        return True
    return held.general_rank >= level_rank(REQUIRED_LEVEL.get(kind, LiteracyLevel.FOUNDATION))


def person_records(org, person, on: dt.date | None = None) -> dict[str, list]:
    """A person's records grouped by status (valid, expiring, expired, not_counted), newest first; a record
    replaced by a newer valid one of the same course is left out of "expired"."""
    on = on or today()
    records = list(TrainingRecord.objects.for_org(org).filter(person=person)
                   .select_related("course", "session", "evidence").order_by("-completed_on", "-id"))
    renewed = {r.course_id for r in records if status_of(r, on) in ("valid", "expiring")}
    groups = {"valid": [], "expiring": [], "expired": [], "not_counted": []}
    for r in records:
        status = status_of(r, on)
        if status == "expired" and r.course_id in renewed:
            continue
        groups[status].append(r)
    return groups


# --- awareness (7.3) -------------------------------------------------------------------------------------

def ai_policy_in_force(org):
    """The approved version in force of the organisation's AI policy (5.2), or None."""
    from forty2.documents.models import Document, DocumentKind
    from forty2.documents.services import with_version_in_force

    for doc in with_version_in_force(Document.objects.for_org(org).filter(kind=DocumentKind.AI_POLICY,
                                                                          retired_at__isnull=True)
                                     .order_by("reference")):
        if doc.in_force:
            return doc.in_force[0]
    return None


def policy_acknowledged_by(org, version) -> set[int]:
    """The users who acknowledged ``version``."""
    from forty2.documents.models import Acknowledgement

    if version is None:
        return set()
    return set(Acknowledgement.objects.for_org(org).filter(document_version=version, acknowledged_at__isnull=False)
               .values_list("user_id", flat=True))


def awareness_status(org, person, on: dt.date | None = None) -> dict:
    """What the person was asked to acknowledge and did, the communications that reached them and the awareness
    and AI-literacy courses they hold (7.3)."""
    from forty2.documents.models import Acknowledgement, CommunicationSent

    on = on or today()
    acks = []
    if person.user_id:
        acks = list(Acknowledgement.objects.for_org(org).filter(user_id=person.user_id)
                    .select_related("document_version__document").order_by("-document_version__approved_at", "-id"))
    policy = ai_policy_in_force(org)
    policy_ack = None
    if policy is not None and person.user_id:
        policy_ack = next((a for a in acks if a.document_version_id == policy.pk), None)
    words = _audience_words(org, person)
    since = on - dt.timedelta(days=366)
    communications = [s for s in CommunicationSent.objects.for_org(org).filter(sent_on__gte=since)
                      .select_related("communication").order_by("-sent_on", "-id")
                      if _reaches(s, words)]
    literacy = [r for r in TrainingRecord.objects.for_org(org).filter(person=person, result__in=COUNTS,
                                                                       completed_on__isnull=False)
                .exclude(course__literacy_level="").select_related("course").order_by("-completed_on", "-id")]
    valid_literacy = [r for r in literacy if status_of(r, on) in ("valid", "expiring")]
    return {"acknowledgements": acks, "policy": policy, "policy_ack": policy_ack,
            "policy_acknowledged": bool(policy_ack and policy_ack.acknowledged_at),
            "has_login": bool(person.user_id), "communications": communications,
            "literacy": literacy, "literacy_valid": bool(valid_literacy)}


#: recipients text that means everyone
EVERYONE = ("all staff", "everyone", "all employees", "all people", "all members", "whole organisation",
            "whole organization", "all personnel")


def _audience_words(org, person) -> list[str]:
    names = [person.name]
    if person.department_id:
        names.append(person.department.name)
    names += list(assignments_in_force(org).filter(person=person).values_list("role__name", flat=True))
    return [n.strip().lower() for n in names if n and n.strip()]


def _reaches(sent, words) -> bool:
    """Whether a sending reached the person: its recipients (or the line's audience) say everyone, or name the
    person, their department or one of their roles. A sending records its recipients as text, not people."""
    text = f"{sent.recipients} {sent.communication.audience}".lower()
    return any(w in text for w in EVERYONE) or any(w in text for w in words)


def awareness_rows(org, people, on: dt.date | None = None) -> list[dict]:
    """One row per person of ``people`` (a page of them): AI policy in force acknowledged, awareness course
    valid; three queries for the page."""
    on = on or today()
    people = list(people)
    policy = ai_policy_in_force(org)
    acknowledged = policy_acknowledged_by(org, policy)
    held = held_by(org, [p.pk for p in people], on)
    rows = []
    for p in people:
        h = held.get(p.pk)
        rows.append({"person": p, "has_login": bool(p.user_id),
                     "policy_acknowledged": None if not p.user_id or policy is None else p.user_id in acknowledged,
                     "course_valid": bool(h and h.literacy_rank > 0)})
    return rows


# --- AI literacy per AI system (Art. 4, 26(2)) ------------------------------------------------------------

@dataclass
class Holder:
    person: object
    kinds: list  # the role kinds held for the system
    trained: bool
    gap: bool  # an untrained overseer of a high-risk system (Art. 26(2))
    trained_as: dict = field(default_factory=dict)  # {role kind: trained for it}

    @property
    def labels(self) -> list[str]:
        return [RoleKind(k).label for k in self.kinds]

    @property
    def oversees(self) -> bool:
        return RoleKind.HUMAN_OVERSIGHT in self.kinds


def in_scope_systems(org):
    from forty2.inventory.models import AISystem

    return AISystem.objects.for_org(org).filter(archived_at__isnull=True, in_scope=True).order_by("name")


def holders_by_system(org, systems, on: dt.date | None = None) -> dict[int, list[Holder]]:
    """{system id: [Holder]} for the people who own, operate or oversee each system, in three queries."""
    on = on or today()
    systems = list(systems)
    high = {s.pk for s in systems if s.ai_act_tier == HIGH_RISK}
    rows = (assignments_in_force(org, on).filter(ai_system_id__in=[s.pk for s in systems],
                                                 role__kind__in=SYSTEM_KINDS)
            .select_related("person", "role").order_by("person__name", "person_id"))
    kinds: dict[tuple, list] = defaultdict(list)
    people = {}
    for a in rows:
        key = (a.ai_system_id, a.person_id)
        if a.role.kind not in kinds[key]:
            kinds[key].append(a.role.kind)
        people[a.person_id] = a.person
    held = held_by(org, people.keys(), on)
    out: dict[int, list[Holder]] = {s.pk: [] for s in systems}
    for (system_id, person_id), ks in kinds.items():
        h = held.get(person_id)
        trained_as = {k: trained_for(h, system_id, k) for k in ks}
        overseer_untrained = trained_as.get(RoleKind.HUMAN_OVERSIGHT) is False
        out[system_id].append(Holder(people[person_id], ks, all(trained_as.values()),
                                     system_id in high and overseer_untrained, trained_as))
    return out


def literacy_overview(org, on: dt.date | None = None) -> list[dict]:
    """Each in-scope AI system with its role holders, how many are trained and untrained, and the gaps."""
    systems = list(in_scope_systems(org))
    holders = holders_by_system(org, systems, on)
    rows = []
    for s in systems:
        hs = holders[s.pk]
        overseers = [h for h in hs if h.oversees]
        rows.append({"system": s, "high_risk": s.ai_act_tier == HIGH_RISK, "people": len(hs),
                     "tier_label": TIER_LABELS.get(s.ai_act_tier, "Not classified"),
                     "trained": sum(1 for h in hs if h.trained), "untrained": sum(1 for h in hs if not h.trained),
                     "gaps": sum(1 for h in hs if h.gap),
                     "no_overseer": s.ai_act_tier == HIGH_RISK and not overseers})
    return rows
