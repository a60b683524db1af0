"""Writes of the audit programme, audits, their teams and checklists (ISO/IEC 42001 9.2.1, 9.2.2): validated,
versioned and audited through the records kit; every state change through :mod:`forty2.records.workflow`; the
programme and each audit report approved through :mod:`forty2.records.approvals` (four eyes, stale when the
content changes)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forty2.catalog.models import Requirement
from forty2.controls.models import ClauseAssessment, SoAEntry
from forty2.core import audit as audit_log
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion, field_error
from forty2.evidence.models import Evidence, EvidenceLink
from forty2.people.models import Person
from forty2.records import approvals, workflow, writes
from forty2.records.validation import clean_note
from forty2.records.workflow import Transition, Workflow
from forty2.tenancy.access import require
from forty2.tenancy.models import Role
from forty2.tenancy.roles import can

from . import hooks, impartiality, scope
from .definitions import AUDIT, AUDIT_PROGRAMME
from .models import (
    Audit,
    AuditItem,
    Auditor,
    AuditorRole,
    AuditStatus,
    ItemResult,
    ProgrammeStatus,
)

PROGRAMME_FLOW = Workflow("status", ProgrammeStatus, [
    Transition("activate", ("draft",), "active", permission="edit_any_record", label="Make active",
               done="made active"),
    Transition("close", ("active",), "closed", permission="edit_any_record", label="Close", done="closed"),
    Transition("reopen", ("closed",), "active", permission="edit_any_record", label="Reopen", done="reopened",
               note_required=True),
])

AUDIT_FLOW = Workflow("status", AuditStatus, [
    Transition("start", ("planned",), "in_progress", permission="manage_audits", label="Start the audit",
               done="started"),
    Transition("report", ("in_progress",), "reporting", permission="manage_audits", label="Move to reporting",
               done="moved to reporting"),
    Transition("complete", ("reporting",), "completed", permission="manage_audits", label="Complete the audit",
               done="completed"),
    Transition("cancel", ("planned", "in_progress", "reporting"), "cancelled", permission="manage_audits",
               label="Cancel the audit", done="cancelled", note_required=True),
])

REPORT = "report"  # the approval kind of an audit's report
OPEN = (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS)
SCOPE_FIELDS = ("scope_clauses", "scope_controls", "ai_system_ids", "unit_ids")


# --- the programme ----------------------------------------------------------------------------------------------

class ProgrammeRules(writes.Rules):
    def check(self, write):
        obj = write.obj
        start = write.cleaned.get("period_start", obj.period_start)
        end = write.cleaned.get("period_end", obj.period_end)
        if start and end and end < start:
            raise InvalidInput([field_error("period_end", "The period must end after it starts.", "date_order")])


def create_programme(membership, data: dict, **initial):
    return writes.create(AUDIT_PROGRAMME, membership, data, rules=ProgrammeRules(), **initial)


def update_programme(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(AUDIT_PROGRAMME, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=ProgrammeRules())


def programme_step(membership, programme, step: str, *, version: int, note: str = ""):
    return workflow.run(AUDIT_PROGRAMME, PROGRAMME_FLOW, membership, programme, step, version=version, note=note)


def programme_content(programme) -> dict:
    """What the programme's approval covers: everything people wrote into it."""
    return writes.snapshot(AUDIT_PROGRAMME, programme)


def programme_approval(programme) -> approvals.ApprovalState:
    return approvals.state(AUDIT_PROGRAMME.name, programme, programme_content(programme))


def may_approve_programme(membership, programme) -> bool:
    return approvals.may_approve(membership, four_eyes=True, record_type=AUDIT_PROGRAMME.name, obj=programme)


def approve_programme(membership, programme, *, version: int, note: str = ""):
    """Approve the programme as it is now (9.2.2), by an approver other than anyone who edited it since."""
    require(membership, "approve")
    with transaction.atomic():
        locked = writes.lock(AUDIT_PROGRAMME, membership.organization, programme.pk)
        if version != locked.version:
            raise StaleVersion(locked.version, version)
        approvals.approve(membership, AUDIT_PROGRAMME.name, locked, content=programme_content(locked), note=note,
                          four_eyes=True, audit_action="audit_programme.approve")
    return locked


