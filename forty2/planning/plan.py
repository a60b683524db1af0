"""The certification project plan (issue #19, item 7): created from the estimate, planned dates a person may move,
re-estimated on request without losing what a person set, and read against the actual dates of the records.

Every write checks the role (owners and AIMS managers), the plan's version (409 when stale), validates every
field at once (422 naming it) and is audited (``project_plan.*``)."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, StaleVersion, field_error
from forty2.tenancy.access import require

from . import actuals as actuals_of
from . import estimator
from . import estimator_rules as rules
from .models import PlanPhase, ProjectPlan

PHASE_KEYS = [key for key, _label in rules.PHASES]
LABELS = dict(rules.PHASES)
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def get(org) -> ProjectPlan | None:
    return ProjectPlan.objects.for_org(org).prefetch_related("phases").first()


def _date(errors, loc, value, name):
    if value is None or value == "":
        errors.append(field_error(name, "Required.", "missing", loc_prefix=loc))
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            errors.append(field_error(name, "A date as YYYY-MM-DD.", "date_parsing", loc_prefix=loc))
            return None
    if not (EARLIEST <= value <= LATEST):
        errors.append(field_error(name, "A date between 1900 and 2199.", "date_range", loc_prefix=loc))
        return None
    return value


def _declared(errors, value):
    if value is None:
        return None
    if not isinstance(value, list | tuple) or any(v not in estimator.CERTIFICATES for v in value):
        errors.append(field_error("declared_certificates",
                                  f"A list of: {', '.join(estimator.CERTIFICATES)}.", "enum"))
        return None
    return sorted(set(value))


def schedule(plan, phases) -> None:
    """Planned dates in order from the plan's start: a phase a person dated keeps its dates and the next phase
    starts when it ends; the others last their estimated weeks."""
    cursor = plan.start_on
    for phase in phases:
        if not phase.manual:
            phase.planned_start = cursor
            phase.planned_end = cursor + dt.timedelta(weeks=phase.estimated_weeks)
        cursor = phase.planned_end


def _estimate(org, plan):
    profile = estimator.profile_of(org, plan.declared_certificates)
    return profile, {p.key: p for p in estimator.estimate(profile)}


def _lock(org, plan, version):
    current = ProjectPlan.objects.select_for_update().get(organization=org, pk=plan.pk)
    if version != current.version:
        raise StaleVersion(current.version, version)
    return current


def _bump(current, phases):
    now = timezone.now()
    current.version += 1
    current.updated_at = now
    current.save()
    for phase in phases:
        phase.updated_at = now
    PlanPhase.objects.bulk_update(phases, ["estimated_weeks", "reasons", "planned_start", "planned_end", "manual",
                                           "updated_at"])


def create(membership, *, start_on=None, declared_certificates=()) -> ProjectPlan:
    """The organisation's plan from the estimate of its profile today (409 if it has one already)."""
    require(membership, "edit_any_record")
    org = membership.organization
    errors = []
    start = _date(errors, "body", start_on, "start_on") if start_on is not None else timezone.localdate()
    declared = _declared(errors, list(declared_certificates or []))
    if errors:
        raise InvalidInput(errors)
    now = timezone.now()
    with transaction.atomic():
        plan = ProjectPlan(organization=org, start_on=start, declared_certificates=declared,
                           created_by=membership.user, estimated_at=now, created_at=now, updated_at=now)
        profile, estimate = _estimate(org, plan)
        plan.profile = profile.as_dict()
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError:
            raise Conflict("The organisation has a project plan already.") from None
        phases = [PlanPhase(organization=org, plan=plan, key=key, order=i, estimated_weeks=estimate[key].weeks,
                            reasons=estimate[key].reasons, planned_start=start, planned_end=start,
                            created_at=now, updated_at=now)
                  for i, key in enumerate(PHASE_KEYS)]
        schedule(plan, phases)
        PlanPhase.objects.bulk_create(phases)
        audit.record("project_plan.create", org=org, actor=membership.user, obj=plan, object_repr="Project plan",
                     changes={"start_on": start.isoformat(), "weeks": sum(p.estimated_weeks for p in phases),
                              "declared_certificates": declared})
    return get(org)


