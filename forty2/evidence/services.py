"""Writes of evidence (ISO/IEC 42001 7.5.3 control of documented information) through the records kit.

A file is checked (:func:`forty2.evidence.storage.check_upload`) before anything is written; then the record,
its first :class:`EvidenceVersion`, the stored blob and the audit event are saved in one transaction. A blob
stored just before a rolled-back transaction stays behind unreferenced (harmless: content-addressed).
"""

import io

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, field_error
from forty2.files import services as files
from forty2.records import writes
from forty2.tenancy.access import require
from forty2.tenancy.roles import can

from . import links as linkables
from . import storage
from .definitions import EVIDENCE, EVIDENCE_REQUEST
from .models import Evidence, EvidenceKind, EvidenceLink, EvidenceRequest, EvidenceVersion, RequestStatus


class EvidenceRules(writes.Rules):
    """A link needs its URL; validity ends after it starts; the file fields come from the checked upload."""

    def __init__(self, checked: storage.Checked | None = None, kind: str | None = None):
        self.checked, self.kind = checked, kind

    def check(self, write):
        obj, cleaned = write.obj, write.cleaned
        errors = []
        kind = self.kind or obj.kind
        url = cleaned.get("url", obj.url)
        if kind == EvidenceKind.LINK and not url:
            errors.append(field_error("url", "Link evidence needs its link (an http(s) address).", "missing"))
        if kind == EvidenceKind.FILE and write.created and self.checked is None:
            errors.append(field_error("file", "Choose a file to upload.", "missing"))
        start = cleaned.get("effective_date", obj.effective_date)
        end = cleaned.get("valid_until", obj.valid_until)
        if start and end and end < start:
            errors.append(field_error("valid_until", f"Valid until ({end}) is before the effective date ({start}).",
                                      "date_order"))
        if errors:
            raise InvalidInput(errors)

    def before_save(self, write):
        if self.kind:
            write.obj.kind = self.kind
        if self.checked is not None:
            c = self.checked
            obj = write.obj
            obj.file_name, obj.sha256, obj.size, obj.content_type = c.name, c.sha256, c.size, c.content_type
            obj.file_version = (obj.file_version or 0) + 1

    def after_diff(self, write):
        if self.checked is not None:
            write.changes.update(file={"name": self.checked.name, "sha256": self.checked.sha256,
                                       "size": self.checked.size, "content_type": self.checked.content_type})

    def after_save(self, write):
        if self.checked is not None:
            _keep_version(write.membership, write.obj, self.checked)


def _keep_version(membership, evidence, checked) -> EvidenceVersion:
    stored = files.store(membership, io.BytesIO(checked.data), checked.name, content_type=checked.content_type,
                         max_bytes=storage.max_bytes())
    return EvidenceVersion.objects.create(
        organization=evidence.organization, evidence=evidence, number=evidence.file_version,
        file_name=checked.name, sha256=checked.sha256, size=checked.size, content_type=checked.content_type,
        uploaded_by=membership.user, stored_file=stored)


def add_link_evidence(membership, data: dict) -> Evidence:
    """Evidence that lives elsewhere (a ticket, a repository, a wiki page)."""
    return writes.create(EVIDENCE, membership, data, rules=EvidenceRules(kind=EvidenceKind.LINK))


def upload_evidence(membership, data: dict, *, name: str, fileobj) -> Evidence:
    """A file as evidence: checked first, stored once per organisation by its SHA-256."""
    require(membership, "create_record")
    checked = storage.check_upload(name, fileobj)
    return writes.create(EVIDENCE, membership, data, rules=EvidenceRules(checked, kind=EvidenceKind.FILE))


def add_file_version(membership, evidence: Evidence, *, name: str, fileobj, version: int) -> Evidence:
    """A new file for the same evidence (a renewed report); earlier files stay downloadable."""
    if evidence.kind != EvidenceKind.FILE:
        raise Conflict("This evidence is a link; it has no file versions.")
    checked = storage.check_upload(name, fileobj)
    with transaction.atomic():
        current = writes.lock(EVIDENCE, membership.organization, evidence.pk)
        require(membership, "edit_record", current)
        if version != current.version:
            raise writes.stale(EVIDENCE, current, membership.organization, {}, version)
        rules = EvidenceRules(checked)
        write = writes.Write(EVIDENCE, membership, current, {}, action="evidence.new_version")
        rules.before_save(write)
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        _keep_version(membership, current, checked)
        audit.record("evidence.new_version", org=membership.organization, actor=membership.user, obj=current,
                     changes={"file": {"name": checked.name, "sha256": checked.sha256, "size": checked.size,
                                       "version": current.file_version}})
    return current


def update_evidence(membership, evidence: Evidence, data: dict, *, version: int) -> Evidence:
    return writes.update(EVIDENCE, membership, evidence, data, version=version, rules=EvidenceRules())


def delete_evidence(membership, evidence: Evidence) -> None:
    """Delete evidence nothing links to any more (links are history an auditor relies on)."""
    def refuse(current):
        n = EvidenceLink.objects.filter(evidence=current).count()
        return f"This evidence supports {n} record(s); unlink it first." if n else None

    writes.delete(EVIDENCE, membership, evidence, refuse=refuse)


# --- links ---------------------------------------------------------------------------------------------------

def _kind(record_type: str):
    kind = linkables.LINKABLES.get(record_type)
    if kind is None:
        raise InvalidInput([field_error("record_type", f"Evidence cannot support '{record_type}'; use one of: "
                                                       f"{', '.join(sorted(linkables.LINKABLES))}.", "enum")])
    return kind


