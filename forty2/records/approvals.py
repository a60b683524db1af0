"""The one approval pattern (ISO/IEC 42001 5.3, 7.5.2; A.3.2 roles and responsibilities).

An approval records who approved, when, the record's version and a hash of the approved content, with an
optional note. It turns *stale* when the content no longer hashes the same; withdrawal is audited. Services call
:func:`approve` and :func:`withdraw` inside their transaction; pages and the API ask :func:`state` (or
:func:`states` for a page of records) and :func:`may_approve`.

Segregation of duties (A.3.2; four-eyes rule): the approver must differ from *everyone* who edited the record
since its last approval, not only from the last editor — otherwise a second person's small edit would let the
author approve their own work. The write path notes each editor (:func:`note_edit`, one
:class:`~forty2.records.models.RecordEditor` row per record and person); a service whose child records are part
of a parent's content notes the parent too.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import PermissionDenied
from forty2.core.registry import Registrations
from forty2.tenancy.roles import can

from .models import Approval, RecordEditor
from .validation import clean_note

NOTE_MAX = 2000
FOUR_EYES_MESSAGE = ("You changed this record since it was last approved, so someone else with an approver's role "
                     "must review and approve it (four-eyes rule).")


def content_hash(content: dict) -> str:
    """SHA-256 of the content as canonical JSON (sorted keys), the fingerprint an approval keeps."""
    text = json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def note_edit(user, record_type: str, obj, *, at=None) -> None:
    """Remember that ``user`` changed ``obj`` (now, or ``at``); one upsert, inside the caller's transaction."""
    if user is None or obj.pk is None:
        return
    now = at or timezone.now()
    RecordEditor.objects.bulk_create(
        [RecordEditor(organization_id=obj.organization_id, record_type=record_type, object_id=obj.pk, user=user,
                      edited_at=now, created_at=now, updated_at=now)],
        update_conflicts=True, unique_fields=["organization", "record_type", "object_id", "user"],
        update_fields=["edited_at", "updated_at"])


def last_approved_at(record_type: str, obj, kind: str = "approval"):
    """When ``obj`` was last approved (``kind``), the approval in force or one since withdrawn; None if never."""
    return (Approval.objects.filter(organization_id=obj.organization_id, record_type=record_type, object_id=obj.pk,
                                    kind=kind).order_by("-approved_at").values_list("approved_at", flat=True).first())


def editors_since_approval(record_type: str, obj, kind: str = "approval") -> set:
    """The ids of everyone who edited ``obj`` since its last approval of ``kind`` (since it was created if it was
    never approved)."""
    if obj.pk is None:
        return set()
    edits = RecordEditor.objects.filter(organization_id=obj.organization_id, record_type=record_type,
                                        object_id=obj.pk)
    since = last_approved_at(record_type, obj, kind)
    if since is not None:
        edits = edits.filter(edited_at__gt=since)
    return set(edits.values_list("user_id", flat=True))


def may_approve(membership, *, last_editor_id=None, four_eyes: bool = False, action: str = "approve",
                record_type: str = "", obj=None, kind: str = "approval") -> bool:
    """The one rule: the role may approve, and under four eyes the approver edited nothing of the record since
    its last approval (``record_type`` + ``obj``: everyone the write path noted) and is not ``last_editor_id``
    (the author of a record the write path does not write, e.g. an EU AI Act classification)."""
    if not can(membership, action):
        return False
    if not four_eyes:
        return True
    blocked = {last_editor_id} if last_editor_id is not None else set()
    if record_type and obj is not None:
        blocked |= editors_since_approval(record_type, obj, kind)
    return membership.user.pk not in blocked


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

    @property
    def word(self) -> str:
        """"approved", "stale" or "none": the one vocabulary the API's ``approval_state`` and the pages' badges
        read (an approval in force that no longer covers the content is stale, whatever the record's status)."""
        return "none" if self.approval is None else "stale" if self.stale else "approved"


def state(record_type: str, obj, content: dict, kind: str = "approval") -> ApprovalState:
    """Whether ``obj`` is approved and whether the approval still covers ``content``."""
    approval = current(record_type, obj, kind)
    return ApprovalState(approval, approval is not None and approval.content_hash != content_hash(content))


def states(record_type: str, objs, content, kind: str = "approval") -> dict:
    """{pk: ApprovalState} for a page of records in one query; ``content(obj)`` gives each record's content
    (computed from what the caller already loaded, so a list stays a fixed number of queries)."""
    objs = list(objs)
    if not objs:
        return {}
    found = {a.object_id: a for a in Approval.objects.select_related("approved_by").filter(
        organization_id=objs[0].organization_id, record_type=record_type, kind=kind, withdrawn_at__isnull=True,
        object_id__in=[o.pk for o in objs])}
    out = {}
    for obj in objs:
        approval = found.get(obj.pk)
        out[obj.pk] = ApprovalState(approval, approval is not None and approval.content_hash != content_hash(
            content(obj)))
    return out


