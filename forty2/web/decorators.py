"""View decorator that resolves the caller's membership from the URL's organisation slug."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render

from forty2.accounts import sso
from forty2.accounts.services import has_totp
from forty2.tenancy.access import membership_for, sso_refusal
from forty2.tenancy.roles import can

__all__ = ["has_totp", "org_view"]


def org_view(action: str = "view"):
    """Login required; 404 unless the user is an active member of ``org``; 403 unless the role may ``action``.

    Sets ``request.membership`` and ``request.org`` and passes ``membership`` to the view instead of the slug.
    When the organisation admits single sign-on only and this session signed in otherwise, the page says so
    (403) and offers the provider's sign-in. When the organisation requires two-factor authentication, a member
    without TOTP is sent to set it up first (API tokens are not affected: they never pass here).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, org, *args, **kwargs):
            membership = membership_for(request.user, org)
            refusal = sso_refusal(request, membership.organization)
            if refusal:
                return render(request, "web/sso_required.html", {
                    "required_org": membership.organization, "reason": refusal, "providers": sso.providers()},
                    status=403)
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