def may_link(membership, evidence: Evidence, record_type: str, object_id: int) -> bool:
    """Whether ``membership`` may let ``evidence`` support (or stop supporting) one record: a link changes both,
    so it needs the right to edit one of them — the evidence (its owner or uploader) or the record it supports
    (its owner). Owners and AIMS managers may always; a contributor who owns neither may not (A.3.2)."""
    if not can(membership, "create_record"):
        return False
    if can(membership, "edit_record", evidence):
        return True
    kind = linkables.LINKABLES.get(record_type)
    record = kind.get(membership.organization, object_id) if kind is not None and kind.get else None
    return record is not None and can(membership, "edit_record", record)


NOT_YOURS = ("You may link or unlink only evidence you own or uploaded, or evidence of a record you own; ask the "
             "owner of the evidence or of the record, or an AIMS manager.")


def link(membership, evidence: Evidence, record_type: str, object_id: int, *, requested=False) -> EvidenceLink:
    """Let ``evidence`` support one record of the organisation (one piece supports many records). ``requested``:
    the link answers an evidence request for that record, which an AIMS manager made (see
    :func:`fulfil_request`)."""
    require(membership, "create_record")
    kind = _kind(record_type)
    names = kind.names(membership.organization, [object_id])
    if object_id not in names:
        raise InvalidInput([field_error("object_id", f"No {kind.label.lower()} with id {object_id}.", "not_found")])
    if not requested and not may_link(membership, evidence, record_type, object_id):
        raise PermissionDenied(NOT_YOURS)
    with transaction.atomic():
        found, created = EvidenceLink.objects.get_or_create(
            organization=membership.organization, evidence=evidence, record_type=record_type, object_id=object_id,
            defaults={"linked_by": membership.user})
        if created:
            audit.record("evidence.link", org=membership.organization, actor=membership.user, obj=evidence,
                         changes={"supports": f"{kind.label} {names[object_id]}"})
    return found


def unlink(membership, evidence: Evidence, record_type: str, object_id: int) -> None:
    """Stop ``evidence`` supporting one record (same rule as :func:`link`)."""
    require(membership, "create_record")
    if not may_link(membership, evidence, record_type, object_id):
        raise PermissionDenied(NOT_YOURS)
    with transaction.atomic():
        deleted, _ = EvidenceLink.objects.filter(organization=membership.organization, evidence=evidence,
                                                 record_type=record_type, object_id=object_id).delete()
        if deleted:
            audit.record("evidence.unlink", org=membership.organization, actor=membership.user, obj=evidence,
                         changes={"no_longer_supports": f"{record_type} {object_id}"})


def linked_to(org, record_type: str, object_id: int):
    """The evidence supporting one record."""
    return (Evidence.objects.for_org(org).filter(links__record_type=record_type, links__object_id=object_id)
            .select_related("owner").order_by("title"))


def not_linked_to(org, record_type: str, object_id: int):
    """The organisation's evidence that does not support this record yet (to offer for linking)."""
    return (Evidence.objects.for_org(org).exclude(links__record_type=record_type, links__object_id=object_id)
            .order_by("title").only("pk", "title"))


# --- evidence requests ----------------------------------------------------------------------------------------

class RequestRules(writes.Rules):
    def __init__(self, record_type: str = "", object_id: int | None = None):
        self.record_type, self.object_id = record_type, object_id

    def check(self, write):
        if write.created:
            require(write.membership, "approve")
            due = write.cleaned.get("due_date")
            if due is None:
                raise InvalidInput([field_error("due_date", "Say by when the evidence is needed.", "missing")])
            if due < timezone.localdate():
                raise InvalidInput([field_error("due_date", "The due date is in the past.", "past")])
            if self.record_type:
                kind = _kind(self.record_type)
                if self.object_id not in kind.names(write.org, [self.object_id]):
                    raise InvalidInput([field_error("object_id", f"No {kind.label.lower()} with id "
                                                                 f"{self.object_id}.", "not_found")])

    def before_save(self, write):
        if write.created:
            write.obj.requested_by = write.membership.user
            write.obj.record_type, write.obj.object_id = self.record_type, self.object_id


def request_evidence(membership, data: dict, *, record_type: str = "", object_id: int | None = None):
    """Ask a member for evidence by a due date (AIMS managers and owners); it shows on their dashboard."""
    return writes.create(EVIDENCE_REQUEST, membership, data, rules=RequestRules(record_type, object_id))


def fulfil_request(membership, request: EvidenceRequest, evidence: Evidence) -> EvidenceRequest:
    """Close a request with the evidence that answers it (linked to the request's record too)."""
    require(membership, "edit_record", request)
    if request.status != RequestStatus.OPEN:
        raise Conflict(f"This request is already {request.get_status_display().lower()}.")
    with transaction.atomic():
        if request.record_type and request.object_id:
            link(membership, evidence, request.record_type, request.object_id, requested=True)
        EvidenceRequest.objects.filter(pk=request.pk).update(status=RequestStatus.FULFILLED, evidence=evidence,
                                                             version=request.version + 1,
                                                             updated_at=timezone.now())
        audit.record("evidence_request.fulfil", org=membership.organization, actor=membership.user, obj=request,
                     changes={"evidence": evidence.title, "status": ["open", "fulfilled"]})
    request.refresh_from_db()
    return request


def cancel_request(membership, request: EvidenceRequest) -> EvidenceRequest:
    require(membership, "approve")
    if request.status != RequestStatus.OPEN:
        raise Conflict(f"This request is already {request.get_status_display().lower()}.")
    with transaction.atomic():
        EvidenceRequest.objects.filter(pk=request.pk).update(status=RequestStatus.CANCELLED,
                                                             version=request.version + 1, updated_at=timezone.now())
        audit.record("evidence_request.cancel", org=membership.organization, actor=membership.user, obj=request,
                     changes={"status": ["open", "cancelled"]})
    request.refresh_from_db()
    return request