def approve(membership, record_type: str, obj, *, content: dict, kind: str = "approval", note: str = "",
            four_eyes: bool = False, last_editor_id=None, action: str = "approve", four_eyes_message: str = "",
            audit_action: str = "", object_repr: str = "") -> Approval:
    """Record an approval of ``obj`` (already locked by the caller) covering ``content``.

    Supersedes the approval in force, if any. ``audit_action`` records an event of its own; leave it empty when
    the caller's own event (e.g. an update that set the status) already says so."""
    if not can(membership, action):
        raise PermissionDenied("Your role may not approve this; an owner or AIMS manager can.")
    if not may_approve(membership, last_editor_id=last_editor_id, four_eyes=four_eyes, action=action,
                       record_type=record_type, obj=obj, kind=kind):
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


# --- what waits for approval: My work (ISO/IEC 42001 5.3 responsibilities known; A.3.2 four eyes) -------------

@dataclass(frozen=True)
class Approvable:
    """A record type whose records wait for a person's approval (or acceptance), declared once by its app so
    that My work and the API's ``/me/work`` list every approval waiting and every one gone stale the same way.

    ``records(org)``: the organisation's live records of the type (a queryset); ``content(obj)``: what an
    approval covers (the same function the service approves with); ``url(org_slug, obj)``: the page where it is
    decided. ``waiting(org)``: records waiting for a first decision (a system under review, an impact assessment
    never approved, a methodology draft), or None. ``may(membership, obj)``: whether this member may decide now
    — the role and, under four eyes, no edit of theirs since the last approval; defaults to the role
    ``approve``. ``load(objs)``: what ``content`` needs for a whole page at once (links), returning the objects.
    ``ask`` and ``ask_again`` word the item; ``{name}`` is the record's name, ``{noun}`` the record's noun."""

    record_type: str
    noun: str
    records: Callable
    content: Callable
    url: Callable
    kind: str = "approval"
    waiting: Callable | None = None
    may: Callable | None = None
    load: Callable | None = None
    ask: str = "Approve the {noun} ‘{name}’"
    ask_again: str = "Re-approve the {noun} ‘{name}’: changed since it was approved"
    detail: Callable | None = None  # obj -> str, a line under the item


APPROVABLES: dict[str, Approvable] = {}
APPROVABLES_BY = Registrations("approvals waiting (My work)", skip=(__name__,))


def register_approvable(key: str, approvable: Approvable) -> None:
    """Let My work list this record type's approvals waiting and gone stale (from an app's ``ready()``)."""
    APPROVABLES_BY.note(key)
    APPROVABLES[key] = approvable


#: at most this many records of one type are checked for one person's list
WORK_LIMIT = 200


def _allowed(approvable: Approvable, membership, obj) -> bool:
    if approvable.may is not None:
        return bool(approvable.may(membership, obj))
    return can(membership, "approve")


def work(membership) -> list:
    """My work's approvals: every record waiting for a decision this member may take, and every approval in
    force whose record changed since (stale), for every registered :class:`Approvable`. A few queries per type:
    the approvals in force, the records, what their content needs (``load``)."""
    from forty2.tenancy.work import WorkItem

    org, items = membership.organization, []
    for key in sorted(APPROVABLES):
        a = APPROVABLES[key]
        in_force = dict(Approval.objects.filter(organization_id=org.pk, record_type=a.record_type, kind=a.kind,
                                                withdrawn_at__isnull=True).values_list("object_id", "content_hash"))
        objs = list(a.records(org).filter(pk__in=list(in_force))[:WORK_LIMIT]) if in_force else []
        waiting = list(a.waiting(org).exclude(pk__in=list(in_force))[:WORK_LIMIT]) if a.waiting else []
        loaded = a.load(objs + waiting) if a.load else objs + waiting
        stale_ids = {o.pk for o in objs}
        for obj in loaded:
            stale = obj.pk in stale_ids
            if stale and in_force[obj.pk] == content_hash(a.content(obj)):
                continue
            if not _allowed(a, membership, obj):
                continue
            words = (a.ask_again if stale else a.ask).format(noun=a.noun, name=obj)
            items.append(WorkItem(org, "approval", words, a.url(org.slug, obj),
                                  detail=a.detail(obj) if a.detail else ""))
    return items
