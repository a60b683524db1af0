"""Writes to the AI system register (ISO/IEC 42001 4.1, A.4, A.6, A.10) through the records kit's write path.

What is left here are the register's own rules: approval statuses need an approver's role; a restricted or
retired system is changed only by an approver; a change by someone who may not approve withdraws an approval.
Other apps react through the kit's signals (:data:`forty2.records.writes.record_checking` and
``record_changed``): the EU AI Act app refuses to operate a prohibited system and re-derives the risk profile.
"""

from django.db import transaction
from django.utils import timezone

from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, field_error
from forty2.records import approvals, writes
from forty2.records.definition import LINKS
from forty2.tenancy.access import require
from forty2.tenancy.roles import can

from .definitions import AI_SYSTEM
from .models import AISystem, SystemStatus

STATUSES_NEEDING_APPROVAL = {SystemStatus.APPROVED, SystemStatus.RESTRICTED, SystemStatus.RETIRED}


def approved_content(system: AISystem, links: dict | None = None) -> dict:
    """What an approval of the system covers: every field but the status itself and its place in the AIMS scope
    (a scope decision, 4.3, not a change to the system)."""
    data = writes.snapshot(AI_SYSTEM, system, links)
    for name in ("status", "in_scope", "scope_note"):
        data.pop(name, None)
    return data


def snapshot(system: AISystem, links: dict | None = None) -> dict:
    """The audited view of a system (field name → plain value; owners by e-mail; links by id)."""
    return writes.snapshot(AI_SYSTEM, system, links)


class SystemRules(writes.Rules):
    """The register's own rules around the kit's write path; ``note`` goes with an approval it records."""

    def __init__(self, note: str = ""):
        self.note, self.withdrawn = note, ""

    def check(self, write):
        membership, cleaned, current = write.membership, write.cleaned, write.obj
        in_scope = cleaned.get("in_scope", True if write.created else current.in_scope)
        if not in_scope and not cleaned.get("scope_note", "" if write.created else current.scope_note):
            raise InvalidInput([field_error("scope_note", "Say why the system is outside the AIMS scope (4.3).",
                                            "missing")])
        new_status = cleaned.get("status")
        if write.created:
            if new_status in STATUSES_NEEDING_APPROVAL:
                require(membership, "approve")
            return
        self.may_approve = can(membership, "approve")
        if not self.may_approve and current.status in (SystemStatus.RESTRICTED, SystemStatus.RETIRED):
            raise PermissionDenied(f"This AI system is {current.get_status_display().lower()}; only an AIMS "
                                   "manager or owner may change it.")
        if new_status == current.status:
            cleaned.pop("status")
        elif new_status in STATUSES_NEEDING_APPROVAL:
            require(membership, "approve")

    def before_save(self, write):
        if write.cleaned.get("status") in STATUSES_NEEDING_APPROVAL:
            write.obj.approved_by, write.obj.approved_at = write.membership.user, timezone.now()

    def after_diff(self, write):
        system, changes = write.obj, write.changes
        if write.created:
            return
        if changes and not self.may_approve and system.status == SystemStatus.APPROVED:
            # An approval covers what was approved: a change by someone who may not approve withdraws it.
            system.status, system.approved_by, system.approved_at = SystemStatus.UNDER_REVIEW, None, None
            changes["status"] = [SystemStatus.APPROVED, SystemStatus.UNDER_REVIEW]
            self.withdrawn = "changed by a member who may not approve; needs approval again"
        elif write.before.get("status") == SystemStatus.APPROVED and system.status != SystemStatus.APPROVED:
            self.withdrawn = f"status changed to {system.get_status_display().lower()}"
        if self.withdrawn:
            changes["approval_withdrawn"] = self.withdrawn
        if "status" in changes and write.cleaned.get("status") == SystemStatus.APPROVED:
            write.action = "ai_system.approve"

    def after_save(self, write):
        system = write.obj
        if self.withdrawn:
            approvals.withdraw(write.membership, AI_SYSTEM.name, system, reason=self.withdrawn)
        elif write.cleaned.get("status") == SystemStatus.APPROVED and (write.created or "status" in write.changes):
            approvals.approve(write.membership, AI_SYSTEM.name, system, content=approved_content(system),
                              note=self.note)


def create_ai_system(membership, data: dict) -> AISystem:
    """Register a new AI system; only ``name`` and ``purpose`` are required."""
    return writes.create(AI_SYSTEM, membership, data, rules=SystemRules())


