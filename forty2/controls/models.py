"""Statement of Applicability, its approved versions and the clause-by-clause gap assessment.

ISO/IEC 42001 6.1.3 b)-f): the organisation compares its controls with Annex A and produces a Statement of
Applicability with the justification for including or excluding each control and whether it is implemented;
9.1 and 9.2: the organisation evaluates its conformity clause by clause. The clause *status* itself lives in the
catalog (:class:`forty2.catalog.models.RequirementStatus`); :class:`ClauseAssessment` adds what the catalog does
not hold (the owner).
"""

from django.conf import settings
from django.db import models

from forty2.catalog.models import Requirement
from forty2.tenancy.models import OrgOwned


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    PLANNED = "planned", "Planned"
    PARTIAL = "partial", "Partially implemented"
    IMPLEMENTED = "implemented", "Implemented"


class SuggestionState(models.TextChoices):
    NONE = "", "None"
    PENDING = "pending", "Inferred, to review"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class StatementOfApplicability(OrgOwned):
    """The organisation's SoA as one approvable record (6.1.3 f). ``version`` goes up with every entry change,
    so an approval (:mod:`forty2.records.approvals`) turns stale once an entry changes after it."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="one_soa_per_org")]

    def __str__(self):
        return "Statement of Applicability"


class SoAEntry(OrgOwned):
    """One control in the SoA (6.1.3 f): an Annex A control (``requirement`` set) or one of the
    organisation's own controls (``requirement`` empty)."""

    LINK_LABEL = "ref"  # how a finding names it (history, import, export)

    soa = models.ForeignKey(StatementOfApplicability, on_delete=models.CASCADE, related_name="entries")
    requirement = models.ForeignKey(Requirement, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ref = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    applicable = models.BooleanField(null=True, blank=True)
    justification = models.TextField(max_length=5000, blank=True)
    status = models.CharField(max_length=16, choices=ImplementationStatus.choices,
                              default=ImplementationStatus.NOT_STARTED)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    implementation = models.TextField(max_length=5000, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # A suggestion inferred from another management system's SoA (ISO/IEC 27001), kept apart from the entry's
    # own values until a person confirms or rejects it: {applicable, status, justification, sources: [...]}.
    suggestion = models.JSONField(default=dict, blank=True)
    suggestion_state = models.CharField(max_length=10, choices=SuggestionState.choices, blank=True, default="")

    class Meta:
        ordering = ["position", "ref"]
        constraints = [models.UniqueConstraint(fields=["organization", "ref"], name="soa_entry_ref_unique")]

    def __str__(self):
        return f"{self.ref} {self.title}"

    @property
    def own(self) -> bool:
        return self.requirement_id is None

    @property
    def group(self) -> str:
        """The control group ("A.6"), or "own" for the organisation's own controls."""
        if self.own:
            return "own"
        return ".".join(self.ref.split(".")[:2])


class JustificationLink(OrgOwned):
    """Why a control is in (or out of) the SoA, as a link rather than only text (6.1.3 f): a record of a
    kind registered in :mod:`forty2.controls.justifications` (an AI system, a legal or contractual
    requirement in the catalog; the risk app adds risks and impact assessments)."""

    entry = models.ForeignKey(SoAEntry, on_delete=models.CASCADE, related_name="justification_links")
    record_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "record_type", "object_id"],
                                               name="justification_link_unique")]


class SoAVersion(OrgOwned):
    """An approved, frozen SoA (6.1.3 f, 7.5.2): the entries as approved, numbered 1, 2, … per organisation.
    The approval itself (who, when, hash) is the records kit's :class:`forty2.records.models.Approval`."""

    soa = models.ForeignKey(StatementOfApplicability, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    soa_version = models.PositiveIntegerField(help_text="the SoA's version when it was approved")
    entries = models.JSONField(default=list)
    content_hash = models.CharField(max_length=64)
    approval_id = models.BigIntegerField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField()
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="soa_version_unique")]

    def __str__(self):
        return f"SoA version {self.number}"


class ClauseAssessment(OrgOwned):
    """The owner of one clause's gap assessment (9.1, 9.2); status and notes are the catalog's
    RequirementStatus of the same clause, evidence links point here."""

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "requirement"],
                                               name="clause_assessment_unique")]

    def __str__(self):
        return f"Clause {self.requirement.ref}"
