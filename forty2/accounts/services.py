"""Writes for people and API tokens; each one is audited on the installation chain."""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import InvalidInput, field_error

from .models import ApiToken, User, token_digest

TOKEN_PREFIX = "f2_"


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


def create_token(*, user: User, organization, name: str = "API token", expires_in_days: int | None = 90,
                 actor=None) -> tuple[ApiToken, str]:
    """Create a token and return it with the raw secret, which is shown once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
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


def authenticate_token(raw: str) -> ApiToken | None:
    """The usable token for this secret, or None; ``token.membership`` is the caller's active membership.

    Two indexed lookups per request (token by digest, then the membership it was issued under): a token only
    lives as long as its owner's membership of that organisation."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first())
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    from forty2.tenancy.models import Membership

    membership = (Membership.objects.active().select_related("organization")
                  .filter(user_id=token.user_id, organization_id=token.organization_id).first())
    if membership is None:
        return None
    membership.user = token.user
    token.membership, token.organization = membership, membership.organization
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
