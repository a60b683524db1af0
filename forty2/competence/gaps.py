"""The gap engine (ISO/IEC 42001 7.2 b-c, A.4.6): who lacks which competence their AIMS roles require.

For every active person (not archived, not left) and every active assignment of a live role they hold, each
requirement of that role in force (not archived, ``applies_from`` reached) is *met* when the person has

* unexpired, live :class:`~.models.CompetenceEvidence` for it, or
* a training record whose result counts (``training.models.COUNTS``), unexpired, for a course in its
  ``satisfied_by``.

An unmet *mandatory* requirement is a **gap**; an unmet optional one is shown but is not a gap. A gap is
*planned* when an open action (planned or in progress) is against it, *overdue* when that action's due date has
passed.

Everything here is set-based: a page of the gap view costs the same fixed number of SQL statements whether the
organisation has five people or five thousand (the per-person answers come from a handful of ``IN`` queries over
the page; the filters and the role summary are correlated ``EXISTS`` subqueries the database evaluates).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from forty2.people.models import AimsRole, Person, RoleAssignment
from forty2.training.models import COUNTS, TrainingRecord

from .models import OPEN, CompetenceAction, CompetenceEvidence, CompetenceRequirement

PAGE_SIZE = 50


# --- the building blocks (querysets; ``today`` fixed per call) ----------------------------------------------------

def active_people(org, today: dt.date):
    """People who are still with the organisation: not archived, not left (their last day counts)."""
    return Person.objects.for_org(org).filter(archived_at__isnull=True).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today))


def _assignment_in_force(today: dt.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": today})) & \
        (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today}))


def active_assignments(org, today: dt.date):
    """Assignments in force of live roles (the person's own state is filtered where needed)."""
    return RoleAssignment.objects.for_org(org).filter(_assignment_in_force(today), role__archived_at__isnull=True)


def _requirement_in_force(today: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}archived_at__isnull": True}) & (
        Q(**{f"{prefix}applies_from__isnull": True}) | Q(**{f"{prefix}applies_from__lte": today}))


def requirements_in_force(org, today: dt.date):
    return CompetenceRequirement.objects.for_org(org).filter(_requirement_in_force(today),
                                                             role__archived_at__isnull=True)


