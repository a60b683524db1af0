"""Accepting an invitation, a person's own profile, and the two-factor requirement of an organisation
(ISO/IEC 42001 5.3 roles and authorities, 7.3 awareness, 7.4 communication).

The accept page needs no sign-in: the link is the proof. Unknown, used, expired and revoked links all get the
same message, and failed look-ups are counted per client address in the shared cache (like the login lockout,
forty2/accounts/adapter.py), so guessing tokens is slowed down for every server process alike.
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.core.internal import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from forty2.accounts import services as account_services
from forty2.core.errors import Forty2Error
from forty2.tenancy import invitations
from forty2.tenancy.access import membership_for
from forty2.tenancy.roles import describe
from forty2.web.forms import add_service_errors

from .decorators import has_totp

#: ACCOUNT_RATE_LIMITS key (forty2/settings.py) counting unusable invitation links per client address
GUESS_ACTION = "invitation_failed"


def _guessing_blocked(request) -> bool:
    return ratelimit.consume(request, app="allauth.account", action=GUESS_ACTION, dry_run=True,
                             limit_get=True) is None


def _count_miss(request) -> None:
    ratelimit.consume(request, app="allauth.account", action=GUESS_ACTION, limit_get=True)


class AcceptForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=150,
                                help_text="As colleagues should see it in the AIMS, e.g. ‘Priya Raman’.",
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password = forms.CharField(label="Choose a password", strip=False,
                               help_text="At least 10 characters; not a common password and not only digits.",
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(label="Type the password again", strip=False,
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "The two passwords are not the same.")
        return data


def _unusable(request, message=invitations.UNUSABLE, status=404):
    response = render(request, "web/invitation_unusable.html", {"message": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def invitation(request, token):
    """GET shows who invites whom to what; POST accepts (a new account, or the signed-in one)."""
    if _guessing_blocked(request):
        return _unusable(request, "Too many invitation links that cannot be used were opened from your "
                                  "network. Wait a few minutes, then open the link from your mail again.", 429)
    inv = invitations.find(token)
    if inv is None:
        _count_miss(request)
        return _unusable(request)
    user = request.user if request.user.is_authenticated else None
    wrong_address = user is not None and user.email.lower() != inv.email.lower()
    obstacle = None if wrong_address else invitations.obstacle(inv, user)
    sign_in_first = user is None and not obstacle and invitations.needs_sign_in(inv)
    form = AcceptForm(request.POST or None) if user is None and not sign_in_first and not obstacle else None
    if (request.method == "POST" and not wrong_address and not sign_in_first and not obstacle
            and (form is None or form.is_valid())):
        data = form.cleaned_data if form is not None else {}
        try:
            membership = invitations.accept(token, user=user, full_name=data.get("full_name", ""),
                                            password=data.get("password"))
        except invitations.InvitationUnusable:
            return _unusable(request)
        except Forty2Error as exc:
            if form is None:
                messages.error(request, exc.message)
            else:
                add_service_errors(form, exc)
        else:
            if user is None:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
                # they typed their new password a moment ago: setting up TOTP right after joining does not ask again
                record_authentication(request, membership.user, method="password", email=membership.user.email,
                                      reauthenticated=True)
            org = membership.organization
            messages.success(request, f"Welcome to {org.name}. You are {membership.get_role_display()}: "
                                      f"{describe(membership.role)}")
            return redirect("web:dashboard", org=org.slug)
    response = render(request, "web/invitation.html", {
        "inv": inv, "form": form, "wrong_address": wrong_address, "sign_in_first": sign_in_first,
        "obstacle": obstacle, "role_description": describe(inv.role)})
    response["Cache-Control"] = "no-store"
    # The token is in the address: requests from this page carry only the origin as Referer, never the path.
    # Not "no-referrer": Chromium then sends "Origin: null" with the form and Django's CSRF check refuses it.
    response["Referrer-Policy"] = "strict-origin"
    return response


class ProfileForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=150,
                                help_text="Shown instead of your e-mail address in history, the audit log and "
                                          "on records you own.",
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))


@login_required
def profile(request):
    """A person's own display name (their e-mail address is managed by their organisation's owner)."""
    form = ProfileForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            account_services.update_profile(request.user, full_name=form.cleaned_data["full_name"],
                                            actor=request.user)
        except Forty2Error as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Your name is now shown as {request.user.full_name}.")
            return redirect("web:profile")
    return render(request, "web/profile.html", {"form": form})


@login_required
def totp_required(request, org):
    """Explains that the organisation requires TOTP and leads to allauth's activation page."""
    membership = membership_for(request.user, org)
    if has_totp(request.user) or not membership.organization.require_totp:
        return redirect("web:dashboard", org=org)
    return render(request, "web/totp_required.html", {"required_org": membership.organization})
