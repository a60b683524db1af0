"""The organisation's context and the AIMS's boundaries (ISO/IEC 42001 4.1-4.4, 6.1.1).

Issues, interested parties, the legal register, exclusions from the scope and the risks and opportunities of the
management system itself are records of the records kit; :class:`AimsContext` holds the one-per-organisation
determinations (AI roles, climate change, the scope's units, sites, processes and interfaces). Which AI systems
are in scope is a flag on each AI system (``inventory.AISystem.in_scope``); the scope statement is a controlled
document (``documents.Document`` of kind "scope").
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class Origin(models.TextChoices):
    INTERNAL = "internal", "Internal"
    EXTERNAL = "external", "External"


class IssueCategory(models.TextChoices):
    """PESTLE for external issues; the organisation's own for internal ones."""

    POLITICAL = "political", "Political"
    ECONOMIC = "economic", "Economic"
    SOCIAL = "social", "Social and ethical"
    TECHNOLOGICAL = "technological", "Technological"
    LEGAL = "legal", "Legal and regulatory"
    ENVIRONMENTAL = "environmental", "Environmental (incl. climate)"
    GOVERNANCE = "governance", "Governance and strategy"
    CAPABILITY = "capability", "People, skills and culture"
    RESOURCES = "resources", "Data, technology and resources"


class ContextIssue(OrgOwned):
    """An internal or external issue relevant to the AIMS's purpose and intended outcomes (4.1)."""

    name = models.CharField("issue", max_length=200)
    origin = models.CharField(max_length=16, choices=Origin.choices)
    category = models.CharField(max_length=20, choices=IssueCategory.choices, blank=True)
    description = models.TextField(max_length=5000, blank=True)
    effect = models.TextField("effect on the AIMS", max_length=5000, blank=True)
    source = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    review_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["origin", "name"]


class PartyCategory(models.TextChoices):
    CUSTOMER = "customer", "Customers and users"
    AFFECTED = "affected", "People affected by AI outputs"
    EMPLOYEE = "employee", "Staff"
    REGULATOR = "regulator", "Regulators and authorities"
    SUPPLIER = "supplier", "Suppliers and partners"
    OWNER = "owner", "Owners, board and investors"
    PUBLIC = "public", "Society and the public"
    OTHER = "other", "Other"


class Addressed(models.TextChoices):
    """Whether the AIMS addresses a party's requirement (4.2 c)."""

    YES = "yes", "Addressed by the AIMS"
    PARTLY = "partly", "Partly addressed"
    NO = "no", "Not addressed (reason recorded)"


class InterestedParty(OrgOwned):
    """A party relevant to the AIMS, its relevant requirements and how the AIMS answers them (4.2)."""

    name = models.CharField(max_length=200)
    category = models.CharField(max_length=16, choices=PartyCategory.choices, blank=True)
    requirements = models.TextField(max_length=5000, blank=True)
    addressed = models.CharField(max_length=8, choices=Addressed.choices, blank=True)
    how_addressed = models.TextField(max_length=5000, blank=True)
    climate_requirements = models.TextField(max_length=2000, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    review_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "interested parties"


class Applicability(models.TextChoices):
    APPLIES = "applies", "Applies"
    PARTLY = "partly", "Applies in part"
    NOT_APPLICABLE = "not_applicable", "Does not apply"
    TO_ASSESS = "to_assess", "To be assessed"


class LegalRequirement(OrgOwned):
    """A law, regulation or binding rule the AIMS must meet (4.1, 4.2; A.2.2; EU AI Act, GDPR, MDR …)."""

    name = models.CharField("title", max_length=200)
    citation = models.CharField(max_length=200, blank=True)
    jurisdiction = models.CharField(max_length=100, blank=True)
    applicability = models.CharField(max_length=16, choices=Applicability.choices, default=Applicability.TO_ASSESS)
    rationale = models.TextField(max_length=5000, blank=True)
    obligations = models.TextField(max_length=5000, blank=True)
    url = models.URLField(max_length=500, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    review_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]


class ScopeExclusion(OrgOwned):
    """Something deliberately outside the AIMS scope, with why (4.3)."""

    name = models.CharField("what is excluded", max_length=200)
    justification = models.TextField(max_length=5000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["name"]


class AimsRiskKind(models.TextChoices):
    RISK = "risk", "Risk"
    OPPORTUNITY = "opportunity", "Opportunity"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CLOSED = "closed", "Closed (no action)"


class AimsRisk(OrgOwned):
    """A risk or opportunity for the management system itself, not for one AI system (6.1.1), and the action
    that addresses it, integrated into the AIMS's processes."""

    kind = models.CharField(max_length=12, choices=AimsRiskKind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    source = models.CharField("arises from", max_length=300, blank=True)
    action = models.TextField(max_length=5000, blank=True)
    integration = models.TextField(max_length=2000, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    effectiveness = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["kind", "name"]


class OrgAIRole(models.TextChoices):
    """The organisation's roles for AI (ISO/IEC 22989 5.19; EU AI Act Art. 3)."""

    PROVIDER = "provider", "AI provider"
    DEVELOPER = "developer", "AI developer / producer"
    DEPLOYER = "deployer", "Deployer (user of AI systems)"
    CUSTOMER = "customer", "AI customer"
    PARTNER = "partner", "AI partner"
    IMPORTER = "importer", "Importer"
    DISTRIBUTOR = "distributor", "Distributor"
    SUBJECT = "subject", "AI subject"


class Determination(models.TextChoices):
    RELEVANT = "relevant", "Relevant"
    NOT_RELEVANT = "not_relevant", "Not relevant"


class AimsContext(OrgOwned):
    """The organisation's determinations about its context and scope, one per organisation (4.1, 4.3)."""

    ai_roles = models.JSONField(default=list, blank=True)
    roles_note = models.TextField(max_length=2000, blank=True)
    climate = models.CharField(max_length=16, choices=Determination.choices, blank=True)
    climate_reasoning = models.TextField(max_length=2000, blank=True)
    units = models.TextField(max_length=2000, blank=True)
    sites = models.TextField(max_length=2000, blank=True)
    processes = models.TextField(max_length=5000, blank=True)
    interfaces = models.TextField("interfaces and dependencies", max_length=5000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="aims_context_one_per_org")]
