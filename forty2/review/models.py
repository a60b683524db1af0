"""Management review (ISO/IEC 42001 9.3).

A :class:`ManagementReview` is planned, then held: when it is held its input pack (9.3.2, assembled from live
data by :mod:`forty2.review.pack`) is frozen as JSON with its SHA-256, so later edits of the records do not change
what top management saw. :class:`ReviewAttendee` rows record attendance (top management must attend);
:class:`ReviewAction` rows are the decisions and actions (9.3.3), each with an owner. The outputs are approved
through the records kit's approval pattern.
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class ManagementReview(OrgOwned):
    """One management review: plan, frozen input pack, attendance, minutes and outputs (9.3.1-9.3.3)."""

    LINK_LABEL = "title"  # how an action, an attendee or the next review names it

    title = models.CharField(max_length=200)
    planned_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PLANNED)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    agenda = models.TextField(max_length=5000, blank=True)
    #: the frozen 9.3.2 input pack and its SHA-256 (set once, when the review is held)
    pack = models.JSONField(default=dict, blank=True)
    pack_hash = models.CharField(max_length=64, blank=True)
    pack_frozen_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(max_length=20000, blank=True)
    #: 9.3.3: decisions on continual improvement opportunities and on any need for changes to the AIMS
    improvement_decisions = models.TextField(max_length=10000, blank=True)
    change_decisions = models.TextField("decisions on changes to the AIMS", max_length=10000, blank=True)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-planned_on", "-id"]

    def __str__(self):
        return self.title


class ReviewAttendee(OrgOwned):
    """Who was invited to and attended a review; ``top_management`` marks those who speak for top management."""

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=200, blank=True)
    top_management = models.BooleanField(default=False)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["review", "-top_management", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "person"], name="review_attendee_once")]

    def __str__(self):
        return str(self.person)


class ReviewActionKind(models.TextChoices):
    IMPROVEMENT = "improvement", "Continual improvement"
    CHANGE = "change", "Change to the AIMS"
    RESOURCE = "resource", "Resources"
    OTHER = "other", "Other"


class ReviewActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ReviewAction(OrgOwned):
    """A decision or action of a review (9.3.3), with its owner and due date; an improvement decision is also an
    entry of the improvement log."""

    LINK_LABEL = "description"  # how a planned change (forty2/planning) names the decision it came from

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=12, choices=ReviewActionKind.choices, default=ReviewActionKind.OTHER)
    description = models.TextField(max_length=5000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ReviewActionStatus.choices, default=ReviewActionStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)
    improvement = models.ForeignKey("improvement.Improvement", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["review", "due_on", "id"]
        indexes = [models.Index(fields=["organization", "status", "due_on"], name="review_action_org_status")]

    def __str__(self):
        return self.description[:80]
