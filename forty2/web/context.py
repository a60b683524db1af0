"""Template context for the layout: the current organisation, the switcher and the navigation."""

from forty2.tenancy.models import Membership
from forty2.tenancy.roles import can

from . import registry


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
        # the sections the apps registered (forty2/web/registry.py) that this member's role may see
        "nav_sections": [(entry.key, entry.label, entry.url_name) for entry in registry.navigation()
                         if membership is not None and can(membership, entry.action)],
    }
