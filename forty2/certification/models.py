"""The certification cycle (ISO/IEC 42001 audited by a certification body, after ISO/IEC 17021-1 practice).

One :class:`Certification` per organisation: the certification body and its accreditation body, the scope of
certification, the decision date, the certificate number and its expiry (three years after the decision, stored).
Its status changes only through recorded :class:`CertificationEvent` rows (decision, suspension, reinstatement,
withdrawal, scope extension or reduction, renewal) — appended, audited, never edited. The certification body's
audits are ``audits.Audit`` rows of the kinds stage 1, stage 2, surveillance and recertification (one
certification per organisation, so no link is needed). :class:`ReminderSent` remembers which e-mail reminder
went out for which due date and threshold, so each is sent once.
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import Organization, OrgOwned

STANDARD = "ISO/IEC 42001:2023"


class CertificationStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    STAGE1 = "stage1", "Stage 1"
    STAGE2 = "stage2", "Stage 2"
    CERTIFIED = "certified", "Certified"
    SUSPENDED = "suspended", "Suspended"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"


class Certification(OrgOwned):
    """The organisation's certification of its AIMS: who certifies, for what scope, since when and until when."""

    certification_body = models.CharField(max_length=200, blank=True)
    accreditation_body = models.CharField(max_length=200, blank=True)
    scope = models.TextField("scope of certification", max_length=5000, blank=True)
    standard = models.CharField(max_length=60, default=STANDARD)
    status = models.CharField(max_length=10, choices=CertificationStatus.choices,
                              default=CertificationStatus.PLANNING)
    decision_date = models.DateField(null=True, blank=True)
    certificate_number = models.CharField(max_length=100, blank=True)
    #: the certificate's issue date (the decision, or the renewal) and its expiry three years on (schedule.py)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="certification_once_per_org")]

    def __str__(self):
        return f"Certification to {self.standard}"


class EventKind(models.TextChoices):
    DECISION = "decision", "Certification decision"
    SUSPENSION = "suspension", "Suspension"
    REINSTATEMENT = "reinstatement", "Reinstatement"
    WITHDRAWAL = "withdrawal", "Withdrawal"
    SCOPE_EXTENSION = "scope_extension", "Scope extension"
    SCOPE_REDUCTION = "scope_reduction", "Scope reduction"
    RENEWAL = "renewal", "Renewal"


class CertificationEvent(OrgOwned):
    """A recorded event of the certification (append-only: recorded once, audited, never edited)."""

    certification = models.ForeignKey(Certification, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    date = models.DateField()
    note = models.TextField(max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    #: the audit the event rests on (the stage 2 audit of a decision, the recertification audit of a renewal)
    audit = models.ForeignKey("audits.Audit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    certificate_number = models.CharField(max_length=100, blank=True)
    #: the scope of certification after a scope change, as recorded
    scope = models.TextField(max_length=5000, blank=True)
    status_before = models.CharField(max_length=10, choices=CertificationStatus.choices)
    status_after = models.CharField(max_length=10, choices=CertificationStatus.choices)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organization", "date"], name="cert_event_org_date")]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.date.isoformat()}"


class ReminderSent(models.Model):
    """One e-mail reminder sent: for this organisation, this due item and date, this many days ahead."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)  # "surveillance-1", "surveillance-2027", "recertification"
    due = models.DateField()
    threshold = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "key", "due", "threshold"],
                                               name="certification_reminder_once")]

    def __str__(self):
        return f"{self.key} due {self.due.isoformat()}, {self.threshold} days ahead"
