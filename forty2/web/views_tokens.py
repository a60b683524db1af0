"""A person's API tokens for one organisation: create (the secret is shown once), list, revoke.

Creating redirects (post/redirect/get) so reloading the page cannot create a second token; the new secret
rides in the session for the next page view only, then is dropped.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from forty2.accounts import services as account_services
from forty2.accounts.models import ApiToken
from forty2.core.errors import Forty2Error
from forty2.tenancy import services as tenancy_services
from forty2.web.forms import add_service_errors

from .decorators import org_view

#: session key of a just-created secret, shown on the next page view of the tokens page and then dropped
NEW_TOKEN_KEY = "forty2_new_api_token"  # nosec B105 - a session key name


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. ‘CI deployment gate’.")
    expires_in_days = forms.IntegerField(
        min_value=1, max_value=365, initial=90, label="Valid for (days)",
        help_text="1–365 days. The token stops working after that; create a new one then.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}))


@org_view("create_api_token")
def tokens(request, membership):
    org = membership.organization
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = tenancy_services.create_token(membership, actor=request.user, **form.cleaned_data)
        except Forty2Error as exc:
            add_service_errors(form, exc)
        else:
            request.session[NEW_TOKEN_KEY] = {"org": org.slug, "id": token.pk, "raw": raw}
            return redirect("web:tokens", org=org.slug)
    new = request.session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None
    if new and new.get("org") != org.slug:
        new = None
    mine = ApiToken.objects.filter(user=request.user, organization=org).order_by("-created_at")
    needs_totp = org.tokens_need_totp and not account_services.has_totp(request.user)
    response = render(request, "web/tokens.html", {"form": form, "new": new, "tokens": mine,
                                                   "needs_totp": needs_totp})
    if new:
        response["Cache-Control"] = "no-store"  # the secret must not come back from the browser's cache
    return response


@org_view("create_api_token")
def revoke_token(request, membership, pk):
    """GET asks for confirmation, naming the token; POST revokes it."""
    org = membership.organization
    token = get_object_or_404(ApiToken, user=request.user, organization=org, pk=pk)
    if request.method == "POST":
        account_services.revoke_token(token, actor=request.user)
        messages.success(request, f"Token ‘{token.name}’ ({token.prefix}…) revoked. Anything still using it "
                                  "is refused from now on.")
        return redirect("web:tokens", org=org.slug)
    if not token.is_usable:
        messages.info(request, f"Token ‘{token.name}’ no longer works; there is nothing to revoke.")
        return redirect("web:tokens", org=org.slug)
    return render(request, "web/token_revoke.html", {"token": token})
