"""The people of the organisation and who holds which AIMS role (ISO/IEC 42001 5.3, A.3.2).

A :class:`Person` is anyone the AIMS names — staff, contractors, board members — with or without a login; a member
of the organisation is linked to their person through ``Person.user``. An :class:`AimsRole` states the
responsibilities and authorities of one AIMS role; a :class:`RoleAssignment` gives it to a person, for the whole AIMS
or for one AI system (its owner, operators, the people who oversee it).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from forty2.records import staging
from forty2.tenancy.models import OrgOwned


class Department(OrgOwned):
    """A unit of the organisation (a department, a site team, a clinical directorate)."""

    name = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="department_unique_name")]

    def __str__(self):
        return self.name


class Employment(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    CONTRACTOR = "contractor", "Contractor"
    EXTERNAL = "external", "External (board, adviser, supplier staff)"


class Person(OrgOwned):
    """Someone the AIMS names: who holds a role, who was trained, who is competent (5.3, 7.2, 7.3)."""

    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employment = models.CharField(max_length=16, choices=Employment.choices, default=Employment.EMPLOYEE)
    #: the member this person signs in as, if they have a login
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField("left on", null=True, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)
    import_stage = staging.stage_field()

    objects = staging.StagedManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["organization", "name"], name="person_org_name")]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], condition=Q(user__isnull=False),
                                    name="person_unique_user"),
            models.UniqueConstraint(fields=["organization", "email"], condition=~Q(email=""),
                                    name="person_unique_email"),
        ]

    def __str__(self):
        return self.name


class RoleKind(models.TextChoices):
    """The AIMS roles the standard's clauses and Annex A ask for; "other" for the organisation's own."""

    TOP_MANAGEMENT = "top_management", "Top management"
    AIMS_MANAGER = "aims_manager", "AIMS manager"
    AI_SYSTEM_OWNER = "ai_system_owner", "AI system owner"
    RISK_OWNER = "risk_owner", "Risk owner"
    INTERNAL_AUDITOR = "internal_auditor", "Internal auditor"
    DATA_STEWARD = "data_steward", "Data steward"
    AI_OPERATOR = "ai_operator", "AI system operator"
    HUMAN_OVERSIGHT = "human_oversight", "Human oversight"
    CONCERN_HANDLER = "concern_handler", "Concern and incident handler"
    DEVELOPER = "developer", "AI developer"
    OTHER = "other", "Other"


#: the role kinds held per AI system (the assignment names the system)
PER_SYSTEM = frozenset({RoleKind.AI_SYSTEM_OWNER, RoleKind.AI_OPERATOR, RoleKind.HUMAN_OVERSIGHT})


class AimsRole(OrgOwned):
    """An AIMS role with its responsibilities and authorities (5.3, A.3.2)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=RoleKind.choices, default=RoleKind.OTHER)
    responsibilities = models.TextField(max_length=5000, blank=True)
    authorities = models.TextField(max_length=5000, blank=True)
    reports_to = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "AIMS role"
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="aimsrole_unique_name")]

    def __str__(self):
        return self.name


class RoleAssignment(OrgOwned):
    """A person holds a role, for the whole AIMS or for one AI system, from a date until a date (5.3)."""

    role = models.ForeignKey(AimsRole, on_delete=models.PROTECT, related_name="assignments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments")
    ai_system = models.ForeignKey("inventory.AISystem", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["role__name", "person__name"]
        verbose_name = "role assignment"
        indexes = [models.Index(fields=["organization", "person"], name="assignment_org_person")]

    def __str__(self):
        where = f" ({self.ai_system})" if self.ai_system_id else ""
        return f"{self.person} – {self.role}{where}"


class RaciLetter(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


class RaciMatrix(OrgOwned):
    """The organisation's RACI matrix as one versioned whole (A.3.2): its ``version`` rises with every saved change
    of any cell, so a client that read the matrix at one version cannot overwrite a newer one (409)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="racimatrix_one_per_org")]


class RaciEntry(OrgOwned):
    """One cell of the RACI matrix: the part an AIMS role plays in one AIMS process (A.3.2). ``process`` is a key
    of :data:`forty2.people.raci.PROCESSES`."""

    process = models.CharField(max_length=40)
    role = models.ForeignKey(AimsRole, on_delete=models.CASCADE, related_name="raci")
    letter = models.CharField(max_length=1, choices=RaciLetter.choices)

    class Meta:
        ordering = ["process", "role__name"]
        constraints = [models.UniqueConstraint(fields=["organization", "process", "role"], name="raci_unique_cell")]

    def __str__(self):
        return f"{self.process}: {self.role} {self.letter}"
