"""Writes of documents, versions, acknowledgements and the communication plan (ISO/IEC 42001 5.2, 7.3, 7.4, 7.5,
A.2.2-A.2.4). Every write runs through the records kit (:mod:`forty2.records.writes`, :mod:`forty2.records.workflow`)
and is audited; views and the API stay thin.

The rules an auditor looks for:

- an approved version never changes (any face); changing a document means a new version;
- the reviewer is neither the author nor the approver (four eyes, 7.5.2);
- approving a version supersedes the one in force and asks everyone who acknowledged it to acknowledge again;
- the SHA-256 of an approved version is kept, and :func:`verify` recomputes it;
- a retired document's content is kept until its retention ends; disposal is an audited act of its own.
"""

import datetime as dt
import difflib
import hashlib
import io

from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion, field_error
from forty2.files import services as files
from forty2.records import approvals, workflow, writes
from forty2.records.validation import LATEST_DATE
from forty2.tenancy.access import require
from forty2.tenancy.models import Membership, Role

from .definitions import COMMUNICATION, DOCUMENT, DOCUMENT_VERSION
from .models import Acknowledgement, Communication, CommunicationSent, Document, DocumentVersion, VersionState
from .workflows import VERSION_FLOW

#: how long a person has to acknowledge, unless the request says otherwise
ACK_DAYS = 14


# --- documents ------------------------------------------------------------------------------------------------

def create_document(membership, data: dict, *, body: str = "", starter_key: str = "") -> Document:
    """A document with its first (draft) version holding ``body``."""
    with transaction.atomic():
        document = writes.create(DOCUMENT, membership, data, starter_key=starter_key)
        _new_version(membership, document, body=body, summary="First version.")
    return document


def update_document(membership, document, data: dict, *, version: int, base=None, resolved=None) -> Document:
    if document.disposed_at is not None:
        raise Conflict("This document has been disposed of and can no longer be changed.")
    return writes.update(DOCUMENT, membership, document, data, version=version, base=base, resolved=resolved)


def current_version(document) -> DocumentVersion | None:
    """The approved version in force, or None."""
    return document.versions.filter(state=VersionState.APPROVED).first()


def with_version_in_force(documents):
    """``documents`` with each one's approved version in force as ``in_force`` (a list of at most one), read for
    the whole list in one query (clause checks, My work)."""
    return documents.prefetch_related(Prefetch("versions", to_attr="in_force",
                                               queryset=DocumentVersion.objects.filter(state=VersionState.APPROVED)))


def working_version(document) -> DocumentVersion | None:
    """The draft or the version in review, if any (there is at most one)."""
    return document.versions.filter(state__in=(VersionState.DRAFT, VersionState.IN_REVIEW)).first()


def next_review(document, approved: DocumentVersion | None = None) -> dt.date | None:
    """When the version in force is due for review: its approval plus the review interval (A.2.4)."""
    approved = approved if approved is not None else current_version(document)
    if approved is None or approved.approved_at is None:
        return None
    return add_months(approved.approved_at.date(), document.review_interval_months)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return min(dt.date(year, month, min(day.day, last)), LATEST_DATE)


def _new_version(membership, document, *, body: str, summary: str) -> DocumentVersion:
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return writes.create(DOCUMENT_VERSION, membership, {"body": body, "change_summary": summary},
                         document=document, number=number)


def start_version(membership, document, *, summary: str = "") -> DocumentVersion:
    """A new draft, starting from the text in force (7.5.3 control of changes). Refused while a draft or a
    version in review exists: one change at a time."""
    require(membership, "edit_record", document)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk, organization=membership.organization)
        if document.retired_at is not None:
            raise Conflict("This document is retired; it has no new versions.")
        if working_version(document) is not None:
            raise Conflict("This document already has a version being drafted or reviewed; finish that first.")
        approved = current_version(document)
        return _new_version(membership, document, body=approved.body if approved else "", summary=summary)


# --- versions -------------------------------------------------------------------------------------------------

class VersionRules(writes.Rules):
    """Only a draft changes: an approved, superseded or retired version is fixed for good (7.5.3)."""

    def check(self, write):
        if not write.created and write.obj.state != VersionState.DRAFT:
            raise Conflict(f"Version {write.obj.number} is {VERSION_FLOW.label(write.obj.state).lower()} and "
                           "cannot be changed; start a new version instead.")
        reviewer = write.cleaned.get("reviewer")
        if reviewer is not None and reviewer.pk == write.obj.created_by_id:
            raise InvalidInput([field_error("reviewer", "The author cannot review their own version; name "
                                                        "someone else (four eyes).", "four_eyes")])


VERSION_RULES = VersionRules()


