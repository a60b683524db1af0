"""People and roles of an organisation (ISO/IEC 42001 5.3, A.3.2, 7.4): invite, re-send, revoke, change a
role, remove, and require two-factor authentication.

Owners manage members; every write goes through :mod:`forty2.tenancy.services` and
:mod:`forty2.tenancy.invitations`, which check the rules (only owners, an external auditor needs an expiry, an
organisation keeps at least one owner, nobody removes themselves). Without SMTP the owner sees each new
invitation link once (post/redirect/get, the link riding in the session for one page view, as API tokens do).
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateformat import format as date_format

from forty2.accounts import sso
from forty2.core.errors import Forty2Error
from forty2.tenancy import invitations
from forty2.tenancy import services as tenancy_services
from forty2.tenancy.models import Invitation, Membership, Role
from forty2.tenancy.roles import DESCRIPTIONS, can
from forty2.web.forms import add_service_errors
from forty2.web.listing import PAGE_SIZE

from .decorators import org_view

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
#: session key of a just-made invitation link, shown on the next view of the People page and then dropped
NEW_LINK_KEY = "forty2_new_invitation_link"
#: revoked and expired invitations stay listed this long, so the owner sees what happened to them
RECENT = dt.timedelta(days=30)


def _expiry_widget(**attrs):
    return forms.DateTimeInput(attrs={"type": "datetime-local", **attrs}, format=DATETIME_LOCAL)


class MemberForm(forms.Form):
    email = forms.EmailField(label="E-mail address",
                             help_text="The address gets an invitation: a new person sets a name and password; a "
                                       "person who already has a Forty2 account accepts it signed in.")
    # Least privilege first: a person added by mistake can read, not change, the AIMS.
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER,
                             help_text="What the person may do (ISO/IEC 42001 5.3 roles and authorities). "
                                       "Give the least they need: a viewer can read but not change anything.")
    expires_at = forms.DateTimeField(label="Access ends", required=False, widget=_expiry_widget(),
                                     help_text="Required for external auditors: their access ends then.")


class RoleForm(forms.Form):
    """One row of the people table: a member's role and the end of their access."""

    role = forms.ChoiceField(choices=Role.choices)
    expires_at = forms.DateTimeField(required=False)

    def __init__(self, *args, member: Membership, **kwargs):
        super().__init__(*args, prefix=f"m{member.pk}",
                         initial={"role": member.role, "expires_at": member.expires_at}, **kwargs)
        self.member = member
        self.form_id = f"member-{member.pk}"
        name = member.user.get_full_name()
        self.fields["role"].label = f"Role of {name}"
        self.fields["role"].widget.attrs["form"] = self.form_id
        self.fields["expires_at"].label = f"Access ends for {name}"
        self.fields["expires_at"].widget = _expiry_widget(form=self.form_id)

    def describe_errors(self) -> None:
        """Point each control at the error shown next to it (the row's own errors sit under the role)."""
        for name in ("role", "expires_at"):
            if self[name].errors or (name == "role" and self.non_field_errors()):
                self.fields[name].widget.attrs.update({"aria-describedby": f"{self[name].auto_id}_error",
                                                       "aria-invalid": "true"})


def _change_role(request, membership, org):
    target = _target(org, request.POST.get("membership", ""))
    if target is None:
        messages.error(request, "No such member.")
        return None, redirect("web:members", org=org.slug)
    form = RoleForm(request.POST, member=target)
    if form.is_valid():
        try:
            changed = tenancy_services.change_role(target, actor=request.user, actor_membership=membership,
                                                   **form.cleaned_data)
        except Forty2Error as exc:
            add_service_errors(form, exc)
        else:
            until = f" until {date_format(timezone.localtime(changed.expires_at), 'j M Y, H:i')}" \
                if changed.expires_at else ""
            messages.success(request, f"{changed.user.get_full_name()} is now {changed.get_role_display()}{until}.")
            return None, redirect("web:members", org=org.slug)
    form.describe_errors()
    return form, None


def _target(org, raw_id: str) -> Membership | None:
    if not raw_id.isdigit() or len(raw_id) > 18:
        return None
    return Membership.objects.select_related("user").filter(organization=org, pk=int(raw_id)).first()


