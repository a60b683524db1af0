import re

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError

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
