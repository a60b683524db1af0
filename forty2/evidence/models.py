"""Evidence: files and links that show a control or clause is met (ISO/IEC 42001 7.5 documented information,
9.1 monitoring results, 9.2 audit evidence).

One piece of evidence supports many records through :class:`EvidenceLink` (``record_type`` + ``object_id``), so
SoA entries, clause assessments and — once their apps exist — risks, impact assessments and audits link to it
without this app importing theirs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from forty2.tenancy.models import OrgOwned


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    LINK = "link", "Link"


class Evidence(OrgOwned):
    """A piece of evidence (7.5.3 control of documented information): its current file or link, when it took
    effect and how long it stays valid. Earlier files are kept as :class:`EvidenceVersion` rows."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=EvidenceKind.choices)
    description = models.TextField(max_length=5000, blank=True)
    url = models.URLField(max_length=1000, blank=True, help_text="the link, for link evidence")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    effective_date = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # The current file (copied from the latest EvidenceVersion, so lists need no join).
    file_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    file_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["organization", "valid_until"])]

    def __str__(self):
        return self.title

    @property
    def expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class EvidenceVersion(OrgOwned):
    """One uploaded file of a piece of evidence; identical content shares one stored file per organisation."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    #: the bytes, content-addressed per organisation (forty2/files): identical uploads share one StoredFile
    stored_file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["evidence", "-number"]
        constraints = [models.UniqueConstraint(fields=["evidence", "number"], name="evidence_version_unique")]


class EvidenceLink(OrgOwned):
    """Evidence supporting one record: ``record_type`` is a kind registered in :mod:`forty2.evidence.links`
    (``soa_entry``, ``clause_assessment``; later ``risk``, ``impact_assessment``, ``audit``)."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    record_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evidence", "record_type", "object_id"],
                                               name="evidence_link_unique")]
        indexes = [models.Index(fields=["organization", "record_type", "object_id"])]


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELLED = "cancelled", "Cancelled"


class EvidenceRequest(OrgOwned):
    """Asking an owner for evidence by a due date (7.5, 9.2); shown to them until fulfilled or cancelled."""

    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    due_date = models.DateField()
    record_type = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.title

    @property
    def overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.due_date < timezone.localdate()
