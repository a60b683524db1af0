"""The floor's tables: organisations, people, tokens, one record type of 25 fields and the audit chain."""

# ruff: noqa: DJ008 - the floor shows no model as text
import hashlib

from django.db import models


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Org(models.Model):
    slug = models.SlugField(unique=True)


class Person(models.Model):
    email = models.EmailField(unique=True)
    is_active = models.BooleanField(default=True)


class Token(models.Model):
    digest = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    org = models.ForeignKey(Org, on_delete=models.CASCADE)
    role = models.CharField(max_length=20, default="admin")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True)


class Item(models.Model):
    """25 fields, as many as an AI system has."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    purpose = models.TextField()
    intended_use = models.TextField(blank=True)
    description = models.TextField(blank=True)
    business_owner = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    technical_owner = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    business_unit = models.CharField(max_length=200, blank=True)
    lifecycle_stage = models.CharField(max_length=32, default="idea")
    ai_roles = models.JSONField(default=list)
    deployment_context = models.TextField(blank=True)
    geography = models.CharField(max_length=300, blank=True)
    affected_people = models.TextField(blank=True)
    vulnerable_groups = models.BooleanField(null=True)
    automation = models.CharField(max_length=32, blank=True)
    human_oversight = models.TextField(blank=True)
    personal_data = models.CharField(max_length=32, blank=True)
    personal_data_notes = models.TextField(blank=True)
    criticality = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=32, default="proposed")
    review_due = models.DateField(null=True)
    archived_at = models.DateTimeField(null=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="floor_item_unique_name")]
        indexes = [models.Index(fields=["org", "name"])]


class Event(models.Model):
    """The audit chain: each event hashes the previous one's hash with its own content."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE)
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=50)
    object_id = models.CharField(max_length=40)
    changes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "seq"], name="floor_event_unique_seq")]
