"""Findings, the nonconformity cycle and corrective actions (ISO/IEC 42001 9.2.1, 10.2): validated, versioned,
audited writes through the records kit; every state change through :mod:`forty2.records.workflow`.

Other apps and helpers use :func:`raise_finding` (which opens the :class:`Nonconformity` of a major or minor
nonconformity in the same transaction), :data:`NC_FLOW` and one function per step: :func:`correct`,
:func:`analyse`, :func:`start_actions`, :func:`submit_for_verification`, :func:`verify` (closure, or back to the
actions or the analysis when not effective) and :func:`reopen`. :func:`nc_step` runs a step by name (API, pages).

Verification of effectiveness (10.2 d) is by someone other than any action owner and other than whoever raised
the finding, no sooner than ``verify_after`` (the last action done + the nonconformity's minimum interval).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, field_error
from forty2.records import workflow, writes
from forty2.records.validation import clean, clean_note
from forty2.records.workflow import Transition, Workflow
from forty2.tenancy.models import Role
from forty2.tenancy.roles import can

from .definitions import CORRECTIVE_ACTION, FINDING, NONCONFORMITY
from .models import (
    NC_KINDS,
    ActionStatus,
    CauseMethod,
    CorrectiveAction,
    Finding,
    FindingKind,
    FindingSource,
    FindingStatus,
    NCState,
    Nonconformity,
)

#: the organisation-wide default of the minimum interval between the last action done and the verification
DEFAULT_VERIFY_INTERVAL = 30
#: days after ``verify_after`` by which the verification is due
VERIFY_WINDOW_DAYS = 30
#: default days from the finding to the correction and to the cause analysis, by severity
CORRECTION_DAYS = {FindingKind.MAJOR_NC: 7, FindingKind.MINOR_NC: 30}
ANALYSIS_DAYS = {FindingKind.MAJOR_NC: 30, FindingKind.MINOR_NC: 60}
MAX_WHYS = 5

#: the fixed list of cause categories (structured root cause, 10.2 b)
CAUSE_CATEGORIES = {
    "people": "People (competence, awareness, workload)",
    "process": "Process (missing, unclear or not followed)",
    "technology_model": "Technology / AI model",
    "data": "Data",
    "supplier": "Supplier or third party",
    "governance": "Governance (roles, oversight, decisions)",
    "environment": "Environment (context, regulation, use)",
}

#: the link each source needs (10.2: where the nonconformity came from)
SOURCE_LINK = {FindingSource.AUDIT: "audit", FindingSource.INCIDENT: "incident",
               FindingSource.METRIC_BREACH: "metric", FindingSource.CONCERN: "concern",
               FindingSource.MANAGEMENT_REVIEW: "source_note", FindingSource.OTHER: "source_note"}

ACTIVE_ACTION = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
OPEN_NC = (NCState.OPEN, NCState.CORRECTED, NCState.ANALYSED, NCState.ACTIONS, NCState.VERIFYING)
#: a nonconformity in these steps may still get corrective actions
ACTIONS_ALLOWED = (NCState.OPEN, NCState.CORRECTED, NCState.ANALYSED, NCState.ACTIONS)

NC_FLOW = Workflow("state", NCState, [
    Transition("correct", ("open",), "corrected", label="Record the correction", done="corrected"),
    Transition("analyse", ("corrected",), "analysed", label="Record the root cause", done="analysed"),
    Transition("start_actions", ("analysed",), "actions", label="Start the corrective actions",
               done="given its corrective actions"),
    Transition("submit", ("actions",), "verifying", label="Actions done: ask for verification",
               done="sent for verification"),
    Transition("close", ("verifying",), "closed", permission="manage_audits",
               label="Verified effective: close", done="closed", note_required=True),
    Transition("ineffective_actions", ("verifying",), "actions", permission="manage_audits",
               label="Not effective: more actions", done="found not effective", note_required=True),
    Transition("ineffective_analysis", ("verifying",), "analysed", permission="manage_audits",
               label="Not effective: analyse the cause again", done="found not effective", note_required=True),
    Transition("reopen", ("closed",), "open", permission="manage_audits", label="Reopen", done="reopened",
               note_required=True),
    Transition("reopen_analysis", ("closed",), "analysed", permission="manage_audits",
               label="Reopen at the cause analysis", done="reopened", note_required=True),
])

ACTION_FLOW = Workflow("status", ActionStatus, [
    Transition("start", ("open",), "in_progress", label="Start", done="started"),
    Transition("done", ("open", "in_progress"), "done", label="Mark done", done="done"),
    Transition("cancel", ("open", "in_progress"), "cancelled", label="Cancel", done="cancelled",
               note_required=True),
    Transition("reopen", ("done", "cancelled"), "in_progress", label="Reopen", done="reopened",
               note_required=True),
])

FINDING_FLOW = Workflow("status", FindingStatus, [
    Transition("close", ("open",), "closed", label="Close", done="closed"),
    Transition("reopen", ("closed",), "open", label="Reopen", done="reopened", note_required=True),
])


def _bad(name: str, msg: str, type_: str = "value_error"):
    return InvalidInput([field_error(name, msg, type_)])


# --- who may raise a finding --------------------------------------------------------------------------------------

def on_audit_team(user, audit) -> bool:
    """Whether ``user`` is on ``audit``'s team (an auditor whose person record is theirs)."""
    from forty2.audits.models import Auditor

    return user.pk is not None and Auditor.objects.filter(
        organization_id=audit.organization_id, audit=audit, person__user_id=user.pk).exists()


