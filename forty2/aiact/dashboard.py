"""The overview's "AI integration and risk" panel (ISO/IEC 42001 6.1.4, A.5: the organisation's AI systems by
EU AI Act tier and risk profile). Registered in :class:`forty2.aiact.apps.AiactConfig`."""

from . import queries


def risk_summary(request, membership) -> dict:
    """The organisation's degree of AI integration and its systems per tier and per risk-profile level."""
    profile = queries.org_profile(membership.organization)
    return {"profile": profile,
            "tiers": [(k, n) for k, n in profile["by_tier"].items() if n],
            "levels": [(k, n) for k, n in profile["by_profile_level"].items() if n]}
