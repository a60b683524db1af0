"""Resolve the caller's membership for an organisation slug: the single entry point to tenant data."""

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from forty2.accounts.services import has_totp, is_usable, mark_token_used, tokens_for_secret
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


#: the membership columns read with the token (``_m``: the token holder's membership of the token's organisation)
_MEMBERSHIP_COLUMNS = ("id", "role", "expires_at", "created_at")


def authenticate_token(raw: str):
    """The usable API token for this secret, or None; ``token.membership`` is the caller's active membership.

    One statement per request: the token by digest with its user and organisation joined, and the membership it
    was issued under read by indexed subqueries in the same statement (a token only lives as long as its owner's
    membership of that organisation). Where the organisation requires TOTP (for everyone or for tokens) a token
    works only while its holder has TOTP enrolled (one more query)."""
    tokens = tokens_for_secret(raw)
    if tokens is None:
        return None
    own = Membership.objects.filter(user=OuterRef("user"), organization=OuterRef("organization"))
    token = tokens.annotate(**{f"_m_{c}": Subquery(own.values(c)[:1]) for c in _MEMBERSHIP_COLUMNS}).first()
    if not is_usable(token) or token._m_id is None:
        return None
    if token._m_expires_at is not None and token._m_expires_at <= timezone.now():
        return None  # Membership.objects.active(): an external auditor's access has ended
    found = {"user_id": token.user_id, "organization_id": token.organization_id,
             **{c: getattr(token, f"_m_{c}") for c in _MEMBERSHIP_COLUMNS}}
    names = [f.attname for f in Membership._meta.concrete_fields if f.attname in found]  # from_db's order
    membership = Membership.from_db(None, names, [found[n] for n in names])
    membership.user, membership.organization = token.user, token.organization
    if membership.organization.tokens_need_totp and not has_totp(token.user):
        return None  # the organisation requires two-factor authentication: a token is no way around it
    token.membership = membership
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