def update(membership, plan, *, version: int, start_on=None, declared_certificates=None,
           phases: list | None = None) -> ProjectPlan:
    """Change the start, the declared certificates and/or phases' planned dates (``[{key, planned_start,
    planned_end}]``, or ``{key, reset: true}`` to give a phase back to the estimate). A dated phase is the
    person's (``manual``) and kept by a re-estimate; phases after it follow."""
    require(membership, "edit_any_record")
    org = membership.organization
    errors = []
    start = _date(errors, "body", start_on, "start_on") if start_on is not None else None
    declared = _declared(errors, declared_certificates)
    edits = {}
    for i, item in enumerate(phases or []):
        loc = ["body", "phases", i]
        key = item.get("key")
        if key not in PHASE_KEYS:
            errors.append({"loc": [*loc, "key"], "msg": f"One of: {', '.join(PHASE_KEYS)}.", "type": "enum"})
            continue
        if key in edits:
            errors.append({"loc": [*loc, "key"], "msg": "Each phase once.", "type": "duplicate"})
            continue
        if item.get("reset"):
            edits[key] = None
            continue
        a = _date(errors, loc, item.get("planned_start"), "planned_start")
        b = _date(errors, loc, item.get("planned_end"), "planned_end")
        if a and b and b <= a:
            errors.append({"loc": [*loc, "planned_end"], "msg": "After the planned start.", "type": "date_order"})
        edits[key] = (a, b)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        current = _lock(org, plan, version)
        rows = list(current.phases.all())
        changes = {}
        if start and start != current.start_on:
            changes["start_on"] = [current.start_on.isoformat(), start.isoformat()]
            current.start_on = start
        if declared is not None and declared != current.declared_certificates:
            changes["declared_certificates"] = [current.declared_certificates, declared]
            current.declared_certificates = declared
        for phase in rows:
            if phase.key not in edits:
                continue
            edit = edits[phase.key]
            before = [phase.planned_start.isoformat(), phase.planned_end.isoformat()]
            if edit is None:
                if phase.manual:
                    phase.manual = False
                    changes[f"{phase.key}.manual"] = [True, False]
                continue
            phase.planned_start, phase.planned_end, phase.manual = edit[0], edit[1], True
            after = [edit[0].isoformat(), edit[1].isoformat()]
            if after != before:
                changes[phase.key] = [before, after]
        if not changes:
            return get(org)
        schedule(current, rows)
        _bump(current, rows)
        audit.record("project_plan.update", org=org, actor=membership.user, obj=current, object_repr="Project plan",
                     changes=changes)
    return get(org)


def re_estimate(membership, plan, *, version: int, keep_manual: bool = True) -> ProjectPlan:
    """Estimate again from today's profile; planned dates a person set stay unless ``keep_manual`` is false."""
    require(membership, "edit_any_record")
    org = membership.organization
    with transaction.atomic():
        current = _lock(org, plan, version)
        rows = list(current.phases.all())
        profile, estimate = _estimate(org, current)
        changes = {}
        for phase in rows:
            new = estimate[phase.key]
            if new.weeks != phase.estimated_weeks:
                changes[phase.key] = [phase.estimated_weeks, new.weeks]
            phase.estimated_weeks, phase.reasons = new.weeks, new.reasons
            if not keep_manual and phase.manual:
                phase.manual = False
                changes[f"{phase.key}.manual"] = [True, False]
        current.profile = profile.as_dict()
        current.estimated_at = timezone.now()
        schedule(current, rows)
        _bump(current, rows)
        audit.record("project_plan.re_estimate", org=org, actor=membership.user, obj=current,
                     object_repr="Project plan", changes={**changes, "keep_manual": keep_manual})
    return get(org)


@dataclass
class PhaseView:
    key: str
    label: str
    estimated_weeks: int
    reasons: list
    planned_start: dt.date
    planned_end: dt.date
    manual: bool
    actual_start: dt.date | None
    actual_end: dt.date | None

    @property
    def state(self) -> str:
        if self.actual_end:
            return "done"
        if self.actual_start:
            return "under way"
        return "late" if self.planned_start < timezone.localdate() else "not started"


