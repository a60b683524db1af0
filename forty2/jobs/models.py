"""Background jobs: long work (imports now; exports and reports next) run by a task worker.

ISO/IEC 42001 7.5 (documented information: what was run, by whom, with which outcome) and 8.1 (operational
planning and control). A job's kind says which registered function runs it (:mod:`forty2.jobs.registry`).
"""

from django.conf import settings
from django.db import models

from forty2.files.models import StoredFile
from forty2.tenancy.models import OrgOwned


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Job(OrgOwned):
    """One run of a registered job kind for an organisation, started by a member.

    ``problems`` is the error report: ``{"row", "column", "message"}`` items (row and column None for a message
    about the whole job). ``result`` is what the kind's function returned (counts, a generated file's id…).
    ``input_file`` is released (and deleted when nothing else uses it) once the job has finished.
    """

    kind = models.CharField(max_length=64, db_index=True)
    label = models.CharField(max_length=255, help_text="What the job does, for people: “Import of register.xlsx”.")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    input_file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    task_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="job_org_newest")]

    def __str__(self):
        return self.label or self.kind

    @property
    def is_done(self) -> bool:
        return self.status in FINISHED

    @property
    def message(self) -> str:
        """The failure in one line: the message about the whole job, or how many problems were found."""
        if self.status != JobStatus.FAILED:
            return ""
        whole = [p["message"] for p in self.problems if p.get("row") is None and p.get("column") is None]
        if len(self.problems) == 1 and whole:
            return whole[0]
        count = len(self.problems)
        return f"{count} problem{'s' if count != 1 else ''} found; nothing was saved."
