"""The overview's "AI integration and risk" panel (ISO/IEC 42001 6.1.4, A.5: the organisation's AI systems by
EU AI Act tier and risk profile). Registered in :class:`forty2.aiact.apps.AiactConfig`."""

from . import queries


def risk_summary(request, membership) -> dict:
    """The organisation's degree of AI integration and its systems per tier and per risk-profile level."""
    profile = queries.org_profile(membership.organization)
    return {"profile": profile,
            "tiers": [(k, n) for k, n in profile["by_tier"].items() if n],
            "levels": [(k, n) for k, n in profile["by_profile_level"].items() if n]}


def work(membership) -> list:
    """My work: current EU AI Act classifications waiting for a sign-off this member may give (an approver
    who did not store them: four eyes)."""
    from django.urls import reverse

    from forty2.tenancy.roles import can
    from forty2.tenancy.work import WorkItem

    from .labels import TIER_LABELS
    from .models import AIActClassification

    if not can(membership, "approve"):
        return []
    org = membership.organization
    waiting = (AIActClassification.objects.for_org(org)
               .filter(is_current=True, signed_off_at__isnull=True, ai_system__archived_at__isnull=True)
               .exclude(created_by=membership.user).select_related("ai_system").order_by("created_at")[:100])
    return [WorkItem(org, "sign_off", f"Sign off the EU AI Act classification of ‘{c.ai_system.name}’",
                     reverse("aiact:result", args=[org.slug, c.ai_system_id]),
                     detail=f"Classification {c.version}: {TIER_LABELS.get(c.tier, c.tier)}")
            for c in waiting]


def system_section(request, membership, system) -> dict:
    """The "EU AI Act" and "Risk profile" sections of an AI system's page (registered in aiact/apps.py)."""
    from forty2.tenancy.roles import can

    return {"system": system, "current": queries.current(system.organization, system), "org": system.organization,
            "may_classify": membership is not None and system.archived_at is None
            and can(membership, "edit_record", system)}
