"""How the EU AI Act app follows changes to the register without the register knowing it: receivers of the
records kit's signals (:mod:`forty2.records.writes`), connected in :class:`forty2.aiact.apps.AiactConfig`."""

from forty2.core.errors import InvalidInput, field_error
from forty2.inventory.definitions import AI_SYSTEM
from forty2.inventory.models import IN_OPERATION_STAGES, SystemStatus
from forty2.records.definition import Choices

from .labels import TIER_LABELS
from .services import PROFILE_FIELDS, rederive_profile


def refuse_operating_a_prohibited_system(sender, record_type, write, **kwargs) -> None:
    """EU AI Act Art. 5: a practice classified as prohibited may not be approved or put into operation."""
    if record_type is not AI_SYSTEM or write.created or write.obj.ai_act_tier != "prohibited":
        return
    system, cleaned, errors = write.obj, write.cleaned, []
    approving = system.status != SystemStatus.APPROVED or write.action == "ai_system.approve"  # or renewing
    if cleaned.get("status") == SystemStatus.APPROVED and approving:
        errors.append(field_error("status", "This system is classified as a prohibited AI practice (EU AI Act "
                                            "Art. 5); it cannot be approved. Restrict or retire it.", "prohibited"))
    stage = cleaned.get("lifecycle_stage")
    if stage in IN_OPERATION_STAGES and stage != system.lifecycle_stage:
        errors.append(field_error("lifecycle_stage", "This system is classified as a prohibited AI practice (EU AI "
                                                     "Act Art. 5); it cannot be deployed or operated.", "prohibited"))
    if errors:
        raise InvalidInput(errors)


def rederive_on_change(sender, record_type, write, **kwargs) -> None:
    """A new system gets its first risk profile; a change to an input of the profile re-derives it (the tier
    only changes by classifying, which re-derives by itself)."""
    if record_type is not AI_SYSTEM:
        return
    if write.created:
        rederive_profile(write.obj, write.actor, tier=None)
    elif write.changes.keys() & PROFILE_FIELDS:
        rederive_profile(write.obj, write.actor, tier=write.obj.ai_act_tier or None)


def register_tier_choices() -> None:
    """The register's ``tier`` filter and its EU AI Act tier column take the tiers this app defines."""
    AI_SYSTEM.by_name["ai_act_tier"].choices = Choices(TIER_LABELS.items())
