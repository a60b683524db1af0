"""Approvals of any record (ISO/IEC 42001 5.3 roles and authorities, 7.5.2 approval of documented information).

One table serves every record type that is approved, signed off or accepted: AI systems and EU AI Act
classifications now; documents, SoA versions, risk acceptance and impact assessments next.
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class Approval(OrgOwned):
    """Who approved which content of a record, when, and whether it still holds.

    ``content_hash`` is the SHA-256 of the approved content (the record's snapshot as its service defines it):
    when the record's content no longer hashes the same, the approval is *stale* — shown, never silently kept.
    A withdrawn approval (``withdrawn_at``) stays as history.
    """

    record_type = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    kind = models.CharField(max_length=32, default="approval", help_text="approval, sign_off, acceptance …")
    subject_version = models.PositiveIntegerField(help_text="The record's version that was approved")
    content_hash = models.CharField(max_length=64)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField()
    note = models.TextField(max_length=2000, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    withdrawal_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-approved_at", "-id"]
        indexes = [models.Index(fields=["organization", "record_type", "object_id", "kind"])]

    def __str__(self):
        return f"{self.kind} of {self.record_type} {self.object_id} (version {self.subject_version})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class RecordEditor(OrgOwned):
    """Who changed a record, and when they last did (ISO/IEC 42001 5.3, A.3.2 segregation of duties).

    One row per record and person, written by the records kit's write path (:mod:`forty2.records.writes`) and by
    services whose child records are part of a parent's content (an impact of an impact assessment). Under the
    four-eyes rule the approver must differ from everyone who edited the record since its last approval
    (:func:`forty2.records.approvals.editors_since_approval`), not only from the last editor.
    """

    record_type = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    edited_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "record_type", "object_id", "user"],
                                               name="record_editor_unique")]

    def __str__(self):
        return f"{self.user_id} edited {self.record_type} {self.object_id}"


class ImportStage(models.Model):
    """A large import being written in short batches (ISO/IEC 42001 7.5.3; see :mod:`forty2.records.staging`).

    The rows it creates carry its id and stay hidden from every query until it is published in one small update;
    a stage whose importer stopped (``heartbeat_at`` too old) is discarded, with its rows, by the worker's sweep.
    """

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.label or f"import stage {self.pk}"
