"""AI risk management and AI system impact assessment (ISO/IEC 42001 6.1.1–6.1.4, 8.2–8.4, A.5).

A risk methodology (versioned, approved) scores risks; the risk register holds each risk with its treatment
actions; impact assessments (structured after ISO/IEC 42005) assess each AI system's impacts on individuals,
groups and society; assessment runs freeze the register's results on a date. Acceptance of a risk and approval
of an impact assessment are records of the kit's approval pattern (``records.Approval``).
"""

from django.conf import settings
from django.db import models

from forty2.inventory.models import LifecycleStage
from forty2.records import staging
from forty2.tenancy.models import OrgOwned


class Level(models.TextChoices):
    """Risk levels a methodology's matrix maps to, lowest first."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


#: a score on a likelihood or consequence scale: "1" (lowest) to "5"; a methodology uses the first 3 to 5
SCORES = [(str(n), str(n)) for n in range(1, 6)]


class MethodologyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class RiskMethodology(OrgOwned):
    """One version of the organisation's AI risk assessment methodology (ISO/IEC 42001 6.1.1, 6.1.2).

    Scales (3–5 levels, labels and descriptions), the matrix from likelihood and consequence to a level, the
    acceptance criteria per level (acceptable at all, and by which roles besides the risk owner), the
    consequence dimensions and the review interval. Only a draft changes; approving it makes it current and
    supersedes the previous version. Risks keep the version they were scored under.
    """

    number = models.PositiveIntegerField("version number")
    name = models.CharField(max_length=200)
    notes = models.TextField(max_length=5000, blank=True)
    status = models.CharField(max_length=16, choices=MethodologyStatus.choices, default=MethodologyStatus.DRAFT)
    likelihood_scale = models.JSONField(default=list)
    consequence_scale = models.JSONField(default=list)
    matrix = models.JSONField(default=list, help_text="matrix[likelihood-1][consequence-1] = level")
    acceptance = models.JSONField(default=dict, help_text="{level: {acceptable: bool, roles: [role]}}")
    dimensions = models.JSONField(default=list, help_text="consequence dimensions [{key, label, description}]")
    review_interval_days = models.PositiveIntegerField(default=365)
    impact_four_eyes = models.BooleanField(default=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "risk methodology"
        verbose_name_plural = "risk methodologies"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="methodology_number_unique")]

    def __str__(self):
        return f"{self.name} (version {self.number})"

    def level(self, likelihood, consequence) -> str:
        """The matrix's level for two scores ("" when either is missing)."""
        if not likelihood or not consequence:
            return ""
        return self.matrix[int(likelihood) - 1][int(consequence) - 1]


class TreatmentOption(models.TextChoices):
    """Risk treatment options (ISO/IEC 42001 6.1.3; ISO 31000 6.5)."""

    MODIFY = "modify", "Modify (reduce) the risk"
    AVOID = "avoid", "Avoid the risk"
    SHARE = "share", "Share the risk"
    RETAIN = "retain", "Retain the risk"