def may_raise(membership, audit=None) -> bool:
    """On an audit: its team, owners, AIMS managers and internal auditors (an external auditor only on an audit
    whose team they are on). Elsewhere: whoever may create records, and internal auditors."""
    if membership is None or not membership.is_active:
        return False
    if audit is not None:
        return membership.role in (Role.OWNER, Role.AIMS_MANAGER, Role.INTERNAL_AUDITOR) or \
            on_audit_team(membership.user, audit)
    return can(membership, "create_record") or membership.role == Role.INTERNAL_AUDITOR


def _require_raise(membership, audit) -> None:
    if may_raise(membership, audit):
        return
    if audit is not None:
        raise PermissionDenied("Only the audit's team, AIMS managers and internal auditors may raise a finding on "
                               f"the audit ‘{audit}’.")
    if membership.role == Role.EXTERNAL_AUDITOR:
        raise PermissionDenied("An external auditor raises findings only on an audit whose team they are on.")
    raise PermissionDenied(f"Your role ({membership.get_role_display()}) may not raise findings.")


# --- the requirement concerned ------------------------------------------------------------------------------------

def normalise_ref(ref: str) -> str:
    ref = (ref or "").strip()
    return "A." + ref[2:] if ref[:2].lower() == "a." else ref


def resolve_requirement(org, ref: str):
    """(catalog requirement or None, SoA entry or None) of a clause or control ref; InvalidInput naming
    ``requirement_ref`` when neither the catalog nor the organisation's SoA has it."""
    from forty2.catalog.models import Requirement
    from forty2.controls.models import SoAEntry
    from forty2.controls.services import ISO42001

    requirement = (Requirement.objects.filter(framework__slug=ISO42001, ref=ref, kind__in=("clause", "control"))
                   .first())
    entry = SoAEntry.objects.for_org(org).filter(ref=ref).first() if ref.startswith("A.") or requirement is None \
        else None
    if requirement is None and entry is None:
        raise _bad("requirement_ref", f"No clause or control numbered ‘{ref}’ in the ISO/IEC 42001 catalog or the "
                   "organisation's SoA (write it as 6.1.4 or A.6.2.6).", "not_found")
    if requirement is not None and requirement.kind == "control" and entry is None:
        from forty2.controls.services import ensure_soa

        ensure_soa(org)
        entry = SoAEntry.objects.for_org(org).filter(ref=ref).first()
    return requirement, entry


