"""Competence (ISO/IEC 42001 7.2, A.4.6): what each AIMS role requires, the evidence that a person has it, and the
actions that close a gap, with their effectiveness evaluated.

A :class:`CompetenceRequirement` belongs to an AIMS role (``people.AimsRole``) and says what a holder of that role
must know, be able to do, have done or hold; it is met by unexpired :class:`CompetenceEvidence` for it, or by a
counting, unexpired training record (``training.TrainingRecord``) for one of the courses in ``satisfied_by``. A
:class:`CompetenceAction` is what the organisation does about a gap (7.2 c): training, mentoring, hiring,
reassignment; once done, whether it worked is evaluated and recorded. The gap engine is :mod:`.gaps`.
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class RequirementKind(models.TextChoices):
    KNOWLEDGE = "knowledge", "Knowledge"
    SKILL = "skill", "Skill"
    EXPERIENCE = "experience", "Experience"
    QUALIFICATION = "qualification", "Qualification"


class CompetenceRequirement(OrgOwned):
    """What a holder of an AIMS role must know, be able to do, have done or hold (7.2 a)."""

    role = models.ForeignKey("people.AimsRole", on_delete=models.PROTECT, related_name="competence_requirements")
    kind = models.CharField(max_length=16, choices=RequirementKind.choices, default=RequirementKind.KNOWLEDGE)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    mandatory = models.BooleanField(default=True)
    #: courses whose counting, unexpired training record meets the requirement
    satisfied_by = models.ManyToManyField("training.Course", blank=True, related_name="competence_requirements")
    applies_from = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    LINK_LABEL = "title"

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["organization", "title"],
                                               name="competence_requirement_unique_title")]
        indexes = [models.Index(fields=["organization", "role"], name="competence_req_org_role")]

    def __str__(self):
        return self.title


class EvidenceKind(models.TextChoices):
    QUALIFICATION = "qualification", "Qualification or certificate"
    COURSE = "course", "Course (outside the training register)"
    EXPERIENCE = "experience", "Experience"
    ASSESSMENT = "assessment", "Assessment or observation"


class CompetenceEvidence(OrgOwned):
    """Documented evidence that a person is competent (7.2 d): a qualification, a course, experience or an
    assessment, with when it was obtained and when it expires."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    requirement = models.ForeignKey(CompetenceRequirement, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="evidence")
    kind = models.CharField(max_length=16, choices=EvidenceKind.choices, default=EvidenceKind.QUALIFICATION)
    title = models.CharField(max_length=200)
    obtained_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    evidence = models.ForeignKey("evidence.Evidence", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    notes = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-obtained_on", "title"]
        verbose_name_plural = "competence evidence"
        indexes = [models.Index(fields=["organization", "person", "requirement"], name="competence_ev_person_req")]

    def __str__(self):
        return f"{self.title} – {self.person}"


class ActionKind(models.TextChoices):
    TRAINING = "training", "Training"
    MENTORING = "mentoring", "Mentoring"
    HIRING = "hiring", "Hiring or contracting"
    REASSIGNMENT = "reassignment", "Reassignment"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


#: statuses of an action still working on its gap
OPEN = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class CompetenceAction(OrgOwned):
    """An action to acquire the competence a person lacks, and whether it was effective (7.2 c)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    requirement = models.ForeignKey(CompetenceRequirement, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=16, choices=ActionKind.choices, default=ActionKind.TRAINING)
    description = models.TextField(max_length=2000, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    effective = models.BooleanField(null=True, blank=True)
    effectiveness_note = models.TextField(max_length=2000, blank=True)
    evaluated_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["organization", "person", "requirement"], name="competence_act_person_req"),
                   models.Index(fields=["organization", "owner", "status"], name="competence_act_owner")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.requirement} – {self.person}"
