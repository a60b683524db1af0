"""Audit log: append-only, hash-chained events (ISO/IEC 42001 7.5.3 control of documented information)."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One recorded change, login or approval. Never updated or deleted by the application.

    ``canonical`` is the exact text that was hashed (sorted-key JSON); the other columns are copies of its
    fields for querying. ``hash = SHA-256(prev_hash + canonical)``.
    """

    chain = models.CharField(max_length=64, help_text="'org:<id>' for an organisation, 'installation' else")
    seq = models.PositiveBigIntegerField()
    organization = models.ForeignKey(
        "tenancy.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    # No database constraint and no cascade: deleting a person must not rewrite history (the id stays).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    canonical = models.TextField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [
            models.Index(fields=["organization", "-seq"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        ordering = ["chain", "seq"]

    def __str__(self):
        return f"{self.chain}#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class ChainHead(models.Model):
    """The last seq and hash of each chain, updated with every append: removing the newest events is
    detected by ``forty2 audit verify`` as well as altering or removing older ones."""

    chain = models.CharField(max_length=64, primary_key=True)
    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)

    def __str__(self):
        return f"{self.chain} @ {self.seq}"
