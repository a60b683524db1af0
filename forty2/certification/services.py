"""Writes of the certification cycle: the certification's own fields (the records kit's write path), planning the
certification body's audits, and recorded events that move the status (ISO/IEC 42001 9.2 and 10.2 as a
certification body applies them; ISO/IEC 17021-1 practice).

Every status change is a transition of :data:`FLOW` through :mod:`forty2.records.workflow` and appends one
:class:`~.models.CertificationEvent` in the same transaction; events are never edited. A decision (or a renewal)
is refused with a Conflict (409) naming what is missing: a completed stage 2 audit after a completed stage 1 (a
completed recertification audit for a renewal), no open major nonconformity from that audit, and an accepted
action plan for each minor one.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from forty2.audits.models import Audit, AuditKind, AuditStatus
from forty2.core import audit as audit_log
from forty2.core import text
from forty2.core.errors import Conflict, InvalidInput, field_error
from forty2.improvement.models import ActionStatus, Finding, FindingKind, FindingStatus, NCState
from forty2.records import workflow, writes
from forty2.records.validation import clean_note
from forty2.records.workflow import Transition, Workflow
from forty2.tenancy.access import require

from . import schedule
from .definitions import CERTIFICATION
from .models import STANDARD, Certification, CertificationEvent, CertificationStatus, EventKind

S = CertificationStatus
BEFORE_CERTIFICATE = (S.PLANNING, S.STAGE1, S.STAGE2)

FLOW = Workflow("status", CertificationStatus, [
    Transition(EventKind.DECISION.value, (S.PLANNING, S.STAGE1, S.STAGE2, S.EXPIRED, S.WITHDRAWN), S.CERTIFIED,
               permission="edit_any_record", label="Record the certification decision", done="certified"),
    Transition(EventKind.SUSPENSION.value, (S.CERTIFIED,), S.SUSPENDED, permission="edit_any_record",
               label="Record a suspension", done="suspended", note_required=True),
    Transition(EventKind.REINSTATEMENT.value, (S.SUSPENDED,), S.CERTIFIED, permission="edit_any_record",
               label="Record the reinstatement", done="reinstated", note_required=True),
    Transition(EventKind.WITHDRAWAL.value, (S.CERTIFIED, S.SUSPENDED), S.WITHDRAWN, permission="edit_any_record",
               label="Record a withdrawal", done="withdrawn", note_required=True),
    Transition(EventKind.SCOPE_EXTENSION.value, (S.CERTIFIED,), S.CERTIFIED, permission="edit_any_record",
               label="Record a scope extension", done="extended in scope"),
    Transition(EventKind.SCOPE_REDUCTION.value, (S.CERTIFIED,), S.CERTIFIED, permission="edit_any_record",
               label="Record a scope reduction", done="reduced in scope"),
    Transition(EventKind.RENEWAL.value, (S.CERTIFIED, S.EXPIRED), S.CERTIFIED, permission="edit_any_record",
               label="Record the renewal", done="renewed"),
])

AUDIT_TITLES = {AuditKind.STAGE1: "Stage 1 audit", AuditKind.STAGE2: "Stage 2 audit",
                AuditKind.SURVEILLANCE: "Surveillance audit", AuditKind.RECERTIFICATION: "Recertification audit"}
CERTIFICATION_KINDS = tuple(AUDIT_TITLES)


# --- reading -------------------------------------------------------------------------------------------------------

def certification(org) -> Certification:
    """The organisation's one certification record, made empty on first use (no event: nothing was decided)."""
    found = Certification.objects.for_org(org).first()
    if found is None:
        try:
            with transaction.atomic():
                found = Certification.objects.create(organization=org, standard=STANDARD)
        except IntegrityError:
            found = Certification.objects.for_org(org).get()
    return found


def certification_audits(org):
    return (Audit.objects.for_org(org).filter(kind__in=CERTIFICATION_KINDS, archived_at__isnull=True)
            .order_by("planned_start", "id"))