def update_version(membership, version, data: dict, *, version_number: int, base=None, resolved=None):
    return writes.update(DOCUMENT_VERSION, membership, version, data, version=version_number, base=base,
                         resolved=resolved, rules=VERSION_RULES)


def content_sha256(version) -> str:
    """The fingerprint of a version's content: its uploaded file's bytes, else its Markdown as UTF-8."""
    if version.file_id:
        return version.file.sha256
    return hashlib.sha256(version.body.encode("utf-8")).hexdigest()


def verify(version) -> bool:
    """Does the approved content still hash to what was recorded at approval?"""
    return bool(version.sha256) and content_sha256(version) == version.sha256


def submit(membership, version, *, version_number: int, note: str = ""):
    """Send a draft for review; it needs content and a reviewer who is not the author."""
    def guard(current):
        problems = []
        if not current.body.strip() and not current.file_id:
            problems.append(field_error("body", "A version needs content before it can be reviewed.", "missing"))
        if current.reviewer_id is None:
            problems.append(field_error("reviewer", "Name a reviewer first.", "missing"))
        elif current.reviewer_id == current.created_by_id:
            problems.append(field_error("reviewer", "The author cannot review their own version.", "four_eyes"))
        if problems:
            raise InvalidInput(problems)

    def apply(current):
        current.reviewed_at = None
        current.sha256 = content_sha256(current)
        return {"sha256": current.sha256}

    return workflow.run(DOCUMENT_VERSION, VERSION_FLOW, membership, version, "submit", version=version_number,
                        note=note, guard=guard, apply=apply)


def review(membership, version, *, version_number: int, note: str = ""):
    """The named reviewer records that they reviewed this content."""
    def guard(current):
        if current.reviewer_id != membership.user.pk:
            raise PermissionDenied("Only the named reviewer can record the review.")

    def apply(current):
        current.reviewed_at = timezone.now()
        return {"reviewed_at": current.reviewed_at, "reviewer": membership.user}

    return workflow.run(DOCUMENT_VERSION, VERSION_FLOW, membership, version, "review", version=version_number,
                        note=note, guard=guard, apply=apply)


def return_to_draft(membership, version, *, version_number: int, note: str):
    """The reviewer or an editor sends the version back with a reason."""
    def guard(current):
        if current.reviewer_id != membership.user.pk and not _may_edit(membership, current):
            raise PermissionDenied("Only the reviewer or someone who may edit the document can return it.")

    def apply(current):
        current.reviewed_at = None
        return {}

    return workflow.run(DOCUMENT_VERSION, VERSION_FLOW, membership, version, "return", version=version_number,
                        note=note, guard=guard, apply=apply)


def _may_edit(membership, version) -> bool:
    from forty2.tenancy.roles import can

    return can(membership, "edit_record", version.document) or can(membership, "edit_record", version)


def approve(membership, version, *, version_number: int, note: str = ""):
    """Approve a reviewed version (7.5.2, 5.2): it comes into force, the one in force is superseded, and everyone
    who was asked to acknowledge the old one is asked again."""
    previous: list[DocumentVersion] = []

    def guard(current):
        if current.reviewed_at is None:
            raise Conflict("This version has not been reviewed yet; its reviewer records the review first.")
        if current.reviewer_id == membership.user.pk:
            raise PermissionDenied("You reviewed this version; someone else must approve it (four eyes).")
        if content_sha256(current) != current.sha256:
            raise Conflict("The content changed after it was sent for review; send it for review again.")
        previous.extend(DocumentVersion.objects.select_for_update().filter(
            document_id=current.document_id, state=VersionState.APPROVED))

    def apply(current):
        now = timezone.now()
        current.approved_by, current.approved_at = membership.user, now
        approvals.approve(membership, "document_version", current, content={"sha256": current.sha256}, note=note)
        for old in previous:
            old.state, old.ended_at, old.version, old.updated_at = VersionState.SUPERSEDED, now, old.version + 1, now
            old.save(update_fields=["state", "ended_at", "version", "updated_at"])
            audit.record("document_version.supersede", org=membership.organization, actor=membership.user,
                         obj=old, changes={"state": ["approved", "superseded"], "superseded_by": current.number})
        return {"approved_by": membership.user, "approved_at": now, "sha256": current.sha256}

    with transaction.atomic():
        approved = workflow.run(DOCUMENT_VERSION, VERSION_FLOW, membership, version, "approve",
                                version=version_number, note=note, guard=guard, apply=apply)
        for old in previous:
            asked = list(old.acknowledgements.values_list("user_id", flat=True))
            if asked:
                _ask(membership, approved, user_ids=asked,
                     due=timezone.localdate() + dt.timedelta(days=ACK_DAYS))
    return approved