def withdraw_programme(membership, programme, *, reason: str):
    require(membership, "approve")
    reason = clean_note(reason, 300, "reason") or "withdrawn"
    with transaction.atomic():
        locked = writes.lock(AUDIT_PROGRAMME, membership.organization, programme.pk)
        approvals.withdraw(membership, AUDIT_PROGRAMME.name, locked, reason=reason,
                           audit_action="audit_programme.withdraw_approval")
    return locked


# --- audits -----------------------------------------------------------------------------------------------------

class AuditRules(writes.Rules):
    def may_edit(self, membership, obj) -> bool:
        """Whoever runs audits (internal auditors too) edits an audit's plan, conclusion and report (9.2.2)."""
        return can(membership, "manage_audits")

    def check(self, write):
        obj = write.obj
        start = write.cleaned.get("planned_start", obj.planned_start)
        end = write.cleaned.get("planned_end", obj.planned_end)
        if start and end and end < start:
            raise InvalidInput([field_error("planned_end", "The audit must end after it starts.", "date_order")])
        if not write.created and obj.status not in OPEN and any(f in write.cleaned for f in SCOPE_FIELDS):
            before = writes.snapshot(AUDIT, obj)
            if any(write.cleaned[f] != before.get(f) and f.startswith("scope_") for f in SCOPE_FIELDS
                   if f in write.cleaned):
                raise Conflict(f"This audit is {obj.get_status_display().lower()}: its scope can no longer change.")

    def after_save(self, write):
        if write.created or any(f in write.changes for f in SCOPE_FIELDS):
            generate_checklist(write.obj)
            impartiality.recompute(write.obj)


def create_audit(membership, data: dict, **initial):
    return writes.create(AUDIT, membership, data, rules=AuditRules(), **initial)