class FindingRules(writes.Rules):
    """The source's link is required, the checklist item belongs to the audit, the requirement is in the catalog;
    a nonconformity finding is opened, and a nonconformity keeps the finding's severity."""

    def _value(self, write, name):
        if name in write.cleaned:
            return write.cleaned[name]
        return getattr(write.obj, FINDING.by_name[name].attr)

    def check(self, write):
        errors = []
        source = self._value(write, "source")
        kind = self._value(write, "kind")
        needed = SOURCE_LINK.get(source)
        if source == FindingSource.COMPLAINT:
            if not (self._value(write, "concern") or (self._value(write, "source_note") or "").strip()):
                errors.append(field_error("concern", "A complaint needs the concern it was received as, or the "
                                          "complaint in words (source_note).", "required_by"))
        elif needed == "source_note":
            if not (self._value(write, "source_note") or "").strip():
                errors.append(field_error("source_note", f"Say which {FindingSource(source).label.lower()} it came "
                                          "from.", "required_by"))
        elif needed and not self._value(write, needed):
            errors.append(field_error(needed, f"A finding from {'an' if needed[0] in 'aei' else 'a'} "
                                      f"{FindingSource(source).label.lower()} needs the {needed.replace('_', ' ')} "
                                      "it came from.", "required_by"))
        audit, item = self._value(write, "audit"), self._value(write, "audit_item")
        if item is not None and (audit is None or item.audit_id != audit.pk):
            errors.append(field_error("audit_item", "The checklist item must be one of the audit's.", "mismatch"))
        ref = normalise_ref(self._value(write, "requirement_ref"))
        if "requirement_ref" in write.cleaned or write.created:
            if ref:
                try:
                    write.obj.requirement, write.obj.soa_entry = resolve_requirement(write.org, ref)
                except InvalidInput as exc:
                    errors.extend(exc.errors)
            else:
                write.obj.requirement, write.obj.soa_entry = None, None
                if kind in NC_KINDS:
                    errors.append(field_error("requirement_ref", "A nonconformity names the requirement not met "
                                              "(a clause such as 6.1.4 or a control such as A.6.2.6).",
                                              "required_by"))
            if "requirement_ref" in write.cleaned:
                write.cleaned["requirement_ref"] = ref
        elif kind in NC_KINDS and not ref:
            errors.append(field_error("requirement_ref", "A nonconformity names the requirement not met.",
                                      "required_by"))
        if not write.created and "kind" in write.cleaned:
            if write.obj.kind in NC_KINDS and kind not in NC_KINDS:
                errors.append(field_error("kind", "A nonconformity stays one: only its severity (major or minor) "
                                          "may change.", "value_error"))
        if errors:
            raise InvalidInput(errors)
        if audit is not None and not write.created and "audit" in write.cleaned:
            _require_raise(write.membership, audit)

    def after_save(self, write):
        finding = write.obj
        if finding.kind not in NC_KINDS:
            return
        nc = Nonconformity.objects.for_org(write.org).filter(finding=finding).first()
        if nc is None:
            open_nonconformity(write.membership, finding)
        elif nc.severity != finding.kind:
            before = nc.severity
            Nonconformity.objects.filter(pk=nc.pk).update(severity=finding.kind, version=nc.version + 1,
                                                          updated_at=timezone.now())
            audit.record("nonconformity.update", org=write.org, actor=write.actor, obj=nc,
                         changes={"severity": [before, finding.kind]})


def open_nonconformity(membership, finding: Finding) -> Nonconformity:
    """The nonconformity of a major or minor nonconformity finding, with its default due dates (inside the
    finding's transaction)."""
    today = finding.raised_on or timezone.localdate()
    nc = Nonconformity.objects.create(
        organization=finding.organization, finding=finding, severity=finding.kind, owner=finding.owner,
        correction_due=today + dt.timedelta(days=CORRECTION_DAYS[finding.kind]),
        analysis_due=today + dt.timedelta(days=ANALYSIS_DAYS[finding.kind]),
        verify_interval_days=DEFAULT_VERIFY_INTERVAL, created_by=membership.user)
    audit.record("nonconformity.create", org=finding.organization, actor=membership.user, obj=nc,
                 changes={"finding": finding.title, "severity": finding.kind, "state": nc.state,
                          "correction_due": nc.correction_due.isoformat(),
                          "analysis_due": nc.analysis_due.isoformat()})
    return nc