def done_on(a: Audit) -> dt.date | None:
    """The day a completed audit ended: its completion, else its planned end (None unless completed)."""
    if a.status != AuditStatus.COMPLETED:
        return None
    if a.completed_at is not None:
        return timezone.localdate(a.completed_at)
    return a.planned_end or a.planned_start


def _nc_open(f: Finding) -> bool:
    nc = getattr(f, "nonconformity", None)
    if nc is None:
        return f.status != FindingStatus.CLOSED
    return nc.state != NCState.CLOSED


def has_plan(f: Finding) -> bool:
    """An accepted action plan: the nonconformity has at least one corrective action, not cancelled, with an owner
    and a due date (10.2 c)."""
    nc = getattr(f, "nonconformity", None)
    if nc is None:
        return False
    return any(a.owner_id and a.due_on and a.status != ActionStatus.CANCELLED for a in nc.actions.all())


def _findings(org, audits):
    return (Finding.objects.for_org(org).filter(audit__in=audits, kind__in=(FindingKind.MAJOR_NC,
                                                                             FindingKind.MINOR_NC))
            .select_related("nonconformity", "audit").prefetch_related("nonconformity__actions")
            .order_by("raised_on", "id"))


def open_ncs(org, kinds=(AuditKind.STAGE2, AuditKind.SURVEILLANCE, AuditKind.RECERTIFICATION)) -> list[Finding]:
    """Nonconformity findings of the certification audits not closed yet (majors first)."""
    audits = Audit.objects.for_org(org).filter(kind__in=kinds)
    found = [f for f in _findings(org, audits) if _nc_open(f)]
    return sorted(found, key=lambda f: (f.kind != FindingKind.MAJOR_NC, f.raised_on, f.pk))


def carried_over(org) -> list[Finding]:
    """Minor nonconformities from stage 2 (and the recertification audit) still open: the first items of the next
    surveillance audit."""
    return [f for f in open_ncs(org, (AuditKind.STAGE2, AuditKind.RECERTIFICATION))
            if f.kind == FindingKind.MINOR_NC]


def carried_over_items(audit) -> list[tuple[str, str]]:
    """(ref, note) of each carried-over minor nonconformity: the first checklist items of a surveillance or
    recertification audit (the audits app's ``hooks.CARRIED_OVER``)."""
    if audit.kind not in (AuditKind.SURVEILLANCE, AuditKind.RECERTIFICATION):
        return []
    return [(f.requirement_ref, f"Carried over from {f.audit}: minor nonconformity ‘{f.title}’. Check that its "
             "accepted action plan was carried out and worked.")
            for f in carried_over(audit.organization) if f.requirement_ref]


def _latest_completed(audits, kind, after: dt.date | None = None):
    done = [(done_on(a), a.pk, a) for a in audits if a.kind == kind and done_on(a) is not None]
    done = [d for d in done if after is None or d[0] >= after]
    return max(done)[2] if done else None


def decision_problems(org, kind: str = EventKind.DECISION, cert: Certification | None = None) -> list[str]:
    """Why a decision (or a renewal) cannot be recorded now, in plain words; empty when it can."""
    audits = list(certification_audits(org))
    problems = []
    if kind == EventKind.RENEWAL:
        after = cert.issued_on if cert is not None and cert.issued_on else None
        basis = _latest_completed(audits, AuditKind.RECERTIFICATION, after)
        if basis is None:
            return ["A renewal needs a completed recertification audit after the current certificate was issued."]
    else:
        basis = _latest_completed(audits, AuditKind.STAGE2)
        if basis is None:
            return ["A certification decision needs a completed stage 2 audit."]
        if not any(a.kind == AuditKind.STAGE1 and done_on(a) and done_on(a) <= done_on(basis) for a in audits):
            return ["A certification decision needs a completed stage 1 audit before the stage 2 audit."]
    findings = [f for f in _findings(org, [basis]) if _nc_open(f)]
    majors = [f for f in findings if f.kind == FindingKind.MAJOR_NC]
    if majors:
        problems.append(f"Major nonconformities from the {basis.get_kind_display().lower()} are still open: "
                        + "; ".join(f"‘{f.title}’" for f in majors)
                        + ". Close them (correction and corrective action verified) before the decision.")
    unplanned = [f for f in findings if f.kind == FindingKind.MINOR_NC and not has_plan(f)]
    if unplanned:
        problems.append("Minor nonconformities need an accepted action plan (a corrective action with an owner "
                        "and a due date): " + "; ".join(f"‘{f.title}’" for f in unplanned) + ".")
    return problems


