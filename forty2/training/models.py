"""Courses, their sessions and who completed them (ISO/IEC 42001 7.2, 7.3; EU AI Act Art. 4 AI literacy).

A :class:`Course` says what it teaches, to which AIMS roles, at which AI-literacy level and for how long a pass stays
valid; a :class:`TrainingSession` is one delivery of it; a :class:`TrainingRecord` is one person's result, with the
evidence and the date it expires.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from forty2.records import staging
from forty2.tenancy.models import OrgOwned


class LiteracyLevel(models.TextChoices):
    """How deep the AI literacy a course gives goes (EU AI Act Art. 4: proportionate to role and context)."""

    AWARENESS = "awareness", "Awareness (everyone)"
    FOUNDATION = "foundation", "Foundation (users of AI)"
    PRACTITIONER = "practitioner", "Practitioner (operators and overseers)"
    EXPERT = "expert", "Expert (developers, assessors)"


#: the levels from the shallowest: a course at a level also gives every level below it
LEVELS = [LiteracyLevel.AWARENESS, LiteracyLevel.FOUNDATION, LiteracyLevel.PRACTITIONER, LiteracyLevel.EXPERT]


def level_rank(level: str) -> int:
    """0 for no level, 1 for awareness … 4 for expert."""
    return LEVELS.index(level) + 1 if level in LEVELS else 0


class Course(OrgOwned):
    """A course or learning module the organisation relies on for competence or awareness (7.2, 7.3)."""

    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=200, blank=True)
    description = models.TextField(max_length=5000, blank=True)
    literacy_level = models.CharField("AI-literacy level", max_length=16, choices=LiteracyLevel.choices,
                                      blank=True)
    audience = models.ManyToManyField("people.AimsRole", blank=True, related_name="+")
    ai_systems = models.ManyToManyField("inventory.AISystem", blank=True, related_name="+")
    validity_months = models.PositiveIntegerField("valid for (months)", null=True, blank=True)
    provider = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)
    import_stage = staging.stage_field()

    objects = staging.StagedManager()

    LINK_LABEL = "title"

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["organization", "title"], name="course_unique_title")]

    def __str__(self):
        return self.title


class TrainingSession(OrgOwned):
    """One delivery of a course: when, where, by whom."""

    name = models.CharField(max_length=200)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(null=True, blank=True)
    trainer = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)
    import_stage = staging.stage_field()

    objects = staging.StagedManager()

    class Meta:
        ordering = ["-held_on", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="session_unique_name")]

    def __str__(self):
        return self.name


class Result(models.TextChoices):
    PASSED = "passed", "Passed"
    COMPLETED = "completed", "Completed (no assessment)"
    FAILED = "failed", "Failed"
    IN_PROGRESS = "in_progress", "In progress"


#: results that count as trained
COUNTS = frozenset({Result.PASSED, Result.COMPLETED})


class TrainingRecord(OrgOwned):
    """One person's completion of one course (7.2 d, 7.3): date, result, evidence, expiry."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    session = models.ForeignKey(TrainingSession, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="records")
    completed_on = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=16, choices=Result.choices, default=Result.COMPLETED)
    score = models.PositiveIntegerField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    evidence = models.ForeignKey("evidence.Evidence", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    notes = models.TextField(max_length=2000, blank=True)
    #: a certificate number or the LMS's record id: optional, unique when given (an import updates by it)
    reference = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    import_stage = staging.stage_field()

    objects = staging.StagedManager()

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["organization", "reference"], condition=~Q(reference=""),
                                               name="trainingrec_unique_reference")]
        indexes = [models.Index(fields=["organization", "person", "course"], name="trainingrec_person_course"),
                   models.Index(fields=["organization", "expires_on"], name="trainingrec_expires")]

    def __str__(self):
        return f"{self.course} – {self.person}"