class RiskStatus(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    ASSESSED = "assessed", "Assessed"
    IN_TREATMENT = "in_treatment", "In treatment"
    TREATED = "treated", "Treated"
    CLOSED = "closed", "Closed"


class Risk(OrgOwned):
    """An AI risk in the register (ISO/IEC 42001 6.1.2 assessment, 6.1.3 treatment, 8.2, 8.3)."""

    LINK_LABEL = "title"  # how another record's link (an incident's risks) names it

    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    ai_systems = models.ManyToManyField("inventory.AISystem", blank=True, related_name="risks")
    sources = models.JSONField(default=list, blank=True)
    objectives = models.JSONField(default=list, blank=True)
    lifecycle_stage = models.CharField(max_length=32, choices=LifecycleStage.choices, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    inherent_likelihood = models.CharField(max_length=1, choices=SCORES, blank=True)
    inherent_consequence = models.CharField(max_length=1, choices=SCORES, blank=True)
    inherent_level = models.CharField(max_length=16, choices=Level.choices, blank=True, db_index=True)
    treatment_option = models.CharField(max_length=16, choices=TreatmentOption.choices, blank=True)
    treatment_plan = models.TextField(max_length=5000, blank=True)
    controls = models.JSONField("Annex A controls", default=list, blank=True)
    own_controls = models.TextField(max_length=5000, blank=True)
    residual_likelihood = models.CharField(max_length=1, choices=SCORES, blank=True)
    residual_consequence = models.CharField(max_length=1, choices=SCORES, blank=True)
    residual_level = models.CharField(max_length=16, choices=Level.choices, blank=True, db_index=True)
    status = models.CharField(max_length=16, choices=RiskStatus.choices, default=RiskStatus.IDENTIFIED)
    next_review = models.DateField(null=True, blank=True)
    methodology = models.ForeignKey(RiskMethodology, on_delete=models.PROTECT, related_name="risks")
    acceptance = models.CharField(max_length=16, choices=[("accepted", "Accepted"), ("stale", "Acceptance stale")],
                                  blank=True, help_text="denormalised from the acceptance in force (records.Approval)")
    reassessment_due = models.BooleanField(default=False)
    reassessment_reason = models.CharField(max_length=500, blank=True)
    source_assessment = models.ForeignKey("ImpactAssessment", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="risks")
    library_key = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # A large import's rows stay hidden until it is published (forty2/records/staging.py).
    import_stage = staging.stage_field()

    objects = staging.StagedManager()

    class Meta:
        ordering = ["title"]
        # (organization, title, id) is the list's default ORDER BY: a page of 50 reads 50 index entries, not
        # every risk of the organisation then a sort (bench/risk_latency.py, PostgreSQL)
        indexes = [models.Index(fields=["organization", "title", "id"], name="risk_list_order"),
                   models.Index(fields=["organization", "next_review"])]

    def __str__(self):
        return self.title

    @property
    def level(self) -> str:
        """The level acceptance is judged on: residual once scored, else inherent."""
        return self.residual_level or self.inherent_level


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class TreatmentAction(OrgOwned):
    """One action of a risk's treatment plan, with its owner and due date (ISO/IEC 42001 6.1.3, 8.3)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.title


class AssessmentKind(models.TextChoices):
    STANDARD = "standard", "AI system impact assessment (ISO/IEC 42005)"
    FRIA = "fria", "Fundamental rights impact assessment (EU AI Act Art. 27)"


class ImpactLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class ImpactAssessment(OrgOwned):
    """An AI system impact assessment (ISO/IEC 42001 6.1.4, 8.4, A.5.2–A.5.5), structured after ISO/IEC 42005.

    The FRIA variant adds the content EU AI Act Art. 27(1)(a)–(f) asks of deployers. Approval (sign-off) is a
    ``records.Approval`` of kind ``approval``, optionally under the four-eyes rule of the methodology.
    """

    ai_system = models.ForeignKey("inventory.AISystem", on_delete=models.PROTECT, related_name="impact_assessments")
    kind = models.CharField(max_length=16, choices=AssessmentKind.choices, default=AssessmentKind.STANDARD)
    title = models.CharField(max_length=200)
    system_description = models.TextField(max_length=10000, blank=True)
    intended_use = models.TextField(max_length=5000, blank=True)
    foreseeable_misuse = models.TextField(max_length=5000, blank=True)
    stakeholders = models.TextField("stakeholders and affected groups", max_length=5000, blank=True)
    measures = models.TextField(max_length=10000, blank=True)
    residual_impact = models.CharField(max_length=16, choices=ImpactLevel.choices, blank=True)
    residual_notes = models.TextField(max_length=5000, blank=True)
    fria_process = models.TextField(max_length=5000, blank=True)
    fria_period = models.TextField(max_length=2000, blank=True)
    fria_persons = models.TextField(max_length=5000, blank=True)
    fria_harms = models.TextField(max_length=5000, blank=True)
    fria_oversight = models.TextField(max_length=5000, blank=True)
    fria_remedies = models.TextField(max_length=5000, blank=True)
    next_review = models.DateField(null=True, blank=True)
    reassessment_due = models.BooleanField(default=False)
    reassessment_reason = models.CharField(max_length=500, blank=True)
    last_edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class ImpactGroup(models.TextChoices):
    INDIVIDUALS = "individuals", "Individuals and groups (A.5.4)"
    SOCIETY = "society", "Society (A.5.5)"


class ImpactArea(models.TextChoices):
    FAIRNESS = "fairness", "Fairness and non-discrimination"
    PRIVACY = "privacy", "Privacy"
    SAFETY = "safety", "Safety and health"
    AUTONOMY = "autonomy", "Autonomy and human agency"
    TRANSPARENCY = "transparency", "Transparency and contestability"
    ACCESSIBILITY = "accessibility", "Accessibility"
    ENVIRONMENT = "environment", "Environment"
    ECONOMY = "economy", "Economy and employment"
    DEMOCRACY = "democratic_processes", "Democratic processes"
    PUBLIC_TRUST = "public_trust", "Public trust and information"
    OTHER = "other", "Other"


class Impact(OrgOwned):
    """One assessed impact of an AI system on individuals, groups or society, with severity and likelihood
    before and after the measures (ISO/IEC 42001 A.5.4, A.5.5)."""

    assessment = models.ForeignKey(ImpactAssessment, on_delete=models.CASCADE, related_name="impacts")
    group = models.CharField(max_length=16, choices=ImpactGroup.choices)
    area = models.CharField(max_length=32, choices=ImpactArea.choices)
    description = models.TextField(max_length=5000)
    severity = models.CharField(max_length=1, choices=SCORES, blank=True)
    likelihood = models.CharField(max_length=1, choices=SCORES, blank=True)
    measures = models.TextField(max_length=5000, blank=True)
    residual_severity = models.CharField(max_length=1, choices=SCORES, blank=True)
    residual_likelihood = models.CharField(max_length=1, choices=SCORES, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["group", "id"]

    def __str__(self):
        return f"{self.get_area_display()}: {self.description[:60]}"


class RiskAssessmentRun(OrgOwned):
    """A dated risk assessment over a scope, its results frozen (ISO/IEC 42001 8.2, 9.1 retained as evidence)."""

    title = models.CharField(max_length=200)
    performed_on = models.DateField()
    ai_systems = models.ManyToManyField("inventory.AISystem", blank=True, related_name="+",
                                        help_text="scope; none means every AI system")
    notes = models.TextField(max_length=5000, blank=True)
    methodology = models.ForeignKey(RiskMethodology, on_delete=models.PROTECT, related_name="runs")
    results = models.JSONField(default=list)
    changes = models.JSONField(default=dict)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-performed_on", "-id"]

    def __str__(self):
        return self.title
