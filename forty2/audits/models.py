"""The internal audit programme and its audits (ISO/IEC 42001 9.2.1, 9.2.2).

An :class:`AuditProgramme` covers a period (usually the three-year certification cycle) and says how audits are
run: frequency, methods, responsibilities and criteria, chosen in view of the processes' importance and earlier
results. An :class:`Audit` is internal, of a supplier, or one of the certification body's audits (stage 1, stage 2,
surveillance, recertification). Its scope names clauses, Annex A controls, AI systems and units; its
:class:`Auditor` rows carry the impartiality check; its :class:`AuditItem` rows are the checklist generated from the
scope, each with a result and the objective evidence seen.
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class AuditProgramme(OrgOwned):
    """The audit programme over a period (9.2.2): how often, how, by whom and against what audits are run."""

    LINK_LABEL = "title"

    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    objectives = models.TextField(max_length=5000, blank=True)
    frequency = models.TextField(max_length=2000, blank=True)
    methods = models.TextField(max_length=2000, blank=True)
    responsibilities = models.TextField(max_length=2000, blank=True)
    criteria = models.TextField(max_length=2000, blank=True)
    #: how the importance of the processes and earlier audit results shaped the programme (9.2.2)
    risk_basis = models.TextField("importance and previous results", max_length=5000, blank=True)
    status = models.CharField(max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "-id"]

    def __str__(self):
        return self.title


class AuditKind(models.TextChoices):
    INTERNAL = "internal", "Internal audit"
    SUPPLIER = "supplier", "Supplier audit"
    STAGE1 = "stage1", "Certification stage 1"
    STAGE2 = "stage2", "Certification stage 2"
    SURVEILLANCE = "surveillance", "Surveillance audit"
    RECERTIFICATION = "recertification", "Recertification audit"


#: the certification body's audits (used by the certification path)
CERTIFICATION_KINDS = frozenset({AuditKind.STAGE1, AuditKind.STAGE2, AuditKind.SURVEILLANCE,
                                 AuditKind.RECERTIFICATION})


class AuditStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    REPORTING = "reporting", "Reporting"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class Audit(OrgOwned):
    """One audit (9.2.1): scope, auditors, plan and dates, meetings, checklist, conclusion and approved report."""

    LINK_LABEL = "title"

    programme = models.ForeignKey(AuditProgramme, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="audits")
    kind = models.CharField(max_length=16, choices=AuditKind.choices, default=AuditKind.INTERNAL)
    title = models.CharField(max_length=200)
    objectives = models.TextField(max_length=5000, blank=True)
    criteria = models.TextField(max_length=2000, blank=True)
    #: scope: clause refs ("4.1", "9.2.2") and Annex A control refs ("A.6.2.4"), as the catalog numbers them
    scope_clauses = models.JSONField(default=list, blank=True)
    scope_controls = models.JSONField(default=list, blank=True)
    ai_systems = models.ManyToManyField("inventory.AISystem", blank=True, related_name="+")
    units = models.ManyToManyField("people.Department", blank=True, related_name="+")
    supplier = models.ForeignKey("inventory.Supplier", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    certification_body = models.CharField(max_length=200, blank=True)
    plan = models.TextField("audit plan", max_length=10000, blank=True)
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    opening_meeting_at = models.DateTimeField(null=True, blank=True)
    closing_meeting_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=AuditStatus.choices, default=AuditStatus.PLANNED)
    conclusion = models.TextField("audit conclusion", max_length=10000, blank=True)
    report = models.TextField("audit report", max_length=20000, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-planned_start", "-id"]
        indexes = [models.Index(fields=["organization", "status"], name="audit_org_status")]

    def __str__(self):
        return self.title


class AuditorRole(models.TextChoices):
    LEAD = "lead", "Lead auditor"
    AUDITOR = "auditor", "Auditor"
    EXPERT = "expert", "Technical expert"
    OBSERVER = "observer", "Observer"


class Auditor(OrgOwned):
    """A person on an audit team, with the impartiality check (9.2.2 c: objectivity and impartiality).

    ``flags`` lists why their impartiality is in doubt (they own or last edited a record in scope, or belong to an
    audited unit), recomputed when the team or scope changes; a flagged auditor needs a ``justification``."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="auditors")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=AuditorRole.choices, default=AuditorRole.AUDITOR)
    flags = models.JSONField(default=list, blank=True)
    justification = models.TextField(max_length=2000, blank=True)
    #: {field: the version that last changed it}: a stale PATCH merges unless a field it sends changed since
    field_versions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["audit", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["audit", "person"], name="auditor_once_per_audit")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class ItemResult(models.TextChoices):
    NOT_CHECKED = "", "Not checked yet"
    CONFORMING = "conforming", "Conforming"
    OBSERVATION = "observation", "Observation"
    OFI = "ofi", "Opportunity for improvement"
    MINOR_NC = "minor_nc", "Minor nonconformity"
    MAJOR_NC = "major_nc", "Major nonconformity"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class AuditItem(OrgOwned):
    """One line of an audit's checklist: a clause or control in scope, what to look at, and the result with the
    objective evidence seen (9.2.1)."""

    LINK_LABEL = "title"  # how a finding names it (history, import, export)

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="items")
    ref = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    requirement = models.ForeignKey("catalog.Requirement", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    position = models.PositiveIntegerField(default=0)
    guidance = models.TextField(max_length=5000, blank=True)
    #: what to sample, as generated: [{"kind": "evidence", "id": 3, "title": "…"}, …]
    to_sample = models.JSONField(default=list, blank=True)
    result = models.CharField(max_length=16, choices=ItemResult.choices, blank=True, default="")
    notes = models.TextField("objective evidence seen", max_length=10000, blank=True)
    evidence = models.ManyToManyField("evidence.Evidence", blank=True, related_name="+")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)
    #: {field: the version that last changed it}: a stale PATCH merges unless a field it sends changed since
    field_versions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["audit", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["audit", "ref"], name="audit_item_ref_once")]

    def __str__(self):
        return f"{self.ref} {self.title}"
