"""Writes of concerns, the concern channel and AI incidents (ISO/IEC 42001 A.3.3, A.8.3, A.8.4; EU AI Act Art. 73)
through the records kit: validated, versioned, audited. State changes go through :mod:`forty2.records.workflow`.

The public channel writes without a member (:func:`submit_concern`): its audit event has no actor, and an
anonymous concern stores nothing that identifies the reporter. Other apps open incidents with
:func:`open_incident` (the monitoring app, on a metric breach).
"""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, field_error
from forty2.inventory.models import AISystem
from forty2.records import workflow, writes
from forty2.records.workflow import Transition, Workflow
from forty2.risk.services import flag_for_reassessment
from forty2.tenancy.access import require

from .definitions import CONCERN, INCIDENT
from .models import Concern, ConcernChannel, ConcernKind, ConcernStatus, Incident, IncidentStatus

TRIAGE_WORKING_DAYS = 5
#: A.3.3: a concern still open after this many days must have an owner
OWNERLESS_DAYS = 10
#: A.8.3: an external report is answered within this many days
ANSWER_DAYS = 30

CONCERN_FLOW = Workflow("status", ConcernStatus, [
    Transition("triage", ("received",), "triage", label="Start triage", done="taken into triage"),
    Transition("investigate", ("triage",), "investigating", label="Investigate", done="taken into investigation"),
    Transition("answer", ("triage", "investigating"), "answered", label="Send the answer", done="answered"),
    Transition("close", ("triage", "investigating", "answered"), "closed", label="Close", done="closed"),
    Transition("reopen", ("answered", "closed"), "investigating", label="Reopen", done="reopened",
               note_required=True),
])

INCIDENT_FLOW = Workflow("status", IncidentStatus, [
    Transition("investigate", ("open",), "investigating", label="Start investigating",
               done="taken into investigation"),
    Transition("contain", ("open", "investigating"), "contained", label="Mark contained", done="contained"),
    Transition("resolve", ("investigating", "contained"), "resolved", label="Mark resolved", done="resolved"),
    Transition("close", ("resolved",), "closed", label="Close", done="closed"),
    Transition("reopen", ("resolved", "closed"), "investigating", label="Reopen", done="reopened",
               note_required=True),
])


def add_working_days(day: dt.date, n: int) -> dt.date:
    """``n`` working days (Monday to Friday) after ``day``."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


# --- the concern channel ------------------------------------------------------------------------------------------

def channel(org) -> ConcernChannel | None:
    return ConcernChannel.objects.for_org(org).first()


def channel_open(org) -> bool:
    found = channel(org)
    return found is not None and found.enabled


def set_channel(membership, *, enabled: bool, intro: str = "") -> ConcernChannel:
    """Turn the public concern channel on or off (owners and AIMS managers), audited."""
    require(membership, "edit_any_record")
    org = membership.organization
    intro = (intro or "").strip()
    if len(intro) > 2000:
        raise InvalidInput([field_error("intro", "At most 2,000 characters.", "string_too_long")])
    with transaction.atomic():
        found = ConcernChannel.objects.select_for_update().filter(organization=org).first()
        if found is None:
            try:
                with transaction.atomic():
                    found = ConcernChannel.objects.create(organization=org)
            except IntegrityError:
                found = ConcernChannel.objects.select_for_update().get(organization=org)
        changes = {}
        if found.enabled != enabled:
            changes["enabled"] = [found.enabled, enabled]
        if found.intro != intro:
            changes["intro"] = [found.intro, intro]
        if not changes:
            return found
        found.enabled, found.intro = enabled, intro
        found.version += 1
        found.updated_at = timezone.now()
        found.save()
        audit.record("concern_channel.update", org=org, actor=membership.user, obj=found,
                     object_repr="Concern channel", changes=changes)
    return found


# --- concerns -----------------------------------------------------------------------------------------------------

def new_code() -> str:
    """A follow-up code: 20 characters of base32 (100 bits) in groups of four, easy to copy and read out."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i:i + 4] for i in range(0, 20, 4))