def valid_evidence(org, today: dt.date):
    return CompetenceEvidence.objects.for_org(org).filter(archived_at__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def valid_training(org, today: dt.date):
    return TrainingRecord.objects.for_org(org).filter(result__in=COUNTS).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def met(org, today: dt.date, person, requirement) -> Q:
    """A condition: ``person`` (an expression) meets ``requirement`` (an expression)."""
    return Exists(valid_evidence(org, today).filter(person=person, requirement=requirement)) | Exists(
        valid_training(org, today).filter(person=person, course__competence_requirements=requirement))


def gap_pairs(org, today: dt.date, *, mandatory_only: bool = True, department=None):
    """Active assignments joined to their role's requirements in force that the holder does not meet: rows of
    ``values("person_id", "requirement_id", "role_id")`` (a person holding a role twice appears twice; use
    ``.distinct()``). The holder must be an active person."""
    req = "role__competence_requirements__"
    cond = _requirement_in_force(today, req)
    if mandatory_only:
        cond &= Q(**{f"{req}mandatory": True})
    rows = (active_assignments(org, today).filter(cond, person__archived_at__isnull=True)
            .filter(Q(person__end_date__isnull=True) | Q(person__end_date__gte=today))
            .annotate(requirement_id=F("role__competence_requirements")))
    if department is not None:
        rows = rows.filter(person__department_id=department)
    return rows.exclude(met(org, today, OuterRef("person_id"), OuterRef("requirement_id"))).values(
        "person_id", "requirement_id", "role_id").order_by()


def open_actions(org, today: dt.date, *, not_overdue: bool = False):
    qs = CompetenceAction.objects.for_org(org).filter(status__in=OPEN)
    return qs.filter(due_date__gte=today) if not_overdue else qs


def _person_gap(org, today, role=None, *, unplanned=False):
    """A condition on Person: at least one gap (in ``role`` when given; without an open action when
    ``unplanned``)."""
    rows = gap_pairs(org, today).filter(person_id=OuterRef("pk"))
    if role is not None:
        rows = rows.filter(role_id=role)
    if unplanned:
        rows = rows.exclude(Exists(open_actions(org, today).filter(person_id=OuterRef("person_id"),
                                                                   requirement_id=OuterRef("requirement_id"))))
    return Exists(rows)


# --- the view by person ----------------------------------------------------------------------------------------

@dataclass
class ActionInfo:
    id: int
    kind: str
    status: str
    status_label: str
    owner: object  # a user or None
    due_date: dt.date | None
    overdue: bool


@dataclass
class Line:
    """One requirement of one person's roles, and how it stands."""

    requirement_id: int
    title: str
    kind: str
    mandatory: bool
    role_id: int
    role: str
    met_by: str = ""  # "evidence", "training" or "" (not met)
    action: ActionInfo | None = None

    @property
    def met(self) -> bool:
        return bool(self.met_by)

    @property
    def gap(self) -> bool:
        return self.mandatory and not self.met


@dataclass
class PersonGaps:
    person: Person
    roles: list[tuple[int, str]]
    lines: list[Line] = field(default_factory=list)

    @property
    def gaps(self) -> list[Line]:
        return [line for line in self.lines if line.gap]

    @property
    def met_count(self) -> int:
        return sum(1 for line in self.lines if line.met)

    @property
    def unplanned(self) -> list[Line]:
        return [line for line in self.gaps if line.action is None]


@dataclass
class GapPage:
    rows: list[PersonGaps]
    count: int
    offset: int
    limit: int


def people_in_view(org, today: dt.date, *, role=None, department=None, person=None, only_gaps=False,
                   unplanned=False):
    """The people the gap view lists: active, holding at least one active assignment (of ``role``), filtered;
    ``only_gaps``: with a gap (``unplanned``: with a gap no open action is against)."""
    held = active_assignments(org, today).filter(person_id=OuterRef("pk"))
    if role is not None:
        held = held.filter(role_id=role)
    qs = active_people(org, today).filter(Exists(held))
    if department is not None:
        qs = qs.filter(department_id=department)
    if person is not None:
        qs = qs.filter(pk=person)
    if only_gaps:
        qs = qs.filter(_person_gap(org, today, role, unplanned=unplanned))
    return qs.order_by("name", "pk")


def person_page(org, *, role=None, department=None, person=None, only_gaps=False, unplanned=False,
                offset: int = 0, limit: int = PAGE_SIZE, today: dt.date | None = None) -> GapPage:
    """One page of the gap view by person, in a fixed number of statements (count, page, then one ``IN`` query
    each for assignments, requirements, their courses, evidence, training records and open actions)."""
    today = today or timezone.localdate()
    qs = people_in_view(org, today, role=role, department=department, person=person, only_gaps=only_gaps,
                         unplanned=unplanned)
    count = qs.count()
    people = list(qs.select_related("department")[offset: offset + limit])
    return GapPage(rows=lines_for(org, people, today, role=role), count=count, offset=offset, limit=limit)


def lines_for(org, people: list, today: dt.date, *, role=None) -> list[PersonGaps]:
    if not people:
        return []
    ids = [p.pk for p in people]
    assignments = active_assignments(org, today).filter(person_id__in=ids)
    if role is not None:
        assignments = assignments.filter(role_id=role)
    roles_of: dict[int, dict[int, str]] = {}
    for pid, rid, rname in assignments.order_by("role__name").values_list("person_id", "role_id", "role__name"):
        roles_of.setdefault(pid, {})[rid] = rname
    role_ids = {rid for held in roles_of.values() for rid in held}
    requirements = list(requirements_in_force(org, today).filter(role_id__in=role_ids)
                        .order_by("-mandatory", "title").values("id", "title", "kind", "mandatory", "role_id"))
    req_ids = [r["id"] for r in requirements]
    courses: dict[int, set[int]] = {}
    for rid, cid in CompetenceRequirement.satisfied_by.through.objects.filter(
            competencerequirement_id__in=req_ids).values_list("competencerequirement_id", "course_id"):
        courses.setdefault(rid, set()).add(cid)
    all_courses = {c for cs in courses.values() for c in cs}
    evidence = set(valid_evidence(org, today).filter(person_id__in=ids, requirement_id__in=req_ids)
                   .order_by().values_list("person_id", "requirement_id"))
    trained: dict[int, set[int]] = {}
    if all_courses:
        for pid, cid in (valid_training(org, today).filter(person_id__in=ids, course_id__in=all_courses)
                         .order_by().values_list("person_id", "course_id")):
            trained.setdefault(pid, set()).add(cid)
    actions: dict[tuple[int, int], ActionInfo] = {}
    for a in (open_actions(org, today).filter(person_id__in=ids, requirement_id__in=req_ids)
              .select_related("owner").order_by(F("due_date").asc(nulls_last=True), "pk")):
        actions.setdefault((a.person_id, a.requirement_id), ActionInfo(
            a.pk, a.kind, a.status, a.get_status_display(), a.owner, a.due_date,
            a.due_date is not None and a.due_date < today))
    by_role: dict[int, list[dict]] = {}
    for r in requirements:
        by_role.setdefault(r["role_id"], []).append(r)
    out = []
    for p in people:
        held = roles_of.get(p.pk, {})
        row = PersonGaps(person=p, roles=list(held.items()))
        for rid, rname in held.items():
            for r in by_role.get(rid, []):
                met_by = ("evidence" if (p.pk, r["id"]) in evidence else
                          "training" if courses.get(r["id"], set()) & trained.get(p.pk, set()) else "")
                row.lines.append(Line(r["id"], r["title"], r["kind"], r["mandatory"], rid, rname, met_by,
                                      None if met_by else actions.get((p.pk, r["id"]))))
        out.append(row)
    return out


# --- the view by role ------------------------------------------------------------------------------------------

@dataclass
class RequirementSummary:
    id: int
    title: str
    kind: str
    mandatory: bool
    lacking: int  # holders who do not meet it
    planned: int  # of those, with an open action


@dataclass
class RoleSummary:
    id: int
    name: str
    kind: str
    holders: int
    competent: int  # holders with no gap in this role
    requirements: list[RequirementSummary]


def role_summary(org, *, department=None, today: dt.date | None = None) -> list[RoleSummary]:
    """Per live role: holders, how many are fully competent, and per requirement how many lack it and how many
    of those have an open action. Four aggregate statements over the assignments, whatever the number of people
    (each row of an assignment joined to its role's requirements is checked once)."""
    today = today or timezone.localdate()
    person = Q(person__archived_at__isnull=True) & (Q(person__end_date__isnull=True) | Q(person__end_date__gte=today))
    if department is not None:
        person &= Q(person__department_id=department)
    holders = dict(active_assignments(org, today).filter(person).values("role_id").order_by("role_id")
                   .annotate(n=Count("person_id", distinct=True)).values_list("role_id", "n"))
    every = gap_pairs(org, today, mandatory_only=False, department=department)
    planned = Exists(open_actions(org, today).filter(person_id=OuterRef("person_id"),
                                                     requirement_id=OuterRef("requirement_id")))
    lacking = {r["requirement_id"]: r for r in every.values("requirement_id").order_by("requirement_id").annotate(
        lacking=Count("person_id", distinct=True),
        planned=Count("person_id", distinct=True, filter=Q(planned)))}
    with_gaps = dict(gap_pairs(org, today, department=department).values("role_id").order_by("role_id")
                     .annotate(n=Count("person_id", distinct=True)).values_list("role_id", "n"))
    reqs: dict[int, list[RequirementSummary]] = {}
    for r in (requirements_in_force(org, today).order_by("-mandatory", "title")
              .values("id", "title", "kind", "mandatory", "role_id")):
        counts = lacking.get(r["id"], {})
        reqs.setdefault(r.pop("role_id"), []).append(RequirementSummary(
            lacking=counts.get("lacking", 0), planned=counts.get("planned", 0), **r))
    out = []
    for r in AimsRole.objects.for_org(org).filter(archived_at__isnull=True).order_by("name").values(
            "id", "name", "kind"):
        n = holders.get(r["id"], 0)
        if n or r["id"] in reqs:
            out.append(RoleSummary(holders=n, competent=n - with_gaps.get(r["id"], 0),
                                   requirements=reqs.get(r["id"], []), **r))
    return out


# --- counts for checks and My work -----------------------------------------------------------------------------

def people_with_unplanned_gaps(org, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return active_people(org, today).filter(_person_gap(org, today, unplanned=True)).count()


def gap_count(org, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return gap_pairs(org, today).distinct().count()

