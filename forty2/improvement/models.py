"""Findings, nonconformities and corrective action, and the improvement log (ISO/IEC 42001 10.1, 10.2).

A :class:`Finding` is what an audit (or an incident, a metric breach, a concern, a management review or a
complaint) found against a requirement: a major or minor nonconformity, an observation or an opportunity for
improvement, with the objective evidence. A nonconformity finding has one :class:`Nonconformity`, which runs
correction → root-cause analysis → :class:`CorrectiveAction` rows → verification of effectiveness → closure
(10.2 a-g). The :class:`Improvement` log (10.1) is fed by opportunities, review decisions and closed
nonconformities.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from forty2.tenancy.models import OrgOwned


class FindingKind(models.TextChoices):
    MAJOR_NC = "major_nc", "Major nonconformity"
    MINOR_NC = "minor_nc", "Minor nonconformity"
    OBSERVATION = "observation", "Observation"
    OFI = "ofi", "Opportunity for improvement"


NC_KINDS = frozenset({FindingKind.MAJOR_NC, FindingKind.MINOR_NC})


class FindingSource(models.TextChoices):
    AUDIT = "audit", "Audit"
    INCIDENT = "incident", "AI incident"
    METRIC_BREACH = "metric_breach", "Metric breach"
    CONCERN = "concern", "Concern"
    MANAGEMENT_REVIEW = "management_review", "Management review"
    COMPLAINT = "complaint", "Complaint"
    OTHER = "other", "Other"


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Finding(OrgOwned):
    """What was found against a requirement, where it came from and the objective evidence (9.2.1, 10.2)."""

    LINK_LABEL = "title"

    kind = models.CharField(max_length=12, choices=FindingKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=10000, blank=True)
    #: the requirement concerned: a clause ("9.2.2") or control ("A.6.2.4") ref, its catalog row and SoA entry
    requirement_ref = models.CharField("requirement", max_length=40, blank=True)
    requirement = models.ForeignKey("catalog.Requirement", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    soa_entry = models.ForeignKey("controls.SoAEntry", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    objective_evidence = models.TextField(max_length=10000, blank=True)
    evidence = models.ManyToManyField("evidence.Evidence", blank=True, related_name="+")
    source = models.CharField(max_length=20, choices=FindingSource.choices, default=FindingSource.AUDIT)
    audit = models.ForeignKey("audits.Audit", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="findings")
    audit_item = models.ForeignKey("audits.AuditItem", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="findings")
    incident = models.ForeignKey("incidents.Incident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    concern = models.ForeignKey("incidents.Concern", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    metric = models.ForeignKey("monitoring.Metric", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    #: the management review, complaint or other source in words (a review's own page links its findings)
    source_note = models.CharField(max_length=300, blank=True)
    ai_systems = models.ManyToManyField("inventory.AISystem", blank=True, related_name="+")
    status = models.CharField(max_length=8, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    raised_on = models.DateField(default=timezone.localdate)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["organization", "kind", "status"], name="finding_org_kind_status"),
                   models.Index(fields=["organization", "requirement_ref"], name="finding_org_ref")]

    def __str__(self):
        return self.title


class NCState(models.TextChoices):
    OPEN = "open", "Open"
    CORRECTED = "corrected", "Corrected"
    ANALYSED = "analysed", "Cause analysed"
    ACTIONS = "actions", "Corrective actions under way"
    VERIFYING = "verifying", "Awaiting verification"
    CLOSED = "closed", "Closed"


class CauseMethod(models.TextChoices):
    FIVE_WHYS = "five_whys", "Five whys"
    CATEGORIES = "categories", "Cause categories"


class Nonconformity(OrgOwned):
    """The 10.2 cycle of one nonconformity finding.

    ``root_cause`` is structured: ``{"whys": ["…", …]}`` for five whys, ``{"categories": ["people", …]}`` for
    cause categories, each with the ``summary`` in :attr:`cause_summary`. Verification of effectiveness (10.2 d) is
    by someone other than any action owner and the person who raised the finding, no earlier than
    ``verify_after``."""

    LINK_LABEL = "reference"  # how a corrective action's import cell and export name it ("NC-12")

    finding = models.OneToOneField(Finding, on_delete=models.PROTECT, related_name="nonconformity")
    severity = models.CharField(max_length=12, choices=[(FindingKind.MAJOR_NC.value, FindingKind.MAJOR_NC.label),
                                                        (FindingKind.MINOR_NC.value, FindingKind.MINOR_NC.label)])
    state = models.CharField(max_length=10, choices=NCState.choices, default=NCState.OPEN)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    correction = models.TextField(max_length=5000, blank=True)
    correction_due = models.DateField(null=True, blank=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    cause_method = models.CharField(max_length=12, choices=CauseMethod.choices, blank=True)
    root_cause = models.JSONField(default=dict, blank=True)
    cause_summary = models.TextField("root cause", max_length=5000, blank=True)
    analysis_due = models.DateField(null=True, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    #: 10.2 b: do similar nonconformities exist, or could they occur? (None until answered)
    similar_elsewhere = models.BooleanField(null=True, blank=True)
    similar_note = models.TextField(max_length=2000, blank=True)
    #: verification of effectiveness: not before this day (the minimum interval after the last action is done)
    verify_after = models.DateField(null=True, blank=True)
    #: the minimum interval between the last action done and the verification (the organisation's default 30)
    verify_interval_days = models.PositiveIntegerField("minimum days before verification", default=30)
    #: when the verification of effectiveness is due (set when the last action is done)
    verification_due = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    effective = models.BooleanField(null=True, blank=True)
    verification_note = models.TextField(max_length=5000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "nonconformities"
        indexes = [models.Index(fields=["organization", "state", "severity"], name="nc_org_state_severity")]

    def __str__(self):
        """The finding's title when it was read with the row (never a query per row in a list), else NC-<id>."""
        if self.finding_id and Nonconformity.finding.is_cached(self):
            return self.finding.title
        return self.reference

    @property
    def reference(self) -> str:
        return f"NC-{self.pk}" if self.pk else "NC"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class CorrectiveAction(OrgOwned):
    """An action that removes the cause of a nonconformity (10.2 c), with its owner and due date."""

    LINK_LABEL = "description"

    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(max_length=5000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organization", "status", "due_on"], name="ca_org_status_due")]

    def __str__(self):
        return self.description[:80]


class ImprovementSource(models.TextChoices):
    OPPORTUNITY = "opportunity", "Opportunity for improvement"
    REVIEW_DECISION = "review_decision", "Management review decision"
    NONCONFORMITY = "nonconformity", "Closed nonconformity"
    SUGGESTION = "suggestion", "Suggestion"
    OTHER = "other", "Other"


class ImprovementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    REJECTED = "rejected", "Rejected"


class Improvement(OrgOwned):
    """One entry of the continual-improvement log (10.1): what is improved, where it came from, its status and
    the benefit expected and seen."""

    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    source = models.CharField(max_length=16, choices=ImprovementSource.choices, default=ImprovementSource.OTHER)
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    nonconformity = models.ForeignKey(Nonconformity, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    #: the management review decision it came from, in words (the review's page links it)
    source_note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=ImprovementStatus.choices, default=ImprovementStatus.PROPOSED)
    benefit = models.TextField("expected benefit", max_length=2000, blank=True)
    benefit_seen = models.TextField("benefit seen", max_length=2000, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "status"], name="improvement_org_status")]

    def __str__(self):
        return self.title