def digest(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hashlib.sha256(cleaned.encode()).hexdigest()


def _text(errors, name, value, limit, *, required=False):
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        errors.append(field_error(name, "Required.", "missing"))
    elif len(value) > limit:
        errors.append(field_error(name, f"At most {limit:,} characters.", "string_too_long"))
    return value


def submit_concern(org, *, subject: str, description: str = "", kind: str = ConcernKind.CONCERN,
                   system_text: str = "", anonymous: bool = True, name: str = "", email: str = "",
                   code: str = ""):
    """A concern from the public channel: (concern, follow-up code). The code is returned once and stored only
    as its digest. Anonymous: no name, e-mail, address, browser, session or user is stored, and the audit event
    names no actor and holds no identity. ``code`` is for the demo only (a code known in advance)."""
    if not channel_open(org):
        raise Conflict("This organisation does not receive concerns through this channel.")
    errors = []
    subject = _text(errors, "subject", subject, 200, required=True)
    description = _text(errors, "description", description, 10000)
    system_text = _text(errors, "system_text", system_text, 300)
    if kind not in ConcernKind.values:
        errors.append(field_error("kind", f"One of: {', '.join(ConcernKind.values)}.", "enum"))
    if anonymous:
        name = email = ""
    else:
        name = _text(errors, "name", name, 200)
        email = _text(errors, "email", email, 254)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(field_error("email", "Enter a valid e-mail address.", "value_error"))
        if not (name or email):
            errors.append(field_error("name", "Give your name or e-mail address, or choose to stay anonymous.",
                                      "required_by"))
    if errors:
        raise InvalidInput(errors)
    code = code or new_code()
    now = timezone.now()
    with transaction.atomic():
        concern = Concern.objects.create(
            organization=org, kind=kind, subject=subject, description=description, system_text=system_text,
            anonymous=bool(anonymous), reporter_name=name, reporter_email=email, code_digest=digest(code),
            received_at=now, triage_due=add_working_days(timezone.localdate(now), TRIAGE_WORKING_DAYS),
            created_at=now, updated_at=now)
        audit.record("concern.receive", org=org, actor=None, obj=concern,
                     changes={"kind": kind, "anonymous": bool(anonymous), "via": "public channel",
                              "triage_due": concern.triage_due.isoformat()})
    return concern, code


def follow_up(org, code: str) -> Concern | None:
    """The concern a follow-up code belongs to, in this organisation (None for an unknown code)."""
    if not code or not code.strip():
        return None
    return Concern.objects.for_org(org).filter(code_digest=digest(code)).exclude(code_digest="").first()


def public_view(concern: Concern) -> dict:
    """What the reporter may read with their code: never the owner, the outcome or who else is involved."""
    answered = concern.status in (ConcernStatus.ANSWERED, ConcernStatus.CLOSED) and bool(concern.answer.strip())
    return {"subject": concern.subject, "kind": concern.kind, "status": concern.status,
            "status_label": ConcernStatus(concern.status).label,
            "received_on": timezone.localdate(concern.received_at),
            "answer": concern.answer if answered else None,
            "answered_on": timezone.localdate(concern.answered_at) if answered and concern.answered_at else None}


class ConcernRules(writes.Rules):
    def before_save(self, write):
        if write.created:
            now = timezone.now()
            write.obj.received_at = now
            write.obj.triage_due = add_working_days(timezone.localdate(now), TRIAGE_WORKING_DAYS)


def create_concern(membership, data: dict):
    """A concern a member records (told in person, by phone or letter): no reporter identity, no code."""
    return writes.create(CONCERN, membership, data, rules=ConcernRules())


def update_concern(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(CONCERN, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=ConcernRules())


def concern_step(membership, concern: Concern, step: str, *, version: int, note: str = ""):
    """Move a concern through a step of :data:`CONCERN_FLOW` (every step audited)."""
    def guard(current):
        if step == "answer" and not current.answer.strip():
            raise InvalidInput([field_error("answer", "Write the answer the reporter will read first.",
                                            "required_by")])
        if step == "close" and not current.outcome.strip():
            raise InvalidInput([field_error("outcome", "Record the outcome before closing the concern.",
                                            "required_by")])

    def apply(current):
        now = timezone.now()
        if step == "triage":
            current.triaged_at = now
            return {"triaged_at": now}
        if step == "answer":
            current.answered_at = now
            return {"answered_at": now}
        return {}

    return workflow.run(CONCERN, CONCERN_FLOW, membership, concern, step, version=version, note=note, guard=guard,
                        apply=apply)


# --- incidents ----------------------------------------------------------------------------------------------------

def _flag_risks(write, system_ids) -> None:
    if not system_ids:
        return
    incident = write.obj
    reason = (f"AI incident '{incident.title}' (became aware on {incident.aware_on.isoformat()}) involves its AI "
              "system: re-assess the risk (8.2, A.8.4).")
    flag_for_reassessment(write.org, write.actor, system_ids, reason, cause=f"incident:{incident.pk}")


class IncidentRules(writes.Rules):
    def after_save(self, write):
        if write.created:
            added = set(write.changes.get("ai_system_ids") or [])
        else:
            change = write.changes.get("ai_system_ids")
            added = set(change[1]) - set(change[0]) if isinstance(change, list) and len(change) == 2 else set()
        _flag_risks(write, sorted(added))


def create_incident(membership, data: dict, **initial):
    return writes.create(INCIDENT, membership, data, rules=IncidentRules(), **initial)


def update_incident(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(INCIDENT, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=IncidentRules())


def open_incident(membership, *, title: str, description: str = "", ai_system_ids=(), source: str = "") -> Incident:
    """Open an AI incident from another app (a metric breach, a concern): aware today, open, its systems' risks
    flagged for re-assessment. ``source`` says where it came from ("monitoring: metric 12"). Raises the kit's
    InvalidInput for a bad title or an AI system not of the organisation."""
    ids = [int(i) for i in ai_system_ids or ()]
    known = set(AISystem.objects.for_org(membership.organization).filter(pk__in=ids, archived_at__isnull=True)
                .values_list("pk", flat=True))
    data = {"title": title, "description": description or "", "ai_system_ids": ids,
            "aware_on": timezone.localdate().isoformat(), "detected_by": (source or "")[:300]}
    if set(ids) - known:
        raise InvalidInput([field_error("ai_system_ids", "Name AI systems of the organisation's register.",
                                        "not_found")])
    return create_incident(membership, data, source=(source or "")[:100])


def incident_step(membership, incident: Incident, step: str, *, version: int, note: str = ""):
    """Move an incident through a step of :data:`INCIDENT_FLOW`; closing needs the root cause and actions."""
    def guard(current):
        if step == "close":
            errors = []
            if not current.root_cause.strip():
                errors.append(field_error("root_cause", "Record the root cause before closing (A.8.4).",
                                          "required_by"))
            if not (current.corrective_actions.strip() or current.immediate_actions.strip()):
                errors.append(field_error("corrective_actions", "Record the actions taken before closing (10.2).",
                                          "required_by"))
            if errors:
                raise InvalidInput(errors)

    def apply(current):
        if step == "close":
            current.closed_at = timezone.now()
            return {"closed_at": current.closed_at}
        if step == "reopen" and current.closed_at:
            current.closed_at = None
            return {"closed_at": None}
        return {}

    return workflow.run(INCIDENT, INCIDENT_FLOW, membership, incident, step, version=version, note=note,
                        guard=guard, apply=apply)
