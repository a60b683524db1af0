"""Stored EU AI Act classifications of AI systems (Regulation (EU) 2024/1689; ISO/IEC 42001 4.1, 6.1.4, A.5).

One row per classification; exactly one current row per AI system (a partial unique constraint), earlier ones kept
as its history. The risk profile is not stored here: it lives, denormalised for the register's filters, on
``inventory.AISystem`` (``ai_act_tier``, ``risk_profile_level``, ``risk_profile_reasons``), written only by
:mod:`forty2.aiact.services`.
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class AIActClassification(OrgOwned):
    """The answers to the EU AI Act questionnaire for one AI system and the engine's result (Art. 2, 5, 6, 27, 50,
    51), who classified it, what changed against the previous classification and a reviewer's sign-off.

    ``version`` (from :class:`OrgOwned`) numbers the system's classifications 1, 2, 3, …; the reviewer names the
    version they checked, so a sign-off never lands on a classification stored after they read it. Rows are
    immutable apart from the sign-off fields; storing a new classification leaves the previous row (with its
    sign-off, valid for that version) in the history and starts the new one unsigned.
    """

    ai_system = models.ForeignKey("inventory.AISystem", on_delete=models.PROTECT,
                                  related_name="ai_act_classifications")
    answers = models.JSONField(help_text="Questionnaire answers as given, cleaned (see aiact.validation)")
    result = models.JSONField(help_text="engine.Classification.to_dict()")
    tier = models.CharField(max_length=32, db_index=True)
    rules_version = models.CharField(max_length=100, help_text="Engine and data version that produced the result")
    note = models.TextField(max_length=5000, blank=True, help_text="Why these answers (Art. 6(4) documentation)")
    changes = models.JSONField(default=dict, blank=True, help_text="What changed against the previous one")
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["ai_system", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["ai_system"], condition=models.Q(is_current=True),
                                    name="aiact_one_current_classification"),
            models.UniqueConstraint(fields=["ai_system", "version"], name="aiact_classification_version_unique"),
        ]
        indexes = [models.Index(fields=["organization", "is_current", "tier"])]

    def __str__(self):
        return f"EU AI Act classification {self.version} of AI system {self.ai_system_id}"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None