def basis_audit(org, kind, cert):
    audits = list(certification_audits(org))
    if kind == EventKind.RENEWAL:
        return _latest_completed(audits, AuditKind.RECERTIFICATION, cert.issued_on)
    return _latest_completed(audits, AuditKind.STAGE2)


def cycle(org, cert: Certification, audits=None) -> list[schedule.Due]:
    """The surveillance and recertification audits due in the current cycle (empty before a decision)."""
    if cert.issued_on is None or cert.status not in (S.CERTIFIED, S.SUSPENDED, S.EXPIRED):
        return []
    audits = list(certification_audits(org)) if audits is None else audits
    surv = [done_on(a) for a in audits if a.kind == AuditKind.SURVEILLANCE and done_on(a)]
    recert = [done_on(a) for a in audits if a.kind == AuditKind.RECERTIFICATION and done_on(a)]
    return schedule.cycle(cert.issued_on, cert.expires_on, surveillance_done=surv, recertification_done=recert)


# --- writing -------------------------------------------------------------------------------------------------------

def update(membership, cert: Certification, data: dict, *, version: int, base=None, resolved=None):
    """Change the certification's own fields (body, accreditation, scope, standard, certificate number)."""
    require(membership, "edit_any_record")
    return writes.update(CERTIFICATION, membership, cert, data, version=version, base=base, resolved=resolved)


def _date(errors, name, value, *, required=True, today=None):
    if value in (None, ""):
        if required:
            errors.append(field_error(name, "Give the date.", "missing"))
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            errors.append(field_error(name, "A date as YYYY-MM-DD.", "date_parsing"))
            return None
    if not dt.date(1900, 1, 1) <= value <= dt.date(2199, 12, 31):
        errors.append(field_error(name, "A date between 1900 and 2199.", "date_range"))
        return None
    if today is not None and value > today:
        errors.append(field_error(name, "An event is recorded once it has happened: not a future date.", "future"))
        return None
    return value


def _text(errors, name, value, limit, *, required=False, why="missing"):
    value = (value or "").strip() if isinstance(value, str) or value is None else value
    if not isinstance(value, str):
        errors.append(field_error(name, "Text expected.", "string_type"))
        return ""
    if required and not value:
        errors.append(field_error(name, "This is required." if why == "missing" else why,
                                  "missing" if why == "missing" else "required_by"))
    elif len(value) > limit:
        errors.append(field_error(name, f"At most {limit:,} characters.", "string_too_long"))
    elif text.problem(value):
        errors.append(field_error(name, text.problem(value), "string_unicode"))
    return value


