"""A tiny test-only app for the records kit's ``ref`` kind: a session names its topic (a foreign key to another
organisation record) and, optionally, a backup topic."""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class RefTopic(OrgOwned):
    name = models.CharField(max_length=100)
    summary = models.CharField(max_length=200, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class RefSession(OrgOwned):
    title = models.CharField(max_length=200)
    topic = models.ForeignKey(RefTopic, on_delete=models.PROTECT, related_name="+")
    backup = models.ForeignKey(RefTopic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    def __str__(self):
        return self.title
