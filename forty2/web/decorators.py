"""View decorator that resolves the caller's membership from the URL's organisation slug."""

from functools import wraps

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect

from forty2.tenancy.access import membership_for
from forty2.tenancy.roles import can


def has_totp(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def org_view(action: str = "view"):
    """Login required; 404 unless the user is an active member of ``org``; 403 unless the role may ``action``.

    Sets ``request.membership`` and ``request.org`` and passes ``membership`` to the view instead of the slug.
    When the organisation requires two-factor authentication, a member without TOTP is sent to set it up first
    (API tokens are not affected: they never pass here).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, org, *args, **kwargs):
            membership = membership_for(request.user, org)
            if membership.organization.require_totp and not has_totp(request.user):
                return redirect("web:totp_required", org=membership.organization.slug)
            request.membership, request.org = membership, membership.organization
            if not can(membership, action):
                raise DjangoPermissionDenied(f"Your role may not {action.replace('_', ' ')}.")
            return view(request, membership, *args, **kwargs)

        # the action is named on the view, so tests/security/test_isolation.py checks every page against RULES
        wrapper.org_action = action
        return login_required(wrapper)

    return decorator