def record_event(membership, kind: str, *, date, note: str = "", certificate_number: str = "", scope: str = "",
                 version: int | None = None) -> CertificationEvent:
    """Record one event of the certification and move its status (one transaction, audited as
    ``certification.<kind>``). ``version`` is the certification's version the caller read (None: the current)."""
    org = membership.organization
    require(membership, "edit_any_record")
    errors = []
    if kind not in EventKind.values:
        raise InvalidInput([field_error("kind", f"Use one of: {', '.join(EventKind.values)}.", "enum")])
    day = _date(errors, "date", date, today=timezone.localdate())
    note = _text(errors, "note", note, 2000)
    number = _text(errors, "certificate_number", certificate_number, 100, required=kind == EventKind.DECISION,
                   why="A decision records the certificate's number.")
    scope = _text(errors, "scope", scope, 5000,
                  required=kind in (EventKind.SCOPE_EXTENSION, EventKind.SCOPE_REDUCTION),
                  why="A scope change records the scope of certification as it now stands.")
    if errors:
        raise InvalidInput(errors)
    note = clean_note(note, 2000)
    cert = certification(org)
    made = {}

    def guard(current):
        made["before"] = current.status
        if kind in (EventKind.DECISION, EventKind.RENEWAL):
            problems = decision_problems(org, kind, current)
            if problems:
                raise Conflict(" ".join(problems))
            basis = basis_audit(org, kind, current)
            if day < done_on(basis):
                raise InvalidInput([field_error("date", f"The decision follows the audit: not before "
                                                        f"{done_on(basis).isoformat()}.", "date_order")])
            made["audit"] = basis
        last = CertificationEvent.objects.for_org(org).filter(certification=current).order_by("-date").first()
        if last is not None and day < last.date:
            raise InvalidInput([field_error("date", f"Not before the last recorded event "
                                                    f"({last.date.isoformat()}).", "date_order")])
        if kind == EventKind.SCOPE_EXTENSION or kind == EventKind.SCOPE_REDUCTION:
            if scope == current.scope:
                raise Conflict("The scope of certification is already this; a scope change records a new scope.")

    def apply(current):
        changes = {}
        if kind == EventKind.DECISION:
            current.decision_date = current.issued_on = day
            current.expires_on = schedule.expiry(day)
            current.certificate_number = number
            changes = {"decision_date": day, "issued_on": day, "expires_on": current.expires_on,
                       "certificate_number": number}
        elif kind == EventKind.RENEWAL:
            old = current.expires_on
            current.decision_date = current.issued_on = day
            # renewed before expiry: the new certificate continues the old one (three years from its expiry)
            current.expires_on = schedule.expiry(old if old and day <= old else day)
            changes = {"decision_date": day, "issued_on": day, "expires_on": current.expires_on}
            if number:
                current.certificate_number = number
                changes["certificate_number"] = number
        elif kind in (EventKind.SCOPE_EXTENSION, EventKind.SCOPE_REDUCTION):
            changes = {"scope": [current.scope, scope]}
            current.scope = scope
        event = CertificationEvent.objects.create(
            organization=org, certification=current, kind=kind, date=day, note=note, by=membership.user,
            audit=made.get("audit"), certificate_number=number, scope=scope, status_before=made["before"],
            status_after=current.status)
        made["event"] = event
        return {"date": day, "event_id": event.pk, **({"audit": str(made["audit"])} if made.get("audit") else {}),
                **changes}

    with transaction.atomic():
        workflow.run(CERTIFICATION, FLOW, membership, cert, kind,
                     version=cert.version if version is None else version, note=note, guard=guard, apply=apply)
    return made["event"]


