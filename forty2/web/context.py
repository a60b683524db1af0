"""Template context for the layout: the current organisation, the switcher and the navigation."""

from forty2.tenancy.models import Membership

#: The left navigation follows the management system; sections appear once they exist (``url`` set).
SECTIONS = [
    ("context", "Context", None),
    ("ai_systems", "AI systems", "inventory:system_list"),
    ("risks", "Risks and impacts", None),
    ("controls", "Controls (SoA)", None),
    ("documents", "Documents", None),
    ("people", "People", "web:members"),
    ("audits", "Audits and improvement", "web:audit_log"),
    ("certification", "Certification", None),
    ("catalog", "Standards catalog", None),
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
        "nav_sections": [(key, label, url) for key, label, url in SECTIONS if url],
    }
