"""Concerns raised by anyone, external reports and AI incidents (ISO/IEC 42001 A.3.3, A.8.3, A.8.4; EU AI Act
Art. 26(5), 73).

A :class:`Concern` arrives through the organisation's public channel (:class:`ConcernChannel`, off until the
organisation turns it on) or is recorded by a member. An anonymous concern keeps no identifying data at all: no
name, e-mail, address, browser, session or user. The reporter reads the answer later with a follow-up code that
is shown to them once and kept only as its SHA-256 digest.

An :class:`Incident` records what went wrong with one or more AI systems, its harm and, where a system is
high-risk under the EU AI Act, the Art. 73 reporting deadline (:mod:`forty2.incidents.art73`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from forty2.tenancy.models import OrgOwned


class ConcernChannel(OrgOwned):
    """Whether the organisation receives concerns through its public page ``/c/<org>/`` (A.3.3, A.8.3); one per
    organisation, off until someone turns it on."""

    enabled = models.BooleanField(default=False)
    intro = models.TextField("introduction", max_length=2000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="concern_channel_one_per_org")]


class ConcernKind(models.TextChoices):
    CONCERN = "concern", "Concern"
    EXTERNAL_REPORT = "external_report", "External report"
    COMPLAINT = "complaint", "Complaint"


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    TRIAGE = "triage", "In triage"
    INVESTIGATING = "investigating", "Investigating"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class Concern(OrgOwned):
    """A concern about the organisation's AI (A.3.3), a report from an external party (A.8.3) or a complaint.

    ``reporter_name`` and ``reporter_email`` are blank for an anonymous concern and shown only to the people who
    handle concerns (:func:`forty2.incidents.access.handles_concerns`)."""

    LINK_LABEL = "subject"  # how a finding or nonconformity names it (history, import, export)

    kind = models.CharField(max_length=16, choices=ConcernKind.choices, default=ConcernKind.CONCERN)
    subject = models.CharField(max_length=200)
    description = models.TextField(max_length=10000, blank=True)
    system_text = models.CharField("AI system (as reported)", max_length=300, blank=True)
    ai_system = models.ForeignKey("inventory.AISystem", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    anonymous = models.BooleanField(default=False)
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_email = models.EmailField(max_length=254, blank=True)
    #: SHA-256 of the follow-up code (the code itself is shown once, never stored)
    code_digest = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.RECEIVED)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    outcome = models.TextField(max_length=5000, blank=True)
    answer = models.TextField(max_length=5000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    triage_due = models.DateField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["organization", "status"], name="concern_org_status")]

    def __str__(self):
        return self.subject


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Harm(models.TextChoices):
    """Harm categories of EU AI Act Art. 3(49)."""

    HEALTH = "health", "Health"
    SAFETY = "safety", "Safety"
    FUNDAMENTAL_RIGHTS = "fundamental_rights", "Fundamental rights"
    PROPERTY = "property", "Property"
    ENVIRONMENT = "environment", "Environment"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    INVESTIGATING = "investigating", "Investigating"
    CONTAINED = "contained", "Contained"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class Incident(OrgOwned):
    """An AI incident (A.8.4) and, for a high-risk system, a possible serious incident (EU AI Act Art. 3(49),
    73)."""

    LINK_LABEL = "title"  # how a finding or nonconformity names it (history, import, export)

    title = models.CharField(max_length=200)
    description = models.TextField(max_length=10000, blank=True)
    severity = models.CharField(max_length=16, choices=Severity.choices, default=Severity.MEDIUM)
    ai_systems = models.ManyToManyField("inventory.AISystem", blank=True, related_name="incidents")
    occurred_on = models.DateField(null=True, blank=True)
    aware_on = models.DateField("became aware on", default=timezone.localdate)
    detected_by = models.CharField("detected by / how", max_length=300, blank=True)
    people_affected = models.TextField(max_length=5000, blank=True)
    people_affected_count = models.PositiveIntegerField("approximate number of people affected", null=True,
                                                        blank=True)
    harm_categories = models.JSONField(default=list, blank=True)
    serious = models.BooleanField("serious incident", null=True, blank=True)
    death = models.BooleanField("a person died", default=False)
    widespread = models.BooleanField("widespread infringement or critical infrastructure disruption", default=False)
    immediate_actions = models.TextField(max_length=5000, blank=True)
    communication = models.TextField("communication to interested parties", max_length=5000, blank=True)
    communicated_on = models.DateField(null=True, blank=True)
    root_cause = models.TextField(max_length=5000, blank=True)
    corrective_actions = models.TextField(max_length=5000, blank=True)
    status = models.CharField(max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    reported_on = models.DateField("reported to the authority on", null=True, blank=True)
    reported_to = models.CharField(max_length=300, blank=True)
    authority_reference = models.CharField(max_length=200, blank=True)
    provider_informed_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    risks = models.ManyToManyField("risk.Risk", blank=True, related_name="incidents")
    source = models.CharField(max_length=100, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-aware_on", "-id"]
        indexes = [models.Index(fields=["organization", "status"], name="incident_org_status")]

    def __str__(self):
        return self.title
