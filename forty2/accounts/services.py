"""Writes for people and API tokens; each one is audited (ISO/IEC 42001 7.5.3): people on the installation
chain, tokens on their organisation's chain."""

import datetime as dt
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import InvalidInput, field_error

from .models import ApiToken, User, token_digest

TOKEN_PREFIX = "f2_"  # nosec B105 - the public prefix that marks a token, not a secret
#: the longest an API token may live; every token expires (there is no "never")
TOKEN_MAX_DAYS = 366


def has_totp(user) -> bool:
    """Whether the person has an authenticator app (TOTP) enrolled: allauth then asks for a code at every
    sign-in, so a session of theirs has passed two-factor authentication."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return user is not None and user.is_authenticated and is_mfa_enabled(user, [Authenticator.Type.TOTP])


def mark_address_proven(user: User, *, via: str) -> User:
    """Remember that the person showed they read mail sent to their address (``via``: "password_reset",
    "invitation_mail"), audited on the installation chain. Needed before a second organisation may grant the
    account access (forty2/tenancy/invitations.py)."""
    if user.email_verified_at is None:
        with transaction.atomic():
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            audit.record("user.address_proven", actor=user, obj=user, changes={"via": via})
    return user


def revoke_all_tokens(user: User, *, reason: str, actor=None) -> int:
    """Revoke every usable API token of the person (after a password reset or change: a token made by whoever
    knew the old password must not outlive it). Each revocation is audited on its organisation's chain."""
    count = 0
    with transaction.atomic():
        for token in (ApiToken.objects.select_for_update().select_related("organization")
                      .filter(user=user, revoked_at__isnull=True)):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record("api_token.revoke", org=token.organization, actor=actor or user, obj=token,
                         changes={"prefix": token.prefix, "reason": reason})
            count += 1
    return count


def set_password(user: User, password: str, *, via: str, actor=None, validate: bool = True,
                 encoded: str | None = None) -> User:
    """Set a person's password and record that it was set (never the password) on the installation chain
    (ISO/IEC 42001 7.5.3). ``via`` names the way in (``"createadmin"``, ``"demo"``).

    ``validate`` applies the same rules as a password reset (``AUTH_PASSWORD_VALIDATORS``); a weak password
    is refused as bad input on ``password``. The demo's shared, documented password skips them, and passes
    ``encoded``, the password hashed once (``make_password``) for all its accounts: a hash costs about a
    second of the demo's start-up on purpose."""
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput([field_error("password", " ".join(exc.messages), "weak_password")]) from None
    with transaction.atomic():
        if encoded is not None:
            user.password = encoded
        else:
            user.set_password(password)
        user.save(update_fields=["password"])
        audit.record("user.set_password", actor=actor, obj=user, changes={"via": via})
        # A new password ends what the old one opened: its API tokens now; its sessions at their next request,
        # because Django's session auth hash derives from the password hash.
        revoke_all_tokens(user, reason=f"password set ({via})", actor=actor)
    return user


def create_user(*, email: str, password: str | None, full_name: str = "", actor=None,
                is_superuser: bool = False) -> User:
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise InvalidInput([field_error("email", "Enter a valid e-mail address.")])
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise InvalidInput([field_error("email", f"A user with e-mail {email} already exists.")])
        user = User.objects.create_user(email, password, full_name=full_name, is_superuser=is_superuser,
                                        is_staff=is_superuser)
        audit.record("user.create", actor=actor, obj=user, changes={"email": email, "full_name": full_name,
                                                                     "superuser": is_superuser})
    return user


def update_profile(user: User, *, full_name: str, actor=None) -> User:
    """A person's display name, shown instead of their e-mail address across the product (ISO/IEC 42001 7.4
    communication: people are named the way colleagues know them). Audited on the installation chain."""
    full_name = " ".join((full_name or "").split())
    if not full_name or len(full_name) > 150:
        raise InvalidInput([field_error("full_name", "Enter your name as colleagues should see it "
                                                     "(1-150 characters).")])
    with transaction.atomic():
        before = user.full_name
        if before != full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
            audit.record("user.update", actor=actor or user, obj=user,
                         changes={"full_name": [before, full_name]})
    return user


def create_token(*, user: User, organization, name: str = "API token", expires_in_days: int | None = 90,
                 actor=None) -> tuple[ApiToken, str]:
    """Create a token and return it with the raw secret, which is shown once and never stored.

    Every token expires: ``expires_in_days`` is 1 to :data:`TOKEN_MAX_DAYS`. Who may hold one (an active
    member, with TOTP where the organisation asks for it) is checked one layer up, by
    :func:`forty2.tenancy.services.create_token`."""
    if (not isinstance(expires_in_days, int) or isinstance(expires_in_days, bool)
            or not 1 <= expires_in_days <= TOKEN_MAX_DAYS):
        raise InvalidInput([field_error("expires_in_days", f"A token lives 1 to {TOKEN_MAX_DAYS} days; every "
                                                           "token expires.")])
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=expires_in_days)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, organization=organization, name=name[:100],
                                        prefix=raw[:10], digest=token_digest(raw), expires_at=expires_at)
        audit.record("api_token.create", org=organization, actor=actor or user, obj=token,
                     changes={"user": user.email, "name": token.name, "prefix": token.prefix,
                              "expires_at": expires_at})
    return token, raw


def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record("api_token.revoke", org=token.organization, actor=actor, obj=token,
                         changes={"prefix": token.prefix})
    return token


def usable_token(raw: str) -> ApiToken | None:
    """The token for this secret when it is neither revoked nor expired and its user is active; else None.

    One indexed lookup by digest. Whether its owner is still a member of the token's organisation is
    checked one layer up, by :func:`forty2.tenancy.access.authenticate_token`: accounts know nothing of
    memberships (docs/architecture.md, "Layers")."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first())
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    return token


def mark_token_used(token: ApiToken) -> None:
    """Remember when a token was last used, at most once every five minutes (a write per request would cost
    the hot path a transaction)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
