"""The AI system register: AI systems with their models, datasets and suppliers.

ISO/IEC 42001 4.1 (the organisation's AI systems and its roles for them), A.4 (resources for AI
systems: data, tooling, computing), A.6 (AI system life cycle), A.10 (third-party relationships).
"""

from django.conf import settings
from django.db import models

from forty2.records import staging
from forty2.tenancy.models import OrgOwned


class LifecycleStage(models.TextChoices):
    """AI system life cycle stages (ISO/IEC 22989 6.1; ISO/IEC 42001 A.6.2)."""

    INCEPTION = "inception", "Inception"
    DESIGN_DEVELOPMENT = "design_development", "Design and development"
    VERIFICATION_VALIDATION = "verification_validation", "Verification and validation"
    DEPLOYMENT = "deployment", "Deployment"
    OPERATION_MONITORING = "operation_monitoring", "Operation and monitoring"
    RE_EVALUATION = "re_evaluation", "Re-evaluation"
    RETIREMENT = "retirement", "Retirement"


IN_OPERATION_STAGES = {"deployment", "operation_monitoring", "re_evaluation"}


class AIRole(models.TextChoices):
    """The organisation's AI roles for a system (ISO/IEC 22989 5.19; ISO/IEC 42001 4.1)."""

    PROVIDER = "provider", "AI provider"
    PRODUCER = "producer", "AI producer"
    CUSTOMER = "customer", "AI customer"
    PARTNER = "partner", "AI partner"
    SUBJECT = "subject", "AI subject"


class SystemStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    UNDER_REVIEW = "under_review", "Under review"
    APPROVED = "approved", "Approved"
    RESTRICTED = "restricted", "Restricted"
    RETIRED = "retired", "Retired"


class Automation(models.TextChoices):
    """Degree of automation and where the human sits (ISO/IEC 42001 A.9.2, B.9.3)."""

    DECISION_SUPPORT = "decision_support", "Decision support (a person decides)"
    HUMAN_IN_THE_LOOP = "human_in_the_loop", "Human in the loop (a person approves each output)"
    HUMAN_ON_THE_LOOP = "human_on_the_loop", "Human on the loop (a person monitors and can intervene)"
    FULLY_AUTOMATED = "fully_automated", "Fully automated"


class PersonalData(models.TextChoices):
    NONE = "none", "No personal data"
    PERSONAL = "personal", "Personal data"
    SPECIAL_CATEGORY = "special_category", "Special-category data (health, biometric, …)"


class Criticality(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class AIModel(OrgOwned):
    """A trained model or general-purpose model that AI systems use (A.4.3 tooling, A.6.2.3 design)."""

    name = models.CharField(max_length=200)
    model_version = models.CharField("version", max_length=100, blank=True)
    provider = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    model_card_url = models.URLField("model card link", max_length=500, blank=True)
    description = models.TextField(max_length=5000, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "AI model"
        ordering = ["name", "model_version"]
        constraints = [models.UniqueConstraint(fields=["organization", "name", "model_version"],
                                               name="aimodel_unique_name_version")]

    def __str__(self):
        return f"{self.name} {self.model_version}".strip()


class Dataset(OrgOwned):
    """Data used to train, test or operate AI systems (A.7 data for AI systems)."""

    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)
    provenance = models.TextField(max_length=5000, blank=True, help_text="Where the data came from (A.7.5)")
    licence = models.CharField(max_length=200, blank=True)
    personal_data = models.CharField(max_length=32, choices=PersonalData.choices, default=PersonalData.NONE)
    known_biases = models.TextField(max_length=5000, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="dataset_unique_name")]

    def __str__(self):
        return self.name


class Supplier(OrgOwned):
    """A third party that supplies AI systems, models, data or services (A.10.2, A.10.3)."""

    name = models.CharField(max_length=200)
    services = models.TextField("what they supply", max_length=5000, blank=True)
    country = models.CharField(max_length=100, blank=True)
    contact = models.CharField(max_length=300, blank=True)
    contract_reference = models.CharField(max_length=200, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="supplier_unique_name")]

    def __str__(self):
        return self.name


class AISystem(OrgOwned):
    """An AI system the organisation develops, provides or uses (ISO/IEC 42001 4.1, A.4.2, A.6).

    Never hard-deleted: archiving hides it from the register and keeps its audit history.
    """

    name = models.CharField(max_length=200)
    purpose = models.TextField(max_length=5000)
    intended_use = models.TextField(max_length=5000, blank=True)
    description = models.TextField(max_length=10000, blank=True)
    business_owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    technical_owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    business_unit = models.CharField(max_length=200, blank=True)
    lifecycle_stage = models.CharField(max_length=32, choices=LifecycleStage.choices,
                                       default=LifecycleStage.INCEPTION)
    ai_roles = models.JSONField(default=list, blank=True)
    deployment_context = models.TextField(max_length=5000, blank=True)
    geography = models.CharField(max_length=300, blank=True)
    affected_people = models.TextField(max_length=5000, blank=True)
    vulnerable_groups = models.BooleanField(null=True, blank=True)
    automation = models.CharField(max_length=32, choices=Automation.choices, blank=True)
    human_oversight = models.TextField(max_length=5000, blank=True)
    personal_data = models.CharField(max_length=32, choices=PersonalData.choices, blank=True)
    personal_data_notes = models.TextField(max_length=5000, blank=True)
    criticality = models.CharField(max_length=16, choices=Criticality.choices, blank=True)
    status = models.CharField(max_length=32, choices=SystemStatus.choices, default=SystemStatus.PROPOSED)
    in_scope = models.BooleanField("in the AIMS scope", default=True)
    scope_note = models.TextField(max_length=2000, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    ai_models = models.ManyToManyField(AIModel, blank=True, related_name="ai_systems")
    datasets = models.ManyToManyField(Dataset, blank=True, related_name="ai_systems")
    suppliers = models.ManyToManyField(Supplier, blank=True, related_name="ai_systems")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)
    # Denormalised for the register's filters; written only by forty2.aiact.services (EU AI Act, risk profile).
    ai_act_tier = models.CharField("EU AI Act tier", max_length=32, blank=True, db_index=True)
    risk_profile_level = models.CharField(max_length=16, blank=True)
    risk_profile_reasons = models.JSONField(default=list, blank=True)
    # A large import's rows stay hidden until it is published (forty2/records/staging.py).
    import_stage = staging.stage_field()

    objects = staging.StagedManager()

    class Meta:
        verbose_name = "AI system"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], condition=models.Q(archived_at__isnull=True),
                                    name="aisystem_unique_live_name"),
        ]
        indexes = [models.Index(fields=["organization", "archived_at", "name"])]

    def __str__(self):
        return self.name
