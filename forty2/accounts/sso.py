"""How a session signed in: single sign-on (OpenID Connect) or not.

At each sign-in :mod:`forty2.accounts.signals` stores in the session whether it was made through a configured
provider (allauth's record of the authentication steps, written just before the login). An organisation
that admits only single sign-on (``Organization.sso_only``) asks :func:`signed_in_with_sso`; a password
sign-in, even of the same person in the same browser, clears the mark (OWASP ASVS 5.0 6.8, federated
authentication).
"""

import time

from django.conf import settings

#: session key: {"provider": id, "uid": subject, "at": epoch seconds}; absent for any other sign-in
SESSION_KEY = "forty2_sso"
#: allauth's methods that start a sign-in (mfa and reauthentication only follow one)
_FIRST_STEPS = {"password", "socialaccount", "code", "passkey"}


def providers() -> list[dict]:
    """The configured providers as ``{"id", "name"}``, in configuration order."""
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return [{"id": app["provider_id"], "name": app.get("name") or app["provider_id"]} for app in apps]


def provider_name(provider_id: str) -> str:
    return next((p["name"] for p in providers() if p["id"] == provider_id), provider_id)


def sso_step(request, user) -> dict | None:
    """The single sign-on step that led to this sign-in of ``user``, or None for any other kind.

    The last first step allauth recorded in this session for this user decides, when it is recent (an SSO
    attempt abandoned at the TOTP prompt does not mark a later password sign-in)."""
    from allauth.account import app_settings as account_settings
    from allauth.account.authentication import get_authentication_records

    if request is None or not hasattr(request, "session"):
        return None
    records = [r for r in get_authentication_records(request, user) if r.get("method") in _FIRST_STEPS]
    if not records:
        return None
    last = records[-1]
    fresh = time.time() - float(last.get("at") or 0) <= account_settings.LOGIN_TIMEOUT
    configured = {p["id"] for p in providers()}
    if last.get("method") == "socialaccount" and fresh and last.get("provider") in configured:
        return {"provider": last["provider"], "uid": str(last.get("uid", ""))[:255], "at": last["at"]}
    return None


def remember_login(request, user) -> dict | None:
    """Called at every sign-in: marks the session as single sign-on or clears the mark; returns the step."""
    step = sso_step(request, user)
    if request is not None and hasattr(request, "session"):
        if step:
            request.session[SESSION_KEY] = step
        else:
            request.session.pop(SESSION_KEY, None)
    return step


def signed_in_with_sso(request) -> bool:
    """True when this session's sign-in went through a provider that is still configured."""
    session = getattr(request, "session", None)
    mark = session.get(SESSION_KEY) if session is not None else None
    return bool(mark) and mark.get("provider") in {p["id"] for p in providers()}