def raise_finding(membership, data: dict) -> Finding:
    """Record a finding (9.2.1, 10.2) and, for a major or minor nonconformity, open its :class:`Nonconformity`
    in the same transaction. ``data``: Finding fields by service or API name (``title``, ``kind``,
    ``requirement_ref``, ``source``, ``audit``, ``audit_item``, ``incident``, ``concern``, ``metric`` ids …).

    Raises InvalidInput (422, naming each field) and PermissionDenied (403): see :func:`may_raise`."""
    org = membership.organization
    if membership.role != Role.EXTERNAL_AUDITOR:
        _require_raise(membership, None)  # a viewer may raise none, whatever the source
    rules = FindingRules()
    with transaction.atomic():
        cleaned = clean(FINDING, org, data)
        _require_raise(membership, cleaned.get("audit"))
        obj = Finding(organization=org, created_by=membership.user, raised_by=membership.user)
        write = writes.Write(FINDING, membership, obj, cleaned, created=True, action="finding.create")
        rules.check(write)
        writes.record_checking.send(sender=Finding, record_type=FINDING, write=write)
        for name, value in cleaned.items():
            f = FINDING.by_name[name]
            if f.kind != "links":
                setattr(obj, f.attr, value)
        obj.save()
        for name, value in cleaned.items():
            f = FINDING.by_name[name]
            if f.kind == "links":
                getattr(obj, f.attr).set(value)
        write.changes = writes.snapshot(FINDING, obj)
        write.changes["raised_by"] = membership.user.email
        audit.record("finding.create", org=org, actor=membership.user, obj=obj,
                     changes=writes.audited(FINDING, write.changes, writes.ref_labels(FINDING, obj)))
        rules.after_save(write)
        writes.record_changed.send(sender=Finding, record_type=FINDING, write=write)
    return obj


