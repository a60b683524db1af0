"""Resolve the caller's membership for an organisation slug: the single entry point to tenant data."""

from django.http import Http404

from forty2.accounts.services import has_totp, mark_token_used, usable_token
from forty2.accounts.sso import signed_in_with_sso
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


def authenticate_token(raw: str):
    """The usable API token for this secret, or None; ``token.membership`` is the caller's active membership.

    Two indexed lookups per request (the token by digest, then the membership it was issued under): a token
    only lives as long as its owner's membership of that organisation. Where the organisation requires TOTP
    (for everyone or for tokens) a token works only while its holder has TOTP enrolled (one more query)."""
    token = usable_token(raw)
    if token is None:
        return None
    membership = (Membership.objects.active().select_related("organization")
                  .filter(user_id=token.user_id, organization_id=token.organization_id).first())
    if membership is None:
        return None
    if membership.organization.tokens_need_totp and not has_totp(token.user):
        return None  # the organisation requires two-factor authentication: a token is no way around it
    membership.user = token.user
    token.membership, token.organization = membership, membership.organization
    mark_token_used(token)
    return token


def require_session_mfa(membership: Membership) -> None:
    """A browser session reaches an organisation that requires two-factor authentication only when its person
    has TOTP enrolled (allauth then asked for a code at sign-in), exactly as the pages insist
    (forty2/web/decorators.py); the API must not be the way around it (issue #14, finding 3)."""
    org = membership.organization
    if org.require_totp and not has_totp(membership.user):
        raise PermissionDenied(f"{org.name} requires two-factor authentication: set up an authenticator app "
                               f"(TOTP) at /o/{org.slug}/two-factor/ and sign in again.")


def sso_refusal(request, organization) -> str | None:
    """Why this browser session may not open ``organization``, or None: an organisation that admits single
    sign-on only refuses a session signed in any other way (``Organization.sso_only``). API tokens do not pass
    here: in such an organisation they are made from single sign-on sessions only (see
    :func:`forty2.tenancy.services.set_sso_only`)."""
    if not organization.sso_only or signed_in_with_sso(request):
        return None
    return (f"{organization.name} admits members signed in with single sign-on only. Sign out, then use "
            "“Sign in with …” on the sign-in page.")