@org_view()
def members(request, membership):
    org = membership.organization
    may_manage = can(membership, "manage_members")
    adding = request.method == "POST" and request.POST.get("action", "add") == "add"
    add_form = MemberForm(request.POST if adding else None)
    role_form = None
    if request.method == "POST":
        if not may_manage:
            raise Http404
        action = request.POST.get("action", "add")
        if action == "remove":  # old pages: removing always goes through the confirmation page
            target = _target(org, request.POST.get("membership", ""))
            if target is None:
                messages.error(request, "No such member.")
                return redirect("web:members", org=org.slug)
            return redirect("web:member_remove", org=org.slug, pk=target.pk)
        if action == "role":
            role_form, response = _change_role(request, membership, org)
            if response:
                return response
        elif action in ("resend", "revoke"):
            return _invitation_action(request, membership, org, action)
        elif add_form.is_valid():
            try:
                added = invitations.add_person(org, actor=request.user, actor_membership=membership,
                                               **add_form.cleaned_data)
            except Forty2Error as exc:
                add_service_errors(add_form, exc, aliases={"access_expires_at": "expires_at"})
            else:
                _announce(request, org, added.sent, "Invitation")
                if added.existing_account:
                    messages.info(request, f"{added.sent.invitation.email} already has a Forty2 account: they get "
                                           "access once they accept the invitation, signed in.")
                return redirect("web:members", org=org.slug)
    by_name = Lower(Coalesce(NullIf("user__full_name", Value("")), "user__email"))
    people = Membership.objects.filter(organization=org).select_related("user").order_by(by_name, "user__email", "pk")
    number = request.GET.get("page")
    if role_form is not None:  # a refused change is shown on the page that holds its row
        number = list(people.values_list("pk", flat=True)).index(role_form.member.pk) // PAGE_SIZE + 1
    page = Paginator(people, PAGE_SIZE).get_page(number)
    rows = [(m, role_form if role_form is not None and role_form.member.pk == m.pk else RoleForm(member=m))
            for m in page] if may_manage else [(m, None) for m in page]
    new_link = request.session.pop(NEW_LINK_KEY, None) if request.method == "GET" and may_manage else None
    if new_link and new_link.get("org") != org.slug:
        new_link = None
    response = render(request, "web/members.html", {
        "rows": rows, "page": page, "query": "", "form": add_form, "role_form": role_form, "may_manage": may_manage,
        "invitations": _invitations(org) if may_manage else [], "new_link": new_link,
        "roles": [(Role(value).label, text) for value, text in DESCRIPTIONS.items()],
        "settings_form": SettingsForm(initial={key: getattr(org, key)
                                               for key in (*tenancy_services.SETTINGS, "sso_only")}),
        "may_configure": can(membership, "manage_settings"), "nav_active": "people"})
    if new_link:
        response["Cache-Control"] = "no-store"  # the link must not come back from the browser's cache
    return response


def _invitations(org) -> list[Invitation]:
    """Invitations not accepted: the latest per address, pending ones and those revoked or expired recently,
    leaving out addresses that are members now."""
    members = set(Membership.objects.filter(organization=org).values_list("user__email", flat=True))
    since = timezone.now() - RECENT
    latest = {}
    for inv in (Invitation.objects.filter(organization=org, accepted_at__isnull=True)
                .select_related("invited_by").order_by("-created_at")):
        if inv.email in members or inv.email in latest:
            continue
        if not inv.is_pending and inv.revoked_at < since or inv.is_pending and inv.expires_at < since:
            continue
        latest[inv.email] = inv
    return list(latest.values())


def _announce(request, org, sent, what: str) -> None:
    """``what``: "Invitation" or "New invitation"; the link goes to the next page view when it is to be shown."""
    inv = sent.invitation
    until = date_format(timezone.localtime(inv.expires_at), "j M Y")
    mailed = sent.mail_sent and invitations.mail_configured()
    if sent.link:
        request.session[NEW_LINK_KEY] = {"org": org.slug, "email": inv.email, "link": sent.link, "mailed": mailed}
    how = "mailed to" if mailed else "ready for"
    messages.success(request, f"{what} {how} {inv.email} as {inv.get_role_display()}; the link works until {until}.")


