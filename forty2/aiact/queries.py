"""Reads of EU AI Act classifications and risk profiles, always scoped to one organisation."""

from forty2.inventory.models import AISystem

from .models import AIActClassification
from .profile import IN_OPERATION_STAGES, organisation_profile


def classifications(org, system):
    """Every classification of ``system``, newest first."""
    return (AIActClassification.objects.for_org(org).filter(ai_system=system)
            .select_related("created_by", "signed_off_by").order_by("-version"))


def current(org, system) -> AIActClassification | None:
    return classifications(org, system).filter(is_current=True).first()


def history(org, system):
    """Earlier (superseded) classifications of ``system``, newest first."""
    return classifications(org, system).filter(is_current=False)


def live_systems(org):
    """AI systems in the register (archived ones are out of the organisation's profile)."""
    return AISystem.objects.for_org(org).filter(archived_at__isnull=True)


def org_profile(org) -> dict:
    """Degree of AI integration and risk over the organisation's live AI systems (ISO/IEC 42001 4.1, 6.1.2)."""
    rows = live_systems(org).values("name", "lifecycle_stage", "status", "ai_act_tier", "risk_profile_level",
                                    "criticality")
    systems = [{"name": r["name"], "lifecycle_stage": r["lifecycle_stage"], "status": r["status"],
                "tier": r["ai_act_tier"] or None, "profile_level": r["risk_profile_level"] or None,
                "criticality": r["criticality"] or None} for r in rows]
    return organisation_profile(systems)


def systems_in_operation(org):
    """Live systems in operation (deployment to re-evaluation, not retired)."""
    return (live_systems(org).filter(lifecycle_stage__in=IN_OPERATION_STAGES).exclude(status="retired")
            .order_by("name"))
