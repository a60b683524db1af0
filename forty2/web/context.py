"""Template context for the layout: the current organisation, the switcher and the navigation."""

from forty2.tenancy.models import Membership
from forty2.tenancy.roles import can

#: The left navigation follows the management system; sections appear once they exist (``url`` set).
#: Each entry: (key, label, url name, action the role needs to see it).
SECTIONS = [
    ("context", "Context", None, "view"),
    ("ai_systems", "AI systems", "inventory:system_list", "view"),
    ("risks", "Risks and impacts", "risk:risk_list", "view"),
    ("controls", "Controls (SoA)", None, "view"),
    ("documents", "Documents", None, "view"),
    ("people", "People", "web:members", "view"),
    ("audits", "Audits and improvement", "web:audit_log", "view_audit_log"),
    ("certification", "Certification", None, "view"),
    ("catalog", "Standards catalog", "catalog:index", "view"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = getattr(request, "_forty2_memberships", None)
    if memberships is None:
        memberships = list(Membership.objects.active().filter(user=user).select_related("organization")
                           .order_by("organization__name"))
        request._forty2_memberships = memberships
    membership = getattr(request, "membership", None)
    return {
        "memberships": memberships,
        "membership": membership,
        "org": membership.organization if membership else None,
        "nav_sections": [(key, label, url) for key, label, url, action in SECTIONS
                         if url and membership is not None and can(membership, action)],
    }