def update_finding(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(FINDING, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=FindingRules())


def finding_step(membership, finding: Finding, step: str, *, version: int, note: str = ""):
    """Close or reopen an observation or opportunity for improvement (a nonconformity's finding closes and
    reopens with its nonconformity)."""
    def guard(current):
        if current.kind in NC_KINDS:
            raise Conflict("A nonconformity's finding closes and reopens with its nonconformity; use the "
                           "nonconformity's steps.")

    def apply(current):
        current.closed_at = timezone.now() if step == "close" else None
        return {"closed_at": current.closed_at}

    return workflow.run(FINDING, FINDING_FLOW, membership, finding, step, version=version, note=note,
                        guard=guard, apply=apply)


# --- the nonconformity cycle (10.2) -------------------------------------------------------------------------------

class NCRules(writes.Rules):
    def check(self, write):
        if write.obj.state == NCState.CLOSED and set(write.cleaned) - {"owner"}:
            raise Conflict("This nonconformity is closed; reopen it to change its due dates.")


def update_nonconformity(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    """Change the owner, the due dates or the minimum interval before verification."""
    return writes.update(NONCONFORMITY, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=NCRules())


def _text(data, name, limit, *, required=True, label=""):
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _bad(name, "Must be text.", "string_type")
    value = value.strip()
    if required and not value:
        raise _bad(name, f"{label or name.replace('_', ' ').capitalize()} is required for this step.", "missing")
    if len(value) > limit:
        raise _bad(name, f"At most {limit:,} characters.", "string_too_long")
    return value


def clean_analysis(data: dict) -> dict:
    """The structured root cause: five whys (1 to 5) or categories from :data:`CAUSE_CATEGORIES`, the summary,
    and the 10.2 b answer (yes or no, with a note). Every problem at once, each naming its field."""
    errors, out = [], {}
    method = data.get("cause_method")
    if method not in CauseMethod.values:
        errors.append(field_error("cause_method", f"One of: {', '.join(CauseMethod.values)}.", "enum"))
    elif method == CauseMethod.FIVE_WHYS:
        whys = data.get("whys")
        if not isinstance(whys, list) or not whys or len(whys) > MAX_WHYS or \
                not all(isinstance(w, str) and w.strip() and len(w.strip()) <= 500 for w in whys):
            errors.append(field_error("whys", f"Give 1 to {MAX_WHYS} answers to ‘why?’, each a line of text (at "
                                      "most 500 characters).", "value_error"))
        else:
            out["root_cause"] = {"whys": [w.strip() for w in whys]}
    else:
        cats = data.get("categories")
        if not isinstance(cats, list) or not cats or not all(c in CAUSE_CATEGORIES for c in cats):
            errors.append(field_error("categories", f"Choose one or more of: {', '.join(CAUSE_CATEGORIES)}.",
                                      "enum"))
        else:
            out["root_cause"] = {"categories": sorted(set(cats), key=list(CAUSE_CATEGORIES).index)}
    for name, limit, label in (("cause_summary", 5000, "The root cause in a sentence or two"),
                               ("similar_note", 2000, "A note on similar nonconformities (10.2 b)")):
        try:
            out[name] = _text(data, name, limit, label=label)
        except InvalidInput as exc:
            errors.extend(exc.errors)
    similar = data.get("similar_elsewhere")
    if not isinstance(similar, bool):
        errors.append(field_error("similar_elsewhere", "Answer yes or no: do similar nonconformities exist, or "
                                  "could they occur, elsewhere (10.2 b)?", "missing"))
    out["similar_elsewhere"] = similar
    out["cause_method"] = method
    if errors:
        raise InvalidInput(errors)
    return out


def _run(membership, nc, step, *, version, note="", guard=None, apply=None):
    return workflow.run(NONCONFORMITY, NC_FLOW, membership, nc, step, version=version, note=note, guard=guard,
                        apply=apply)


def correct(membership, nc: Nonconformity, *, version: int, correction: str, note: str = ""):
    """10.2 a: the correction made (open → corrected)."""
    text = _text({"correction": correction}, "correction", 5000, label="The correction made")

    def apply(current):
        current.correction, current.corrected_at = text, timezone.now()
        return {"correction": text, "corrected_at": current.corrected_at}

    return _run(membership, nc, "correct", version=version, note=note, apply=apply)


def analyse(membership, nc: Nonconformity, *, version: int, note: str = "", **data):
    """10.2 b: the root cause (five whys or cause categories, with a summary) and whether similar
    nonconformities exist elsewhere (corrected → analysed)."""
    cleaned = clean_analysis(data)

    def apply(current):
        for name, value in cleaned.items():
            setattr(current, name, value)
        current.analysed_at = timezone.now()
        return {**cleaned, "analysed_at": current.analysed_at}

    return _run(membership, nc, "analyse", version=version, note=note, apply=apply)


def start_actions(membership, nc: Nonconformity, *, version: int, note: str = ""):
    """10.2 c: at least one corrective action with an owner and a due date (analysed → actions)."""
    def guard(current):
        live = CorrectiveAction.objects.for_org(current.organization).filter(nonconformity=current).exclude(
            status=ActionStatus.CANCELLED)
        if not live.filter(owner__isnull=False, due_on__isnull=False).exists():
            raise _bad("actions", "Add at least one corrective action with an owner and a due date first.",
                       "required_by")

    return _run(membership, nc, "start_actions", version=version, note=note, guard=guard)


def submit_for_verification(membership, nc: Nonconformity, *, version: int, note: str = ""):
    """Every action done or cancelled, at least one done (actions → verifying); sets ``verify_after`` (the last
    action done + the minimum interval) and the verification's due date."""
    found = {}

    def guard(current):
        actions = list(CorrectiveAction.objects.for_org(current.organization).filter(nonconformity=current))
        if any(a.status in ACTIVE_ACTION for a in actions):
            raise Conflict("Every corrective action must be done or cancelled before the effectiveness is "
                           "verified.")
        done = [a.done_at for a in actions if a.status == ActionStatus.DONE and a.done_at]
        if not done:
            raise Conflict("At least one corrective action must be done before the effectiveness is verified.")
        found["last"] = timezone.localdate(max(done))

    def apply(current):
        current.verify_after = found["last"] + dt.timedelta(days=current.verify_interval_days)
        current.verification_due = current.verify_after + dt.timedelta(days=VERIFY_WINDOW_DAYS)
        return {"verify_after": current.verify_after, "verification_due": current.verification_due}

    return _run(membership, nc, "submit", version=version, note=note, guard=guard, apply=apply)


def independence_problem(user, nc: Nonconformity) -> str:
    """Why ``user`` may not verify ``nc``'s effectiveness (10.2 d), or "" when they may."""
    owners = set(CorrectiveAction.objects.filter(organization_id=nc.organization_id, nonconformity=nc,
                                                 owner__isnull=False).values_list("owner_id", flat=True))
    if user.pk in owners:
        return ("You own one of its corrective actions: the effectiveness is verified by someone other than any "
                "action owner.")
    raised_by = Finding.objects.filter(pk=nc.finding_id).values_list("raised_by_id", flat=True).first()
    if raised_by is not None and user.pk == raised_by:
        return ("You raised the finding: the effectiveness is verified by someone other than whoever raised "
                "it.")
    return ""


def verify(membership, nc: Nonconformity, *, version: int, effective: bool, note: str, back_to: str = "actions"):
    """10.2 d: verification of effectiveness by someone independent of the actions and the finding. Effective:
    closed (and its finding closed), no sooner than ``verify_after``. Not effective: back to ``actions`` or
    ``analysed`` with the note."""
    if not isinstance(effective, bool):
        raise _bad("effective", "Answer yes or no: were the corrective actions effective?", "missing")
    if effective:
        step = "close"
    elif back_to in ("actions", "analysed", "analysis"):
        step = "ineffective_actions" if back_to == "actions" else "ineffective_analysis"
    else:
        raise _bad("back_to", "One of: actions, analysed.", "enum")
    note = clean_note(note, 2000)
    if not note:
        raise _bad("note", "Say what was checked and what it showed (the verification of effectiveness).",
                   "missing")

    def guard(current):
        problem = independence_problem(membership.user, current)
        if problem:
            raise PermissionDenied(problem)
        today = timezone.localdate()
        if effective and current.verify_after and today < current.verify_after:
            raise Conflict(f"Too early: the effectiveness can be verified from {current.verify_after.isoformat()}, "
                           f"{current.verify_interval_days} days after the last corrective action was done.")

    def apply(current):
        now = timezone.now()
        current.verified_by, current.verified_at = membership.user, now
        current.effective, current.verification_note = effective, note
        changes = {"verified_by": membership.user, "verified_at": now, "effective": effective,
                   "verification_note": note}
        if effective:
            current.closed_at = now
            changes["closed_at"] = now
            _set_finding(membership, current, FindingStatus.CLOSED, now)
        return changes

    return _run(membership, nc, step, version=version, note=note, guard=guard, apply=apply)


def _set_finding(membership, nc, status, closed_at):
    finding = Finding.objects.select_for_update().get(pk=nc.finding_id, organization=nc.organization)
    if finding.status == status:
        return
    before = finding.status
    finding.status, finding.closed_at = status, closed_at
    finding.version += 1
    finding.updated_at = timezone.now()
    finding.save(update_fields=["status", "closed_at", "version", "updated_at"])
    audit.record(f"finding.{'close' if status == FindingStatus.CLOSED else 'reopen'}", org=nc.organization,
                 actor=membership.user, obj=finding,
                 changes={"status": [before, status], "via": f"nonconformity {nc.reference}"})


def reopen(membership, nc: Nonconformity, *, version: int, note: str, to: str = "open"):
    """Reopen a closed nonconformity at the start (``open``) or at the cause analysis (``analysed``); the note
    is required, the count of reopenings goes up and its finding opens again."""
    if to not in ("open", "analysed"):
        raise _bad("to", "One of: open, analysed.", "enum")

    def apply(current):
        current.reopened_count += 1
        current.closed_at = None
        current.verify_after = current.verification_due = None
        current.effective = None
        _set_finding(membership, current, FindingStatus.OPEN, None)
        return {"reopened_count": current.reopened_count, "closed_at": None}

    return _run(membership, nc, "reopen" if to == "open" else "reopen_analysis", version=version, note=note,
                apply=apply)


def nc_step(membership, nc: Nonconformity, step: str, *, version: int, note: str = "", data: dict | None = None):
    """Run the step ``step`` of :data:`NC_FLOW` with its data (the API's and the pages' one entry point)."""
    data = dict(data or {})
    NC_FLOW.get(step)  # an unknown step: 409 naming the steps
    if step == "correct":
        return correct(membership, nc, version=version, note=note, correction=data.get("correction"))
    if step == "analyse":
        return analyse(membership, nc, version=version, note=note, **{
            k: data.get(k) for k in ("cause_method", "whys", "categories", "cause_summary", "similar_elsewhere",
                                     "similar_note")})
    if step == "start_actions":
        return start_actions(membership, nc, version=version, note=note)
    if step == "submit":
        return submit_for_verification(membership, nc, version=version, note=note)
    if step == "close":
        return verify(membership, nc, version=version, effective=True, note=note)
    if step in ("ineffective_actions", "ineffective_analysis"):
        return verify(membership, nc, version=version, effective=False, note=note,
                      back_to="actions" if step == "ineffective_actions" else "analysed")
    return reopen(membership, nc, version=version, note=note, to="open" if step == "reopen" else "analysed")


# --- corrective actions (10.2 c) ----------------------------------------------------------------------------------

class ActionRules(writes.Rules):
    def check(self, write):
        nc = write.cleaned.get("nonconformity", None) if "nonconformity" in write.cleaned else None
        if nc is None and not write.created:
            nc = write.obj.nonconformity
        if nc is not None and nc.state not in ACTIONS_ALLOWED and (write.created or "nonconformity" in write.cleaned):
            raise Conflict(f"The nonconformity {nc.reference} is {NC_FLOW.label(nc.state).lower()}; corrective "
                           "actions are added before it is sent for verification (reopen it, or mark it not "
                           "effective, to add more).")
        if not write.created and write.obj.status in (ActionStatus.DONE, ActionStatus.CANCELLED) and \
                set(write.cleaned) - {"outcome"}:
            raise Conflict("This corrective action is done or cancelled; reopen it to change it.")


def create_action(membership, data: dict, **initial):
    return writes.create(CORRECTIVE_ACTION, membership, data, rules=ActionRules(), **initial)


def update_action(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(CORRECTIVE_ACTION, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=ActionRules())


def action_step(membership, action: CorrectiveAction, step: str, *, version: int, note: str = "",
                outcome: str | None = None):
    """Start, finish (the outcome is required), cancel (a note) or reopen a corrective action."""
    outcome = None if outcome is None else _text({"outcome": outcome}, "outcome", 5000, required=False)

    def guard(current):
        nc = Nonconformity.objects.filter(pk=current.nonconformity_id).only("state").first()
        if step == "reopen" and nc is not None and nc.state not in ACTIONS_ALLOWED:
            raise Conflict("Its nonconformity is past the actions step; mark the nonconformity not effective "
                           "first.")
        if step == "done" and not (outcome or current.outcome.strip()):
            raise _bad("outcome", "Say what was done and what it changed (the outcome) to mark it done.",
                       "required_by")

    def apply(current):
        changes = {}
        if outcome:
            current.outcome = outcome
            changes["outcome"] = outcome
        if step == "done":
            current.done_at = timezone.now()
            changes["done_at"] = current.done_at
        elif step == "reopen":
            current.done_at = None
            changes["done_at"] = None
        return changes

    return workflow.run(CORRECTIVE_ACTION, ACTION_FLOW, membership, action, step, version=version, note=note,
                        guard=guard, apply=apply)


# --- what is late -------------------------------------------------------------------------------------------------

def late_steps(nc: Nonconformity, actions, today=None) -> list[tuple[str, dt.date]]:
    """The overdue steps of an open ``nc`` as (what, due): the correction, the cause analysis, an action
    (``actions``: its corrective actions, read by the caller) or the verification."""
    today = today or timezone.localdate()
    late = []
    if nc.state == NCState.OPEN and nc.correction_due and nc.correction_due < today:
        late.append(("correction", nc.correction_due))
    if nc.state in (NCState.OPEN, NCState.CORRECTED) and nc.analysis_due and nc.analysis_due < today:
        late.append(("cause analysis", nc.analysis_due))
    if nc.state in ACTIONS_ALLOWED:
        for a in actions:
            if a.status in ACTIVE_ACTION and a.due_on and a.due_on < today:
                late.append((f"corrective action ‘{a.description[:60]}’", a.due_on))
    if nc.state == NCState.VERIFYING and nc.verification_due and nc.verification_due < today:
        late.append(("verification of effectiveness", nc.verification_due))
    return late
