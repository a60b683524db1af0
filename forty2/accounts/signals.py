"""Sign-ins and credential changes go on the installation audit chain (docs/architecture.md, "Audit chain").

Sign-ins through single sign-on say so (``method: sso``, the provider and its subject) and mark the session
(:mod:`forty2.accounts.sso`). The client address comes from allauth's ``get_client_ip``, which honours
``FORTY2_TRUSTED_PROXY_COUNT`` behind a reverse proxy. Passwords, TOTP secrets and recovery codes are never recorded.
"""

from allauth.account import signals as account_signals
from allauth.account.adapter import get_adapter
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from forty2.core import audit

from . import sso


def client_ip(request) -> str:
    if request is None:
        return ""
    try:
        return get_adapter(request).get_client_ip(request) or ""
    except Exception:  # a malformed X-Forwarded-For must not break a sign-in
        return request.META.get("REMOTE_ADDR", "")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    """Every sign-in, by password or single sign-on (then with the provider and the subject it named)."""
    changes = {"ip": client_ip(request)}
    step = sso.remember_login(request, user)
    if step:
        changes.update(method="sso", provider=step["provider"], subject=step["uid"])
    audit.record("auth.login", actor=user, obj=user, changes=changes)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record("auth.logout", actor=user, obj=user, changes={"ip": client_ip(request)})


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Never log the password; the e-mail tried is kept to spot guessing.
    email = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit.record("auth.login_failed", object_type="user", object_repr=email, changes={"ip": client_ip(request)})


def _credential_event(action):
    def handler(sender, request=None, user=None, **kwargs):
        if user is not None:
            audit.record(action, actor=user, obj=user, changes={"ip": client_ip(request)})

    return handler


CREDENTIAL_EVENTS = {
    account_signals.password_changed: "auth.password_change",
    account_signals.password_set: "auth.password_set",
    account_signals.password_reset: "auth.password_reset",
    mfa_signals.authenticator_added: "auth.mfa_added",
    mfa_signals.authenticator_removed: "auth.mfa_removed",
    mfa_signals.authenticator_reset: "auth.mfa_reset",
}
_HANDLERS = []
for signal, action in CREDENTIAL_EVENTS.items():
    _HANDLERS.append(_credential_event(action))  # keep a strong reference
    signal.connect(_HANDLERS[-1], dispatch_uid=action)


@receiver(account_signals.password_reset, dispatch_uid="forty2.password_reset.credentials")
def on_password_reset(sender, request=None, user=None, **kwargs):
    """A reset from the mailed link proves the address and ends what the old password opened: every API
    token now (audited), every session at its next request (Django's session hash follows the password)."""
    if user is not None:
        from .services import mark_address_proven, revoke_all_tokens

        mark_address_proven(user, via="password_reset")
        revoke_all_tokens(user, reason="password reset", actor=user)


@receiver(account_signals.password_changed, dispatch_uid="forty2.password_changed.credentials")
@receiver(account_signals.password_set, dispatch_uid="forty2.password_set.credentials")
def on_password_changed(sender, request=None, user=None, **kwargs):
    """A person changing their own password keeps this session (allauth updates its hash) and loses the
    others and every API token."""
    if user is not None:
        from .services import revoke_all_tokens

        revoke_all_tokens(user, reason="password changed", actor=user)