def update_audit(membership, obj, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(AUDIT, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=AuditRules())


def report_content(audit) -> dict:
    """What the report's approval covers: the conclusion, the report and every checklist result."""
    items = [(i.ref, i.result, i.notes) for i in sorted(audit.items.all(), key=lambda i: (i.position, i.pk))]
    return {"conclusion": audit.conclusion, "report": audit.report, "items": items}


def report_approval(audit) -> approvals.ApprovalState:
    return approvals.state(AUDIT.name, audit, report_content(audit), kind=REPORT)


def may_approve_report(membership, audit) -> bool:
    return approvals.may_approve(membership, four_eyes=True, record_type=AUDIT.name, obj=audit, kind=REPORT)


def approve_report(membership, audit, *, version: int, note: str = ""):
    """Approve the audit report (9.2.2: results reported to relevant management), four eyes: not by anyone who
    wrote it or recorded a result since its last approval. Only once the audit is reporting or completed."""
    require(membership, "approve")
    with transaction.atomic():
        locked = writes.lock(AUDIT, membership.organization, audit.pk)
        if version != locked.version:
            raise StaleVersion(locked.version, version)
        if locked.status not in (AuditStatus.REPORTING, AuditStatus.COMPLETED):
            raise Conflict("Move the audit to reporting before its report is approved.")
        if not locked.report.strip() or not locked.conclusion.strip():
            raise InvalidInput([field_error("report", "Write the conclusion and the report before approving it.",
                                            "required_by")])
        approvals.approve(membership, AUDIT.name, locked, content=report_content(locked), kind=REPORT, note=note,
                          four_eyes=True, audit_action="audit.approve_report",
                          four_eyes_message="You wrote or changed this audit's report or results since it was "
                                            "last approved, so another approver must approve it (four-eyes rule).")
    return locked


def withdraw_report(membership, audit, *, reason: str):
    require(membership, "approve")
    reason = clean_note(reason, 300, "reason") or "withdrawn"
    with transaction.atomic():
        locked = writes.lock(AUDIT, membership.organization, audit.pk)
        approvals.withdraw(membership, AUDIT.name, locked, reason=reason, kind=REPORT,
                           audit_action="audit.withdraw_report")
    return locked


def audit_step(membership, audit, step: str, *, version: int, note: str = ""):
    """Move an audit through :data:`AUDIT_FLOW`. Starting needs a team and a checklist, and every flagged
    auditor justified (9.2.2 c); completing needs a result on every item and a conclusion (9.2.1)."""
    def guard(current):
        if step == "start":
            if not current.items.exists():
                raise InvalidInput([field_error("scope_clauses", "Put at least one clause or Annex A control in "
                                                "scope first.", "required_by")])
            if not current.auditors.exists():
                raise InvalidInput([field_error("auditors", "Add at least one auditor first.", "required_by")])
            impartiality.recompute(current)
            waiting = impartiality.unjustified(current)
            if waiting:
                raise Conflict("Record why these auditors may audit impartially before the audit starts: " + " ".join(
                    f"{a.person.name}: {' '.join(a.flags)}" for a in waiting))
        if step == "complete":
            errors = []
            missing = list(current.items.filter(result="").values_list("ref", flat=True))
            if missing:
                errors.append(field_error("items", f"Record a result for every checklist item; missing: "
                                          f"{', '.join(missing)}.", "required_by"))
            if not current.conclusion.strip():
                errors.append(field_error("conclusion", "Write the audit conclusion first.", "required_by"))
            if errors:
                raise InvalidInput(errors)

    def apply(current):
        now = timezone.now()
        if step == "start" and current.opening_meeting_at is None:
            current.opening_meeting_at = now
            return {"opening_meeting_at": now}
        if step == "report" and current.closing_meeting_at is None:
            current.closing_meeting_at = now
            return {"closing_meeting_at": now}
        if step == "complete":
            current.completed_at = now
            return {"completed_at": now}
        return {}

    return workflow.run(AUDIT, AUDIT_FLOW, membership, audit, step, version=version, note=note, guard=guard,
                        apply=apply)


# --- who may see and do what ------------------------------------------------------------------------------------

def visible(membership, qs):
    """An external auditor sees only the audits whose team they are on; everyone else every audit."""
    if membership.role == Role.EXTERNAL_AUDITOR:
        return qs.filter(auditors__person__user=membership.user).distinct()
    return qs


def on_team(membership, audit) -> bool:
    return Auditor.objects.filter(audit=audit, person__user=membership.user).exists()


def may_record(membership, audit) -> bool:
    """Results: whoever manages audits, or an auditor on the team (an external auditor only so)."""
    if membership.role == Role.EXTERNAL_AUDITOR:
        return membership.is_active and on_team(membership, audit)
    return can(membership, "manage_audits") or (can(membership, "view") and on_team(membership, audit))


# --- the team ---------------------------------------------------------------------------------------------------

def _lock_audit(membership, audit):
    current = writes.lock(AUDIT, membership.organization, audit.pk)
    require(membership, "manage_audits")
    return current


def add_auditor(membership, audit, *, person_id, role: str = AuditorRole.AUDITOR, justification: str = ""):
    """Put a person on the team (9.2.2 c); their impartiality flags are computed at once."""
    if role not in AuditorRole.values:
        raise InvalidInput([field_error("role", f"One of: {', '.join(AuditorRole.values)}.", "enum")])
    justification = clean_note(justification, 2000, "justification")
    org = membership.organization
    with transaction.atomic():
        current = _lock_audit(membership, audit)
        if current.status not in OPEN:
            raise Conflict("The team of a finished audit can no longer change.")
        person = Person.objects.for_org(org).filter(pk=person_id, archived_at__isnull=True).first() \
            if isinstance(person_id, int) else None
        if person is None:
            raise InvalidInput([field_error("person", "Choose a person of the organisation's people register.",
                                            "not_found")])
        if Auditor.objects.filter(audit=current, person=person).exists():
            raise Conflict(f"{person.name} is already on this audit's team.")
        now = timezone.now()
        auditor = Auditor.objects.create(organization=org, audit=current, person=person, role=role,
                                         justification=justification, created_at=now, updated_at=now)
        impartiality.recompute(current)
        auditor.refresh_from_db()
        audit_log.record("audit.add_auditor", org=org, actor=membership.user, obj=current,
                         changes={"auditor": person.name, "role": role, "flags": auditor.flags})
    return auditor


def _refuse_conflict(current, version: int, sent: dict) -> None:
    """The API's PATCH rule on a stale ``version`` (as :func:`forty2.records.writes.refuse_conflict`): 409 only
    when a field sent was changed since that version and now holds another value than the one sent."""
    if version == current.version:
        return
    touched = {name for name, at in current.field_versions.items() if at > version}
    if version > current.version or any(name in touched and not writes.same(value, now)
                                         for name, (value, now) in sent.items()):
        differing = {name: now for name, (value, now) in sent.items() if not writes.same(value, now)}
        raise StaleVersion(current.version, version, fields=differing)


def _note_versions(current, changes: dict) -> None:
    current.field_versions = {**current.field_versions, **{name: current.version for name in changes}}


def update_auditor(membership, auditor, data: dict, *, version: int):
    """Change an auditor's role or record the justification of a flagged auditor (audited)."""
    org = membership.organization
    errors, changes = [], {}
    if "role" in data and data["role"] not in AuditorRole.values:
        errors.append(field_error("role", f"One of: {', '.join(AuditorRole.values)}.", "enum"))
    just = clean_note(data["justification"], 2000, "justification") if "justification" in data else None
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        _lock_audit(membership, auditor.audit)
        current = Auditor.objects.select_for_update().select_related("person").get(pk=auditor.pk, organization=org)
        sent = {"role": (data.get("role"), current.role)} if "role" in data else {}
        if just is not None:
            sent["justification"] = (just, current.justification)
        _refuse_conflict(current, version, sent)
        if "role" in data and data["role"] != current.role:
            changes["role"] = [current.role, data["role"]]
            current.role = data["role"]
        if just is not None and just != current.justification:
            changes["justification"] = [current.justification, just]
            current.justification = just
        if changes:
            current.version += 1
            _note_versions(current, changes)
            current.updated_at = timezone.now()
            current.save()
            audit_log.record("audit.update_auditor", org=org, actor=membership.user, obj=current.audit,
                             changes={"auditor": current.person.name, **changes})
    return current


def remove_auditor(membership, auditor):
    org = membership.organization
    with transaction.atomic():
        current = _lock_audit(membership, auditor.audit)
        if current.status not in OPEN:
            raise Conflict("The team of a finished audit can no longer change.")
        name = auditor.person.name
        Auditor.objects.filter(pk=auditor.pk, organization=org).delete()
        audit_log.record("audit.remove_auditor", org=org, actor=membership.user, obj=current,
                         changes={"auditor": name})


# --- the checklist ----------------------------------------------------------------------------------------------

def _to_sample(org, clause_reqs, control_refs) -> dict:
    """{ref: [{"kind": "evidence", "id", "title"}]}: the evidence linked to each control's SoA entry and each
    clause's assessment (three queries)."""
    owners = {}
    for entry_id, ref in SoAEntry.objects.for_org(org).filter(ref__in=control_refs).values_list("pk", "ref"):
        owners[("soa_entry", entry_id)] = ref
    for ca_id, ref in ClauseAssessment.objects.for_org(org).filter(
            requirement__in=clause_reqs).values_list("pk", "requirement__ref"):
        owners[("clause_assessment", ca_id)] = ref
    out: dict[str, list] = {}
    if not owners:
        return out
    links = EvidenceLink.objects.filter(organization=org).filter(
        Q(record_type="soa_entry", object_id__in=[k[1] for k in owners if k[0] == "soa_entry"])
        | Q(record_type="clause_assessment", object_id__in=[k[1] for k in owners if k[0] == "clause_assessment"])
    ).select_related("evidence").order_by("evidence__title", "evidence_id")
    for link in links:
        ref = owners.get((link.record_type, link.object_id))
        if ref is not None:
            out.setdefault(ref, []).append({"kind": "evidence", "id": link.evidence_id, "title": link.evidence.title})
    return out


def generate_checklist(audit) -> None:
    """(Re)build the checklist from the scope, inside the caller's transaction: one item per clause and control in
    scope with the catalog's guidance and the evidence to sample; results of refs still in scope are kept, items
    of refs no longer in scope removed."""
    org = audit.organization
    positions = scope.order()
    first: dict[str, list[str]] = {}  # carried over from an earlier certification audit: checked first
    for ref, note in hooks.carried_over(audit):
        first.setdefault(ref, []).append(note)
    refs = [*first, *sorted({*audit.scope_clauses, *audit.scope_controls} - set(first),
                            key=lambda r: positions.get(r, 10**6))]
    reqs = {r.ref: r for r in Requirement.objects.filter(framework__slug=scope.FRAMEWORK, ref__in=refs)}
    sample = _to_sample(org, [r for ref, r in reqs.items() if not ref.startswith("A.")],
                        [ref for ref in refs if ref.startswith("A.")])
    existing = {i.ref: i for i in AuditItem.objects.filter(audit=audit)}
    AuditItem.objects.filter(audit=audit).exclude(ref__in=refs).delete()
    now = timezone.now()
    new, changed = [], []
    for position, ref in enumerate(refs):
        req = reqs.get(ref)
        values = {"title": (req.title if req else ref)[:300], "requirement": req, "position": position,
                  "guidance": "\n\n".join([*first.get(ref, ()), req.guidance if req else ""]).strip()[:5000],
                  "to_sample": sample.get(ref, [])}
        item = existing.get(ref)
        if item is None:
            new.append(AuditItem(organization_id=audit.organization_id, audit=audit, ref=ref, created_at=now,
                                 updated_at=now, **values))
        elif any(getattr(item, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(item, k, v)
            item.updated_at = now
            changed.append(item)
    AuditItem.objects.bulk_create(new)
    if changed:
        AuditItem.objects.bulk_update(changed, ["title", "requirement", "position", "guidance", "to_sample",
                                                "updated_at"])


def regenerate(membership, audit) -> Audit:
    """Rebuild the checklist on request (the evidence linked since, the catalog's guidance), keeping results."""
    with transaction.atomic():
        current = _lock_audit(membership, audit)
        if current.status not in OPEN:
            raise Conflict("The checklist of a finished audit can no longer change.")
        generate_checklist(current)
        audit_log.record("audit.regenerate_checklist", org=membership.organization, actor=membership.user,
                         obj=current, changes={"items": current.items.count()})
    return current


def record_result(membership, item, data: dict, *, version: int) -> AuditItem:
    """Record a checklist item's result and the objective evidence seen (notes and/or evidence of the same
    organisation), while the audit is in progress or reporting (9.2.1). Audited on the audit; the report's
    approval goes stale."""
    org = membership.organization
    errors = []
    result = data.get("result")
    if "result" in data and result not in ItemResult.values:
        errors.append(field_error("result", f"One of: {', '.join(v for v in ItemResult.values if v)} (or empty).",
                                  "enum"))
    notes = None
    if "notes" in data:
        notes = clean_note(data["notes"], 10000, "notes")
    ids = None
    if "evidence_ids" in data:
        ids = data["evidence_ids"]
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            errors.append(field_error("evidence_ids", "A list of evidence ids.", "list_type"))
            ids = None
        else:
            ids = sorted(set(ids))
            found = set(Evidence.objects.for_org(org).filter(pk__in=ids).values_list("pk", flat=True))
            if set(ids) - found:
                errors.append(field_error("evidence_ids", "Unknown evidence: "
                                          f"{', '.join(str(i) for i in sorted(set(ids) - found))}.", "not_found"))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        audit = writes.lock(AUDIT, org, item.audit_id)
        if not may_record(membership, audit):
            raise PermissionDenied("Only the audit's team or whoever manages audits may record results.")
        if audit.status not in (AuditStatus.IN_PROGRESS, AuditStatus.REPORTING):
            raise Conflict("Results are recorded while the audit is in progress or reporting.")
        current = AuditItem.objects.select_for_update().get(pk=item.pk, organization=org)
        sent = {}
        if result is not None and "result" in data:
            sent["result"] = (result, current.result)
        if notes is not None:
            sent["notes"] = (notes, current.notes)
        if ids is not None:
            sent["evidence_ids"] = (ids, sorted(current.evidence.values_list("pk", flat=True)))
        _refuse_conflict(current, version, sent)
        changes = {}
        if result is not None and "result" in data and result != current.result:
            changes["result"] = [current.result, result]
            current.result = result
        if notes is not None and notes != current.notes:
            changes["notes"] = [current.notes, notes]
            current.notes = notes
        if ids is not None:
            before = sorted(current.evidence.values_list("pk", flat=True))
            if before != ids:
                changes["evidence_ids"] = [before, ids]
                current.evidence.set(ids)
        if changes:
            now = timezone.now()
            current.checked_by, current.checked_at = membership.user, now
            current.version += 1
            _note_versions(current, changes)
            current.updated_at = now
            current.save()
            approvals.note_edit(membership.user, AUDIT.name, audit, at=now)
            audit_log.record("audit.record_result", org=org, actor=membership.user, obj=audit,
                             changes={"item": current.ref, **changes})
    return current