def update_ai_system(membership, system: AISystem, data: dict, *, version: int, base: dict | None = None,
                     resolved: dict | None = None) -> AISystem:
    """Change fields of a system. ``version`` must be the one the caller read (optimistic concurrency); with
    ``base`` an edit started on an older version is merged field by field (:func:`forty2.records.writes.merge`)."""
    return writes.update(AI_SYSTEM, membership, system, data, version=version, base=base, resolved=resolved,
                         rules=SystemRules())


def archive_ai_system(membership, system: AISystem) -> AISystem:
    """Archive (the API's DELETE): hidden from the register, history kept, never hard-deleted."""
    return writes.archive(AI_SYSTEM, membership, system)


def restore_ai_system(membership, system: AISystem) -> AISystem:
    """Bring an archived system back into the register (its name must be free)."""
    return writes.restore(AI_SYSTEM, membership, system)


def approve_ai_system(membership, system: AISystem, *, version: int, note: str = "") -> AISystem:
    """Approve the system as it is now (``version`` as read): sets the status to approved, or renews a stale
    approval of an approved system. Refused for a prohibited practice (EU AI Act Art. 5, via the kit's checks)."""
    require(membership, "approve")
    with transaction.atomic():
        current = writes.lock(AI_SYSTEM, membership.organization, system.pk)
        if version != current.version:  # an approval is of the version read: never merged onto a newer one
            raise writes.stale(AI_SYSTEM, current, membership.organization, {}, version)
        if current.status != SystemStatus.APPROVED:
            return writes.update(AI_SYSTEM, membership, current, {"status": SystemStatus.APPROVED}, version=version,
                                 rules=SystemRules(note=note))
        if current.archived_at is not None:
            raise Conflict("This AI system is archived and can no longer be changed.")
        if approval_state(current).approved:
            return current
        # Other apps' rules (EU AI Act Art. 5) see a renewal as the approval it is.
        renewal = writes.Write(AI_SYSTEM, membership, current, {"status": SystemStatus.APPROVED},
                               action="ai_system.approve")
        writes.record_checking.send(sender=AISystem, record_type=AI_SYSTEM, write=renewal)
        current.approved_by, current.approved_at = membership.user, timezone.now()
        current.save(update_fields=["approved_by", "approved_at"])
        approvals.approve(membership, AI_SYSTEM.name, current, content=approved_content(current), note=note,
                          audit_action="ai_system.approve")
    return current


def approval_state(system: AISystem) -> approvals.ApprovalState:
    """Whether the system's approval still covers its content (stale after a later edit)."""
    return approvals.state(AI_SYSTEM.name, system, approved_content(system))


_LINK_FIELDS = [(f.name, f.out_name) for f in AI_SYSTEM.fields if f.kind == LINKS]


def approval_states(systems) -> dict[int, str]:
    """{pk: "approved" | "stale" | "none"} — the approval state each system's page shows (ISO/IEC 42001 7.5.2; issue
    #14 finding 12a), for systems with their links attached (``queries.attach_links``), in one query."""
    def content(system):
        links = {name: sorted(item["id"] for item in system.links[out]) for name, out in _LINK_FIELDS}
        return approved_content(system, links)

    found = approvals.states(AI_SYSTEM.name, systems, content)
    return {pk: st.word for pk, st in found.items()}


# --- for apps above the register (EU AI Act, risk profile) ---------------------------------------------------

def lock_live_system(org, system) -> AISystem:
    """The system locked for the caller's transaction; Conflict when it is archived."""
    locked = writes.lock(AI_SYSTEM, org, system.pk)
    if locked.archived_at is not None:
        raise Conflict("This AI system is archived and can no longer be changed.")
    return locked


DERIVED_FIELDS = frozenset({"ai_act_tier", "risk_profile_level", "risk_profile_reasons"})


def set_derived(system: AISystem, **values) -> None:
    """Store values another app derives for the register's filters (EU AI Act tier, risk profile); they are
    not the system's content, so neither its version nor its approval changes."""
    unknown = set(values) - DERIVED_FIELDS
    if unknown:
        raise ValueError(f"not derived fields: {sorted(unknown)}")
    AISystem.objects.filter(pk=system.pk).update(**values)
    for key, value in values.items():
        setattr(system, key, value)

