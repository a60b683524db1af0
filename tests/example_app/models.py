"""A training record: who completed which AI training, when, with what result (ISO/IEC 42001 7.2 competence)."""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class Result(models.TextChoices):
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    ATTENDED = "attended", "Attended"


class ExampleTraining(OrgOwned):
    title = models.CharField(max_length=200)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=20, choices=Result.choices, blank=True)
    notes = models.TextField(max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "title"], name="training_unique_title")]

    def __str__(self):
        return self.title
