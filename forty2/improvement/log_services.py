"""Writes of the continual-improvement log (ISO/IEC 42001 10.1) through the records kit: validated, versioned,
audited; the status moves only through :data:`IMPROVEMENT_FLOW` (:mod:`forty2.records.workflow`).

Other apps add entries with :func:`create_improvement` (the management review's decisions on improvement). The
log is also fed without anyone asking (:func:`on_record_changed`, subscribed to the kit's ``record_changed``): an
opportunity-for-improvement finding adds a *proposed* entry, and closing a nonconformity adds a "closed
nonconformity" entry for the lesson learnt — once per finding or nonconformity, whatever happens later. Entries
added that way have no ``created_by``: nobody accepted them yet, so they count for 10.1 only once a person plans
them (:mod:`forty2.improvement.log_checks`).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from forty2.core.errors import InvalidInput, field_error
from forty2.records import workflow, writes
from forty2.records.workflow import Transition, Workflow
from forty2.tenancy.models import Role

from . import log
from .models import Finding, FindingKind, Improvement, ImprovementSource, ImprovementStatus, NCState, Nonconformity

#: the statuses in which an entry is still to be delivered (an overdue one shows in its owner's My work)
OPEN = (ImprovementStatus.PROPOSED, ImprovementStatus.PLANNED, ImprovementStatus.IN_PROGRESS)
#: the statuses a person reached by accepting the entry (10.1 counts them)
ACCEPTED = (ImprovementStatus.PLANNED, ImprovementStatus.IN_PROGRESS, ImprovementStatus.DONE)
#: sources whose entry is made from a record, never typed in by hand
LINKED_SOURCES = {ImprovementSource.OPPORTUNITY: "finding", ImprovementSource.NONCONFORMITY: "nonconformity"}

IMPROVEMENT_FLOW = Workflow("status", ImprovementStatus, [
    Transition("plan", ("proposed",), "planned", label="Plan it", done="planned"),
    Transition("start", ("planned",), "in_progress", label="Start", done="started"),
    Transition("complete", ("planned", "in_progress"), "done", label="Mark done", done="marked done"),
    Transition("reject", ("proposed", "planned", "in_progress"), "rejected", label="Reject", done="rejected",
               note_required=True),
    Transition("reopen", ("done", "rejected"), "proposed", label="Reopen", done="reopened", note_required=True),
])


class ImprovementRules(writes.Rules):
    """An entry from an opportunity or a closed nonconformity names that record; a review decision says which
    decision it was (10.1, 9.3.3)."""

    def check(self, write):
        obj, cleaned = write.obj, write.cleaned
        source = cleaned.get("source", obj.source)
        errors = []
        link = LINKED_SOURCES.get(source)
        if link and not getattr(obj, f"{link}_id"):
            errors.append(field_error("source", "An entry from an opportunity for improvement or a closed "
                                      "nonconformity is added by that finding or nonconformity; choose "
                                      "suggestion, management review decision or other.", "required_by"))
        note = cleaned.get("source_note", obj.source_note)
        if source == ImprovementSource.REVIEW_DECISION and not (note or "").strip():
            errors.append(field_error("source_note", "Name the management review decision (which review, which "
                                      "decision).", "required_by"))
        if errors:
            raise InvalidInput(errors)


def _links(org, data: dict) -> dict:
    """``finding`` / ``nonconformity`` ids in ``data`` as the records of ``org`` (422 naming the key)."""
    initial = {}
    for key, model in (("finding", Finding), ("nonconformity", Nonconformity)):
        if key not in data:
            continue
        value = data.pop(key)
        if value in (None, ""):
            continue
        found = (model.objects.for_org(org).filter(pk=value).first()
                 if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63 else None)
        if found is None:
            raise InvalidInput([field_error(key, f"No such {model._meta.verbose_name} in this organisation.",
                                            "not_found")])
        initial[key] = found
    return initial


def create_improvement(membership, data: dict, **initial) -> Improvement:
    """Add an entry to the improvement log (10.1). ``data`` holds the definition's fields (title, description,
    source, source_note, owner, due_on, benefit …) and optionally ``finding`` / ``nonconformity`` ids it came
    from; a new entry is *proposed*. The management review calls this for its decisions on improvement
    (``source="review_decision"``, ``source_note`` naming the review and decision)."""
    data = dict(data or {})
    initial = {**_links(membership.organization, data), **initial}
    if "nonconformity" in initial and "finding" not in initial:
        initial["finding"] = initial["nonconformity"].finding
    return writes.create(log.IMPROVEMENT, membership, data, rules=ImprovementRules(), **initial)


def update_improvement(membership, obj, data: dict, *, version: int, base=None, resolved=None) -> Improvement:
    return writes.update(log.IMPROVEMENT, membership, obj, data, version=version, base=base, resolved=resolved,
                         rules=ImprovementRules())


def improvement_step(membership, obj: Improvement, step: str, *, version: int, note: str = "") -> Improvement:
    """Move an entry through :data:`IMPROVEMENT_FLOW`: planning needs an owner and a due date, done needs the
    benefit seen (10.1: the improvement is judged by its effect), rejecting and reopening a note."""
    def guard(current):
        errors = []
        if step == "plan":
            if not current.owner_id:
                errors.append(field_error("owner", "Name who carries it out before planning it.", "required_by"))
            if not current.due_on:
                errors.append(field_error("due_on", "Set a due date before planning it.", "required_by"))
        if step == "complete" and not current.benefit_seen.strip():
            errors.append(field_error("benefit_seen", "Record the benefit seen before marking it done.",
                                      "required_by"))
        if errors:
            raise InvalidInput(errors)

    def apply(current):
        if step == "complete":
            current.done_on = timezone.localdate()
            return {"done_on": current.done_on}
        if step == "reopen" and current.done_on:
            current.done_on = None
            return {"done_on": None}
        return {}

    return workflow.run(log.IMPROVEMENT, IMPROVEMENT_FLOW, membership, obj, step, version=version, note=note,
                        guard=guard, apply=apply)


# --- the automatic feed ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Feed:
    """The membership the automatic feed writes with: the person whose change fed the log (the audit event names
    them), allowed to add the entry whatever their role — an internal auditor raising an opportunity may not
    create records, yet the log must get its entry, and a refusal must never undo their finding."""

    membership: object

    @property
    def organization(self):
        return self.membership.organization

    @property
    def user(self):
        return self.membership.user

    role = Role.AIMS_MANAGER
    is_active = True

    def get_role_display(self):
        return self.membership.get_role_display()


def from_opportunity(membership, finding: Finding) -> Improvement | None:
    """A proposed entry for an opportunity-for-improvement finding; None when it has one already."""
    if finding.kind != FindingKind.OFI:
        return None
    org = membership.organization
    with transaction.atomic():
        if Improvement.objects.for_org(org).filter(finding=finding, source=ImprovementSource.OPPORTUNITY).exists():
            return None
        data = {"title": finding.title[:200], "source": ImprovementSource.OPPORTUNITY,
                "description": _source_text(finding.description, finding.objective_evidence)}
        return writes.create(log.IMPROVEMENT, _Feed(membership), data, rules=ImprovementRules(), finding=finding,
                             created_by=None)


def from_closed_nonconformity(membership, nc: Nonconformity) -> Improvement | None:
    """A "closed nonconformity" entry with the lesson learnt (the cause and what was done); None when the
    nonconformity has one already (a reopened and closed-again nonconformity adds no second entry)."""
    org = membership.organization
    with transaction.atomic():
        if Improvement.objects.for_org(org).filter(nonconformity=nc).exists():
            return None
        finding = nc.finding
        lesson = [f"Lesson learnt from the nonconformity ‘{finding.title}’"
                  + (f" ({finding.requirement_ref})" if finding.requirement_ref else "") + "."]
        if nc.cause_summary.strip():
            lesson.append(f"Cause: {nc.cause_summary.strip()}")
        if nc.correction.strip():
            lesson.append(f"Correction: {nc.correction.strip()}")
        if nc.verification_note.strip():
            lesson.append(f"Verification: {nc.verification_note.strip()}")
        data = {"title": f"Lesson learnt: {finding.title}"[:200], "source": ImprovementSource.NONCONFORMITY,
                "description": "\n".join(lesson)[:5000]}
        return writes.create(log.IMPROVEMENT, _Feed(membership), data, rules=ImprovementRules(), finding=finding,
                             nonconformity=nc, created_by=None)


def _source_text(*parts) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())[:5000]


def on_record_changed(sender, record_type=None, write=None, **kwargs):
    """``records.writes.record_changed`` receiver: a new OFI finding, a closed nonconformity (module doc)."""
    if write is None or getattr(write, "staged", False):
        return
    if sender is Finding and write.created:
        from_opportunity(write.membership, write.obj)
    elif sender is Nonconformity and getattr(write.obj, "state", None) == NCState.CLOSED:
        from_closed_nonconformity(write.membership, write.obj)
