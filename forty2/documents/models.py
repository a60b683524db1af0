"""Controlled documents: the AIMS's policies, procedures and plans, their versions, and who acknowledged them
(ISO/IEC 42001 5.2 AI policy, 7.3 awareness, 7.4 communication, 7.5 documented information, A.2.2-A.2.4).

A :class:`Document` is the lasting identity (reference, owner, review interval, retention); its text lives in
:class:`DocumentVersion` rows that run draft -> in review -> approved -> superseded (or retired) through
:data:`forty2.documents.workflows.VERSION_FLOW`. An approved version never changes: its SHA-256 is kept and can be
verified at any time. An :class:`Acknowledgement` asks one person to confirm they read one approved version.
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class DocumentKind(models.TextChoices):
    AI_POLICY = "ai_policy", "AI policy"
    POLICY = "policy", "Policy"
    PROCEDURE = "procedure", "Procedure"
    SCOPE = "scope", "Scope statement"
    METHODOLOGY = "methodology", "Methodology"
    PLAN = "plan", "Plan"
    RECORD_TEMPLATE = "record_template", "Record template"
    WORK_INSTRUCTION = "work_instruction", "Work instruction"
    EXTERNAL = "external", "External document"


class Classification(models.TextChoices):
    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    CONFIDENTIAL = "confidential", "Confidential"
    RESTRICTED = "restricted", "Restricted"


class Document(OrgOwned):
    """A controlled document (7.5.2, 7.5.3): what it is, who owns it, how often it is reviewed, how long it is kept."""

    reference = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.PROCEDURE)
    purpose = models.TextField(max_length=2000, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    classification = models.CharField(max_length=16, choices=Classification.choices,
                                      default=Classification.INTERNAL)
    review_interval_months = models.PositiveIntegerField(default=12)
    retention_years = models.PositiveIntegerField(default=3)
    related = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+")
    publisher = models.CharField(max_length=200, blank=True)
    external_version = models.CharField(max_length=100, blank=True)
    external_url = models.URLField(max_length=500, blank=True)
    starter_key = models.CharField(max_length=60, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    LINK_LABEL = "reference"  # how an import cell or an export names a linked document

    class Meta:
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(fields=["organization", "reference"], name="document_reference_unique")]

    def __str__(self):
        return f"{self.reference} {self.title}"


class VersionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"
    RETIRED = "retired", "Retired"


class DocumentVersion(OrgOwned):
    """One version of a document's content: Markdown written in the browser, or an uploaded PDF/DOCX."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=16, choices=VersionState.choices, default=VersionState.DRAFT)
    body = models.TextField(max_length=2_000_000, blank=True)
    file = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    change_summary = models.CharField(max_length=500, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, help_text="superseded or retired")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self):
        return f"{self.document.reference} v{self.number}"


class Acknowledgement(OrgOwned):
    """A request that one person confirm they have read one approved version (7.3 awareness, 7.4)."""

    document_version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    due_date = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["document_version", "user"], name="acknowledgement_unique")]


class Communication(OrgOwned):
    """A line of the communication plan (7.4): what, when, with whom, how and by whom."""

    subject = models.CharField(max_length=200)
    audience = models.CharField(max_length=300, help_text="who it is for: people, roles, interested parties")
    channel = models.CharField(max_length=200, blank=True)
    timing = models.CharField(max_length=200, blank=True, help_text="when or how often")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    last_sent = models.DateField(null=True, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["subject"]


class CommunicationSent(OrgOwned):
    """A record that a planned communication went out (7.4): when, by whom, to whom, with a note."""

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="sendings")
    sent_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    recipients = models.CharField(max_length=300, blank=True)
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-sent_on", "-id"]


class TransparencyPage(OrgOwned):
    """What the organisation chooses to tell the public about its AI (A.8.2, A.8.5; EU AI Act Art. 50 where it
    applies): edited here, shown to the public only as a published :class:`TransparencyPublication`."""

    intro = models.TextField(max_length=20000, blank=True)
    concern_contact = models.TextField(max_length=2000, blank=True)
    show_certification = models.BooleanField(default=True)
    systems = models.ManyToManyField("inventory.AISystem", blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="transparency_one_per_org")]


class TransparencyPublication(OrgOwned):
    """One published version of the public page: a frozen copy, so nothing unpublished can leak."""

    number = models.PositiveIntegerField()
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="transparency_number_unique")]