def retire(membership, document, *, note: str):
    """Withdraw a document from use (7.5.3): its version in force is retired, its content kept until the
    retention period ends."""
    approved = current_version(document)
    with transaction.atomic():
        if approved is not None:
            workflow.run(DOCUMENT_VERSION, VERSION_FLOW, membership, approved, "retire", version=approved.version,
                         note=note, apply=lambda v: _end(v))
        else:
            require(membership, "approve")
        Document.objects.filter(pk=document.pk).update(retired_at=timezone.now(), version=document.version + 1,
                                                        updated_at=timezone.now())
        document.refresh_from_db()
        audit.record("document.retire", org=membership.organization, actor=membership.user, obj=document,
                     changes={"note": note, "retention_until": retention_until(document).isoformat()})
    return document


def _end(version):
    version.ended_at = timezone.now()
    return {}


def retention_until(document) -> dt.date | None:
    if document.retired_at is None:
        return None
    return add_months(document.retired_at.date(), 12 * document.retention_years)


def dispose(membership, document):
    """After the retention period, erase a retired document's content (7.5.3 disposition); the act, the
    versions' numbers and their hashes stay in the audit log."""
    require(membership, "approve")
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk, organization=membership.organization)
        until = retention_until(document)
        if until is None:
            raise Conflict("Only a retired document can be disposed of.")
        if document.disposed_at is not None:
            raise Conflict("This document has already been disposed of.")
        if timezone.localdate() < until:
            raise Conflict(f"Its content must be kept until {until.isoformat()} (retention period).")
        versions = list(document.versions.all())
        stored = [v.file for v in versions if v.file_id]
        hashes = {v.number: v.sha256 for v in versions}
        document.versions.update(body="", file=None)
        document.disposed_at, document.version = timezone.now(), document.version + 1
        document.save(update_fields=["disposed_at", "version", "updated_at"])
        audit.record("document.dispose", org=membership.organization, actor=membership.user, obj=document,
                     changes={"versions": hashes})
    for f in stored:
        files.delete_if_unreferenced(f)
    return document


def compare(a: DocumentVersion, b: DocumentVersion) -> list[tuple[str, str, str]]:
    """Line by line (kind, left, right) for a side-by-side view; kind is "same", "changed", "added" or
    "removed"."""
    left, right = a.body.splitlines(), b.body.splitlines()
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=left, b=right, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [("same", x, y) for x, y in zip(left[i1:i2], right[j1:j2], strict=True)]
        elif op == "delete":
            rows += [("removed", x, "") for x in left[i1:i2]]
        elif op == "insert":
            rows += [("added", "", y) for y in right[j1:j2]]
        else:
            old, new = left[i1:i2], right[j1:j2]
            for k in range(max(len(old), len(new))):
                rows.append(("changed", old[k] if k < len(old) else "", new[k] if k < len(new) else ""))
    return rows


# --- acknowledgements (7.3, 7.4) --------------------------------------------------------------------------------

def _audience(org, *, emails=(), roles=(), everyone=False) -> list[int]:
    members = Membership.objects.active().filter(organization=org).exclude(role=Role.EXTERNAL_AUDITOR)
    if not everyone:
        members = members.filter(Q(user__email__in=[e.strip().lower() for e in emails]) | Q(role__in=roles))
    return list(members.values_list("user_id", flat=True))


def request_acknowledgements(membership, version, *, emails=(), roles=(), everyone=False,
                             due_date: dt.date | None = None) -> int:
    """Ask people (by e-mail), roles or everyone to acknowledge an approved version; returns how many new
    requests were made (someone already asked is not asked twice)."""
    require(membership, "approve")
    if version.state != VersionState.APPROVED:
        raise Conflict("Only the approved version in force can be sent for acknowledgement.")
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise InvalidInput([field_error("roles", f"Unknown role(s) {', '.join(unknown)}; use: "
                                                 f"{', '.join(Role.values)}.", "enum")])
    users = _audience(membership.organization, emails=emails, roles=roles, everyone=everyone)
    if not users:
        raise InvalidInput([field_error("audience", "Nobody matches: name active members, roles or everyone.",
                                        "missing")])
    due = due_date or timezone.localdate() + dt.timedelta(days=ACK_DAYS)
    with transaction.atomic():
        return _ask(membership, version, user_ids=users, due=due)


