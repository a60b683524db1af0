"""The certification project plan and the planning of changes to the AIMS (ISO/IEC 42001 6.3).

A :class:`ProjectPlan` (one per organisation) holds the phases of the path to certification
(:class:`PlanPhase`): each with the weeks the estimator gave and why (:mod:`forty2.planning.estimator_rules`),
and planned dates a person may move (``manual``: kept when the plan is re-estimated). Actual dates are never
stored here: they are read from the records' own dates (:mod:`forty2.planning.actuals`).

A :class:`PlannedChange` is a change to the AIMS planned before it is made (6.3): its purpose and potential
consequences, resources, responsibilities, an approval before it starts, and the review decision, nonconformity
or risk that caused it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from forty2.tenancy.models import OrgOwned

from .estimator_rules import PHASES


class ProjectPlan(OrgOwned):
    """The path to certification of one organisation: when it starts and which management systems it declares."""

    start_on = models.DateField(default=timezone.localdate)
    #: certificates the organisation declares ("iso27001", "iso9001"): the estimator counts them as in place
    declared_certificates = models.JSONField(default=list, blank=True)
    #: the profile the last estimate read ({factor: value})
    profile = models.JSONField(default=dict, blank=True)
    estimated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="project_plan_one_per_org")]

    def __str__(self):
        return "Project plan"


class PlanPhase(OrgOwned):
    """One phase of the plan: the estimate with its reasons, and the planned dates (a person's when ``manual``)."""

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="phases")
    key = models.CharField(max_length=32, choices=PHASES)
    order = models.PositiveSmallIntegerField(default=0)
    estimated_weeks = models.PositiveSmallIntegerField(default=1)
    reasons = models.JSONField(default=list, blank=True)
    planned_start = models.DateField()
    planned_end = models.DateField()
    manual = models.BooleanField(default=False)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="plan_phase_once")]

    def __str__(self):
        return self.get_key_display()


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    REJECTED = "rejected", "Rejected"


class PlannedChange(OrgOwned):
    """A change to the AIMS, planned (6.3): why, what it may bring about, what it needs, who does it, and what
    caused it — a management review decision (9.3.3), a nonconformity (10.2) or a risk (6.1)."""

    LINK_LABEL = "title"

    title = models.CharField(max_length=200)
    purpose = models.TextField(max_length=5000, blank=True)
    consequences = models.TextField("potential consequences", max_length=5000, blank=True)
    resources = models.TextField(max_length=5000, blank=True)
    responsibilities = models.TextField(max_length=5000, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    planned_on = models.DateField("planned date", null=True, blank=True)
    status = models.CharField(max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.PROPOSED)
    review_action = models.ForeignKey("review.ReviewAction", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    nonconformity = models.ForeignKey("improvement.Nonconformity", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    risk = models.ForeignKey("risk.Risk", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["planned_on", "id"]
        indexes = [models.Index(fields=["organization", "status"], name="planned_change_org_status")]

    def __str__(self):
        return self.title