def _invitation_action(request, membership, org, action):
    raw_id = request.POST.get("invitation", "")
    inv = Invitation.objects.filter(organization=org, pk=int(raw_id)).first() \
        if raw_id.isdigit() and len(raw_id) < 18 else None
    if inv is None:
        messages.error(request, "No such invitation.")
        return redirect("web:members", org=org.slug)
    try:
        if action == "resend":
            sent = invitations.resend(inv, actor=request.user, actor_membership=membership)
            _announce(request, org, sent, "New invitation")
        else:
            invitations.revoke(inv, actor=request.user, actor_membership=membership)
            messages.success(request, f"The invitation of {inv.email} is revoked; its link no longer works.")
    except Forty2Error as exc:
        messages.error(request, exc.message)
    return redirect("web:members", org=org.slug)


class SettingsForm(forms.Form):
    require_totp = forms.BooleanField(
        label="Require two-factor authentication for every member", required=False,
        help_text="Members without an authenticator app (TOTP) are asked to set one up when they next open this "
                  "organisation; until then the API refuses their session and their API tokens.")
    require_totp_for_tokens = forms.BooleanField(
        label="Require two-factor authentication for API tokens", required=False,
        help_text="Only members with an authenticator app (TOTP) may create API tokens, and tokens of members "
                  "without one stop working.")
    sso_only = forms.BooleanField(
        label="Single sign-on only", required=False,
        help_text="Members open this organisation only after signing in with single sign-on; a password sign-in "
                  "is refused here, with the reason. Turning it on revokes this organisation's API tokens: members "
                  "create new ones after signing in with single sign-on. Turn it on from a single sign-on session.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not sso.providers() and not self.initial.get("sso_only"):
            del self.fields["sso_only"]  # no provider configured: nothing to choose


@org_view("manage_settings")
def settings_form(request, membership):
    """POST only: the organisation's two-factor requirements (audited)."""
    org = membership.organization
    if request.method == "POST":
        form = SettingsForm(request.POST, initial={"sso_only": org.sso_only})
        if form.is_valid():
            values = {key: form.cleaned_data[key] for key in tenancy_services.SETTINGS}
            changed = any(getattr(org, key) != value for key, value in values.items())
            sso_changed = "sso_only" in form.fields and form.cleaned_data["sso_only"] != org.sso_only
            if changed or not sso_changed:
                try:
                    org = tenancy_services.update_settings(org, actor=request.user, actor_membership=membership,
                                                           **values)
                except Forty2Error as exc:
                    messages.error(request, exc.message)
                    return redirect("web:members", org=org.slug)
                said = ["Two-factor authentication is now required for every member." if org.require_totp
                        else "Two-factor authentication is no longer required for every member."]
                if not org.require_totp:
                    said.append("API tokens need two-factor authentication." if org.require_totp_for_tokens
                                else "API tokens do not need two-factor authentication.")
                messages.success(request, " ".join(said))
            if sso_changed:
                try:
                    org = tenancy_services.set_sso_only(org, required=form.cleaned_data["sso_only"],
                                                        signed_in_with_sso=sso.signed_in_with_sso(request),
                                                        actor=request.user, actor_membership=membership)
                except Forty2Error as exc:
                    messages.error(request, exc.errors[0]["msg"] if getattr(exc, "errors", None) else exc.message)
                else:
                    messages.success(request, "Only single sign-on opens this organisation now; its API tokens "
                                              "are revoked." if org.sso_only else
                                     "Members may open this organisation after any sign-in again.")
    return redirect("web:members", org=org.slug)


@org_view("manage_members")
def member_remove(request, membership, pk):
    """GET asks for confirmation, naming the person (works without JavaScript); POST removes."""
    org = membership.organization
    target = get_object_or_404(Membership.objects.select_related("user"), organization=org, pk=pk)
    try:
        tenancy_services.check_removal(target, actor_membership=membership)
    except Forty2Error as exc:
        messages.error(request, exc.message)
        return redirect("web:members", org=org.slug)
    if request.method == "POST":
        try:
            tenancy_services.remove_member(target, actor=request.user, actor_membership=membership)
        except Forty2Error as exc:
            messages.error(request, exc.message)
        else:
            who = f"{target.user.full_name} ({target.user.email})" if target.user.full_name else target.user.email
            messages.success(request, f"{who} no longer has access to {org.name}.")
        return redirect("web:members", org=org.slug)
    return render(request, "web/member_remove.html", {"target": target, "nav_active": "people"})
