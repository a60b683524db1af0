"""The one approval pattern (ISO/IEC 42001 5.3, 7.5.2; A.3.2 roles and responsibilities).

An approval records who approved, when, the record's version and a hash of the approved content, with an
optional note. It turns *stale* when the content no longer hashes the same; under the four-eyes rule the
approver must differ from the record's last editor; withdrawal is audited. Services call :func:`approve` and
:func:`withdraw` inside their transaction; pages and the API ask :func:`state` and :func:`may_approve`.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import PermissionDenied
from forty2.tenancy.roles import can

from .models import Approval
from .validation import clean_note

NOTE_MAX = 2000
FOUR_EYES_MESSAGE = ("You made the last change to this record, so someone else with an approver's role must "
                     "review and approve it (four-eyes rule).")


def content_hash(content: dict) -> str:
    """SHA-256 of the content as canonical JSON (sorted keys), the fingerprint an approval keeps."""
    text = json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def may_approve(membership, *, last_editor_id=None, four_eyes: bool = False, action: str = "approve") -> bool:
    """The one rule: the role may approve, and under four eyes the approver is not the last editor."""
    if not can(membership, action):
        return False
    return not (four_eyes and last_editor_id is not None and last_editor_id == membership.user.pk)


def current(record_type: str, obj, kind: str = "approval") -> Approval | None:
    """The approval in force (not withdrawn) of ``obj``, or None."""
    return (Approval.objects.select_related("approved_by")
            .filter(organization_id=obj.organization_id, record_type=record_type, object_id=obj.pk, kind=kind,
                    withdrawn_at__isnull=True).first())


@dataclass
class ApprovalState:
    approval: Approval | None
    stale: bool

    @property
    def approved(self) -> bool:
        return self.approval is not None and not self.stale


def state(record_type: str, obj, content: dict, kind: str = "approval") -> ApprovalState:
    """Whether ``obj`` is approved and whether the approval still covers ``content``."""
    approval = current(record_type, obj, kind)
    return ApprovalState(approval, approval is not None and approval.content_hash != content_hash(content))


def approve(membership, record_type: str, obj, *, content: dict, kind: str = "approval", note: str = "",
            four_eyes: bool = False, last_editor_id=None, action: str = "approve", four_eyes_message: str = "",
            audit_action: str = "", object_repr: str = "") -> Approval:
    """Record an approval of ``obj`` (already locked by the caller) covering ``content``.

    Supersedes the approval in force, if any. ``audit_action`` records an event of its own; leave it empty when
    the caller's own event (e.g. an update that set the status) already says so."""
    if not can(membership, action):
        raise PermissionDenied("Your role may not approve this; an owner or AIMS manager can.")
    if not may_approve(membership, last_editor_id=last_editor_id, four_eyes=four_eyes, action=action):
        raise PermissionDenied(four_eyes_message or FOUR_EYES_MESSAGE)
    note = clean_note(note, NOTE_MAX)
    now = timezone.now()
    Approval.objects.filter(organization_id=obj.organization_id, record_type=record_type, object_id=obj.pk,
                            kind=kind, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=membership.user, withdrawal_reason="superseded by a new approval")
    approval = Approval.objects.create(
        organization_id=obj.organization_id, record_type=record_type, object_id=obj.pk, kind=kind,
        subject_version=obj.version, content_hash=content_hash(content), approved_by=membership.user,
        approved_at=now, note=note, created_at=now, updated_at=now)
    if audit_action:
        audit.record(audit_action, org=membership.organization, actor=membership.user, obj=obj,
                     object_repr=object_repr, changes={"version": obj.version, "note": note, kind: True})
    return approval


def withdraw(membership, record_type: str, obj, *, reason: str, kind: str = "approval",
             audit_action: str = "") -> Approval | None:
    """Withdraw the approval in force (if any); audited by ``audit_action`` or by the caller's own event."""
    approval = current(record_type, obj, kind)
    if approval is None:
        return None
    now = timezone.now()
    approval.withdrawn_at, approval.withdrawn_by = now, membership.user
    approval.withdrawal_reason, approval.updated_at = reason[:300], now
    approval.version += 1
    approval.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at", "version"])
    if audit_action:
        audit.record(audit_action, org=membership.organization, actor=membership.user, obj=obj,
                     changes={"approval_withdrawn": reason[:300]})
    return approval