def _ask(membership, version, *, user_ids, due) -> int:
    existing = set(version.acknowledgements.values_list("user_id", flat=True))
    new = [Acknowledgement(organization=version.organization, document_version=version, user_id=uid,
                           requested_by=membership.user, due_date=due) for uid in dict.fromkeys(user_ids)
           if uid not in existing]
    Acknowledgement.objects.bulk_create(new)
    if new:
        audit.record("acknowledgement.request", org=membership.organization, actor=membership.user, obj=version,
                     changes={"people": len(new), "due_date": due.isoformat()})
    return len(new)


def acknowledge(membership, acknowledgement) -> Acknowledgement:
    """The person confirms they have read the version (one click from My work)."""
    if acknowledgement.user_id != membership.user.pk or acknowledgement.organization_id != membership.organization_id:
        raise PermissionDenied("You can only acknowledge what you were asked to read.")
    with transaction.atomic():
        ack = Acknowledgement.objects.select_for_update().get(pk=acknowledgement.pk)
        if ack.acknowledged_at is not None:
            return ack
        ack.acknowledged_at, ack.version = timezone.now(), ack.version + 1
        ack.save(update_fields=["acknowledged_at", "version", "updated_at"])
        audit.record("acknowledgement.acknowledge", org=membership.organization, actor=membership.user,
                     obj=ack, object_repr=str(DocumentVersion.objects.select_related("document").get(
                         pk=ack.document_version_id)), changes={"acknowledged_at": ack.acknowledged_at})
    return ack


def overdue_acknowledgements(org, *, user=None):
    qs = Acknowledgement.objects.for_org(org).filter(acknowledged_at__isnull=True,
                                                     due_date__lt=timezone.localdate(),
                                                     document_version__state=VersionState.APPROVED)
    return qs.filter(user=user) if user is not None else qs


# --- communication plan (7.4) ------------------------------------------------------------------------------------

def create_communication(membership, data: dict) -> Communication:
    return writes.create(COMMUNICATION, membership, data)


def update_communication(membership, communication, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(COMMUNICATION, membership, communication, data, version=version, base=base,
                         resolved=resolved)


def record_sending(membership, communication, *, sent_on: dt.date, recipients: str = "", note: str = ""):
    """Record that a planned communication went out (7.4: a record of what was communicated)."""
    require(membership, "edit_record", communication)
    from forty2.records.validation import EARLIEST_DATE, clean_note

    if not EARLIEST_DATE <= sent_on <= timezone.localdate():
        raise InvalidInput([field_error("sent_on", "The date it was sent: not in the future.", "date_range")])
    note, recipients = clean_note(note, 2000), clean_note(recipients, 300, "recipients")
    with transaction.atomic():
        sent = CommunicationSent.objects.create(organization=membership.organization, communication=communication,
                                                sent_on=sent_on, sent_by=membership.user, recipients=recipients,
                                                note=note)
        if communication.last_sent is None or sent_on > communication.last_sent:
            Communication.objects.filter(pk=communication.pk).update(last_sent=sent_on)
        audit.record("communication.send", org=membership.organization, actor=membership.user, obj=communication,
                     changes={"sent_on": sent_on.isoformat(), "recipients": recipients, "note": note})
    return sent


# --- uploaded content (PDF or DOCX) ------------------------------------------------------------------------------

UPLOAD_TYPES = {"application/pdf": "PDF",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)"}


def attach_file(membership, version, name: str, fileobj, *, version_number: int):
    """Make an uploaded PDF or DOCX the content of a draft (7.5.2); checked by content like evidence, stored once
    per organisation. Replaces any earlier upload of the draft."""
    from forty2.evidence.storage import check_upload

    checked = check_upload(name, fileobj)
    if checked.content_type not in UPLOAD_TYPES:
        raise InvalidInput([field_error("file", f"'{checked.name}' is not a PDF or a Word (DOCX) document.",
                                        "file_type")])
    with transaction.atomic():
        current = DocumentVersion.objects.select_for_update().get(pk=version.pk,
                                                                  organization=membership.organization)
        require(membership, "edit_record", current.document)
        if current.version != version_number:
            raise StaleVersion(current.version, version_number)
        if current.state != VersionState.DRAFT:
            raise Conflict(f"Version {current.number} is {VERSION_FLOW.label(current.state).lower()}; only a draft "
                           "takes a new file.")
        stored = files.store(membership, io.BytesIO(checked.data), checked.name, content_type=checked.content_type)
        previous = current.file
        current.file, current.version, current.updated_at = stored, current.version + 1, timezone.now()
        current.save(update_fields=["file", "version", "updated_at"])
        audit.record("document_version.attach", org=membership.organization, actor=membership.user, obj=current,
                     changes={"file": checked.name, "sha256": stored.sha256, "size": stored.size})
    if previous is not None and previous.pk != stored.pk:
        files.delete_if_unreferenced(previous)
    return current
