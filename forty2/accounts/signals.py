"""Logins, logouts and failed logins go on the installation audit chain (DESIGN "Audit chain")."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from forty2.core import audit


def _ip(request):
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit.record("auth.login", actor=user, obj=user, changes={"ip": _ip(request)})


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record("auth.logout", actor=user, obj=user, changes={"ip": _ip(request)})


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Never log the password; the e-mail tried is kept to spot guessing.
    email = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit.record("auth.login_failed", object_type="user", object_repr=email, changes={"ip": _ip(request)})