def view(org, plan=None) -> dict:
    """The plan as the API and the page show it: saved, or (``saved`` false) the estimate a new plan would
    start from today. Phases with estimate, reasons, planned and actual dates; the expected certification date."""
    plan = plan if plan is not None else get(org)
    saved = plan is not None
    if not saved:
        plan = ProjectPlan(organization=org, start_on=timezone.localdate(), declared_certificates=[], version=0)
        profile, estimate = _estimate(org, plan)
        rows = [PlanPhase(key=k, order=i, estimated_weeks=estimate[k].weeks, reasons=estimate[k].reasons,
                          planned_start=plan.start_on, planned_end=plan.start_on) for i, k in enumerate(PHASE_KEYS)]
        schedule(plan, rows)
        profile_values = profile.as_dict()
    else:
        rows = sorted(plan.phases.all(), key=lambda p: p.order)
        profile_values = plan.profile
    actual = actuals_of.actuals(org)
    phases = [PhaseView(p.key, LABELS[p.key], p.estimated_weeks, list(p.reasons), p.planned_start, p.planned_end,
                        p.manual, *actual.get(p.key, (None, None))) for p in rows]
    stage2 = phases[-1]
    decision = actual.get("decision")
    if decision:
        expected = decision
    else:
        base = stage2.actual_end or stage2.planned_end
        expected = max(base, timezone.localdate()) + dt.timedelta(weeks=rules.DECISION_WEEKS)
    return {"saved": saved, "plan": plan, "version": plan.version, "start_on": plan.start_on,
            "declared_certificates": list(plan.declared_certificates), "profile": profile_values,
            "estimated_at": plan.estimated_at, "phases": phases,
            "total_weeks": sum(p.estimated_weeks for p in phases),
            "planned_end": max(p.planned_end for p in phases), "decision_on": decision,
            "expected_certification": expected}


def timeline(data: dict, width: int = 900) -> dict:
    """Geometry of the server-rendered timeline (SVG, no script): a planned bar and, where known, an actual bar per
    phase, month ticks and today's line, in user units of ``width``."""
    phases = data["phases"]
    days = [d for p in phases for d in (p.planned_start, p.planned_end, p.actual_start, p.actual_end) if d]
    today = timezone.localdate()
    first, last = min([*days, today]), max([*days, today, data["expected_certification"]])
    label_w, row_h = 230, 44
    span = max((last - first).days, 1)
    scale = (width - label_w - 10) / span

    def x(day):
        return round(label_w + (day - first).days * scale, 1)

    rows = []
    for i, p in enumerate(phases):
        y = 30 + i * row_h
        row = {"label": p.label, "y": y, "text_y": y + 16, "planned_x": x(p.planned_start),
               "planned_w": max(round((p.planned_end - p.planned_start).days * scale, 1), 2), "manual": p.manual,
               "title": f"{p.label}: planned {p.planned_start.isoformat()} to {p.planned_end.isoformat()}",
               "actual": None}
        if p.actual_start:
            end = p.actual_end or today
            row["actual"] = {"x": x(p.actual_start), "w": max(round((end - p.actual_start).days * scale, 1), 2),
                             "y": y + 20, "open": p.actual_end is None,
                             "title": f"{p.label}: actual {p.actual_start.isoformat()} to "
                                      f"{p.actual_end.isoformat() if p.actual_end else 'now'}"}
        rows.append(row)
    ticks, month = [], dt.date(first.year, first.month, 1)
    step = max(1, round(span / 30 / 12))
    while month <= last:
        if month >= first:
            ticks.append({"x": x(month), "label": month.strftime("%b %Y")})
        m = month.month - 1 + step
        month = dt.date(month.year + m // 12, m % 12 + 1, 1)
    height = 30 + len(phases) * row_h + 10
    return {"width": width, "height": height, "rows": rows, "ticks": ticks, "today_x": x(today),
            "expected_x": x(data["expected_certification"]), "label_w": label_w}
