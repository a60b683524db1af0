"""The weekly digest's memory (ISO/IEC 42001 7.4 communication): one :class:`DigestSent` per person and ISO week,
so a cron running twice sends once; a :class:`DigestPreference` for a person who asked not to receive it."""

from django.conf import settings
from django.db import models


class DigestSent(models.Model):
    """The digest of ``week`` ("2026-W49") mailed to ``user``, with the readiness it showed per organisation
    (``{organization id: score}``) so next week's digest can say what changed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8)
    sent_at = models.DateTimeField(auto_now_add=True)
    readiness = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="portfolio_digest_once_a_week")]

    def __str__(self):
        return f"digest {self.week}"


class DigestPreference(models.Model):
    """A person's choice about the weekly digest; no row means they receive it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weekly_digest = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return "weekly digest on" if self.weekly_digest else "weekly digest off"
