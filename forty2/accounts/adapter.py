from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

from forty2.core import audit


class AccountAdapter(DefaultAccountAdapter):
    """Self-hosted and invitation-only: people are added by an organisation owner, never by sign-up."""

    def is_open_for_signup(self, request):
        return False

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