def plan_audit(membership, data: dict) -> Audit:
    """Plan one of the certification body's audits (or record one already held, with ``completed_on``): stage 1
    and 2 before the decision, surveillance and recertification after it. Moves the status from planning to
    stage 1 or stage 2 as the audits are planned. Audited as ``audit.create``."""
    require(membership, "edit_any_record")
    org = membership.organization
    errors = []
    known = {"kind", "title", "planned_start", "planned_end", "certification_body", "objectives", "completed_on",
             "conclusion"}
    for key in sorted(set(data) - known):
        errors.append(field_error(key, "Unknown field.", "extra_forbidden"))
    kind = data.get("kind")
    if kind not in CERTIFICATION_KINDS:
        errors.append(field_error("kind", f"Use one of: {', '.join(CERTIFICATION_KINDS)}.", "enum"))
    title = _text(errors, "title", data.get("title"), 200)
    start = _date(errors, "planned_start", data.get("planned_start"))
    end = _date(errors, "planned_end", data.get("planned_end"), required=False)
    completed = _date(errors, "completed_on", data.get("completed_on"), required=False,
                      today=timezone.localdate())
    body = _text(errors, "certification_body", data.get("certification_body"), 200)
    objectives = _text(errors, "objectives", data.get("objectives"), 5000)
    conclusion = _text(errors, "conclusion", data.get("conclusion"), 10000)
    if start and end and end < start:
        errors.append(field_error("planned_end", "Not before the planned start.", "date_order"))
    if completed and start and completed < start:
        errors.append(field_error("completed_on", "Not before the planned start.", "date_order"))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        cert = Certification.objects.select_for_update().get(pk=certification(org).pk)
        audits = list(certification_audits(org))
        live = [a for a in audits if a.status != AuditStatus.CANCELLED]
        if kind == AuditKind.STAGE2 and not any(a.kind == AuditKind.STAGE1 for a in live):
            raise Conflict("Plan the stage 1 audit first: stage 2 follows it.")
        if kind in (AuditKind.SURVEILLANCE, AuditKind.RECERTIFICATION) and cert.status not in (
                S.CERTIFIED, S.SUSPENDED, S.EXPIRED):
            raise Conflict(f"A {AUDIT_TITLES[kind].lower()} follows a certification decision; "
                           f"the certification is {cert.get_status_display().lower()}.")
        a = Audit.objects.create(
            organization=org, kind=kind, title=title or AUDIT_TITLES[kind], planned_start=start,
            planned_end=end or start, certification_body=body or cert.certification_body, objectives=objectives,
            conclusion=conclusion, owner=membership.user, created_by=membership.user,
            status=AuditStatus.COMPLETED if completed else AuditStatus.PLANNED,
            completed_at=(timezone.make_aware(dt.datetime.combine(completed, dt.time(12)))
                          if completed else None))
        changes = {"kind": kind, "title": a.title, "planned_start": start, "planned_end": a.planned_end,
                   "certification_body": a.certification_body}
        if completed:
            changes.update({"status": AuditStatus.COMPLETED, "completed_on": completed})
        audit_log.record("audit.create", org=org, actor=membership.user, obj=a, changes=changes)
        phase = {AuditKind.STAGE1: S.STAGE1, AuditKind.STAGE2: S.STAGE2}.get(kind)
        order = [S.PLANNING, S.STAGE1, S.STAGE2]
        if phase and cert.status in order and order.index(phase) > order.index(cert.status):
            before = cert.status
            cert.status = phase
            cert.version += 1
            cert.updated_at = timezone.now()
            cert.save(update_fields=["status", "version", "updated_at"])
            audit_log.record("certification.phase", org=org, actor=membership.user, obj=cert,
                             changes={"status": [before, phase], "audit": a.title})
    return a


def expire_lapsed(org, today: dt.date | None = None) -> bool:
    """A certificate past its expiry becomes expired (no person acts: the event has no actor). True when changed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        cert = Certification.objects.select_for_update().filter(organization=org).first()
        if cert is None or cert.status not in (S.CERTIFIED, S.SUSPENDED) or not cert.expires_on \
                or cert.expires_on > today:
            return False
        before = cert.status
        cert.status = S.EXPIRED
        cert.version += 1
        cert.updated_at = timezone.now()
        cert.save(update_fields=["status", "version", "updated_at"])
        audit_log.record("certification.expire", org=org, obj=cert,
                         changes={"status": [before, S.EXPIRED], "expires_on": cert.expires_on})
    return True


def decision_date(org) -> dt.date | None:
    """The certification decision's date on the organisation's certification record, or None: the project plan's
    "certification decision" actual (forty2/planning/actuals.py, registered by forty2/planning/apps.py)."""
    return Certification.objects.filter(organization=org).values_list("decision_date", flat=True).first()
