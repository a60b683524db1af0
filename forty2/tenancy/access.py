"""Resolve the caller's membership for an organisation slug: the single entry point to tenant data."""

from django.http import Http404

from forty2.core.errors import PermissionDenied

from .models import Membership
from .roles import can


def membership_for(user, slug: str) -> Membership:
    """The active membership of ``user`` in organisation ``slug``; 404 when there is none, so another
    organisation is indistinguishable from one that does not exist."""
    if user is None or not user.is_authenticated:
        raise Http404("No such organisation.")
    membership = (Membership.objects.active().select_related("organization", "user")
                  .filter(user=user, organization__slug=slug).first())
    if membership is None:
        raise Http404("No such organisation.")
    return membership


def require(membership, action: str, obj=None) -> None:
    if not can(membership, action, obj):
        raise PermissionDenied(f"Your role ({membership.get_role_display()}) may not {action.replace('_', ' ')}.")
