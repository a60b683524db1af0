import re

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render

from forty2.core import audit

_UNITS = {"s": ("second", 1), "m": ("minute", 60), "h": ("hour", 3600), "d": ("day", 86400)}


def lockout_period(rates: str | None = None) -> str:
    """How long the longest "login_failed" limit locks an account, in words: ``"5/15m/key"`` → "15 minutes"."""
    rates = rates if rates is not None else settings.ACCOUNT_RATE_LIMITS.get("login_failed", "")
    longest = None
    for rate in str(rates or "").split(","):
        match = re.fullmatch(r"\s*\d+/(\d*)([smhd])(?:/\w+)?\s*", rate)
        if match:
            count, (unit, seconds) = int(match.group(1) or 1), _UNITS[match.group(2)]
            if longest is None or count * seconds > longest[0]:
                longest = (count * seconds, f"{count} {unit}{'s' if count != 1 else ''}")
    return longest[1] if longest else "a few minutes"


class AccountAdapter(DefaultAccountAdapter):
    """Self-hosted and invitation-only: people are added by an organisation owner, never by sign-up."""

    @property
    def error_messages(self):
        # Say how long the lockout lasts, from the same setting that sets it.
        return {**DefaultAccountAdapter.error_messages,
                "too_many_login_attempts": f"Too many failed login attempts. Try again in {lockout_period()}."}

    def is_open_for_signup(self, request):
        return False

    def get_reset_password_from_key_url(self, key):
        """The reset link from FORTY2_SITE_URL, never the request's Host header (a forged Host would send the
        key to another site; issue #14, finding 9)."""
        from urllib.parse import quote

        from django.urls import reverse

        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL.rstrip("/") + path.replace("UID-KEY", quote(key))

    def send_mail(self, template_prefix, email, context):
        """Mails name the site from FORTY2_SITE_URL ("Hello from …"), not from the request's Host header."""
        from types import SimpleNamespace
        from urllib.parse import urlsplit

        site = SimpleNamespace(name="Forty2", domain=urlsplit(settings.SITE_URL).netloc)
        return super().send_mail(template_prefix, email, {"current_site": site, **context})

    def pre_authenticate(self, request, **credentials):
        """Record attempts refused by the lockout (ACCOUNT_RATE_LIMITS "login_failed"): they never reach
        Django's authenticate(), so no ``auth.login_failed`` event would show that guessing goes on."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            email = str(credentials.get("email") or credentials.get("username") or "")[:254]
            from .signals import client_ip

            audit.record("auth.login_locked", object_type="user", object_repr=email,
                         changes={"ip": client_ip(request)})
            raise


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on (OpenID Connect) signs in an existing account and never creates or links one.

    The provider's sign-in maps to the account whose e-mail address it names, and only when it asserts
    ``email_verified: true`` — on every sign-in, so a provider that stops vouching for the address stops
    signing the person in. An unverified or unknown address is refused with a page that says why, and audited
    as a failed sign-in. Nothing is stored: no linked third-party account, no provider tokens, and the
    account's password is left as it is. With several providers, each may be limited to its own e-mail domains
    (OWASP ASVS 5.0 6.8.1; ISO/IEC 42001 7.5.3 access control)."""

    def list_apps(self, request, provider=None, client_id=None):
        """Providers come from the environment only (forty2/accounts/sso_settings.py): a ``SocialApp`` row in
        the database is never used, so no client secret needs to live there."""
        from allauth.socialaccount.adapter import _build_apps_from_settings

        found = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for apps in found.values() for app in apps]

    def is_open_for_signup(self, request, sociallogin):
        return False

    def is_auto_signup_allowed(self, request, sociallogin):
        return False

    def authenticate_by_email(self, sociallogin):
        return None  # pre_social_login maps verified addresses (allauth's own mapping would wipe passwords)

    def pre_social_login(self, request, sociallogin):
        from forty2.accounts.models import User

        provider = sociallogin.account.provider
        claimed = next((a.email for a in sociallogin.email_addresses if a.email), "")
        verified = next((a.email for a in sociallogin.email_addresses if a.email and a.verified), "")
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            self._refuse(request, provider, claimed, "connect")
        if not claimed:
            self._refuse(request, provider, "", "no_email")
        if not verified:
            self._refuse(request, provider, claimed, "unverified")
        domains = sociallogin.provider.app.settings.get("email_domains") or []
        if domains and verified.rsplit("@", 1)[-1].lower() not in domains:
            self._refuse(request, provider, verified, "domain")
        user = User.objects.filter(email__iexact=verified.strip()).first()
        if user is None:
            self._refuse(request, provider, verified, "unknown")
        if sociallogin.is_existing and sociallogin.user.pk != user.pk:
            self._refuse(request, provider, verified, "linked_elsewhere")
        sociallogin.user = user
        sociallogin.account.user = user

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """The provider refused or the exchange failed (state, code, ID token): audited, no details kept."""
        from .signals import client_ip

        audit.record("auth.login_failed", object_type="user", object_repr="",
                     changes={"ip": client_ip(request), "method": "sso",
                              "provider": getattr(provider, "sub_id", "") or getattr(provider, "id", ""),
                              "reason": str(error or "error"),
                              **({"error": type(exception).__name__} if exception else {})})
        super().on_authentication_error(request, provider, error=error, exception=exception,
                                        extra_context=extra_context)

    def _refuse(self, request, provider_id: str, email: str, reason: str):
        from . import sso
        from .signals import client_ip

        email = str(email or "")[:254]
        audit.record("auth.login_failed", object_type="user", object_repr=email,
                     changes={"ip": client_ip(request), "method": "sso", "provider": provider_id,
                              "reason": reason})
        response = render(request, "socialaccount/sso_refused.html",
                          {"reason": reason, "email": email, "provider_name": sso.provider_name(provider_id)},
                          status=403)
        raise ImmediateHttpResponse(response)
