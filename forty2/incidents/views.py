"""The pages of concerns and incidents the records kit does not make: the workflow steps, the concern channel's
setting, and the public concern page ``/c/<org>/`` (no login; anonymous by choice; ISO/IEC 42001 A.3.3, A.8.3).

The public page stores nothing about the visitor: no session is started (no messages framework, no login), the
concern row keeps no address or browser, and the follow-up code is read from a POSTed form, never from the URL.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.tenancy.models import Organization
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from . import services, throttle
from .faces import CONCERN_PAGES, INCIDENT_PAGES
from .models import ConcernKind


def _message(exc: Forty2Error) -> str:
    if isinstance(exc, InvalidInput):
        return " ".join(e["msg"] for e in exc.errors)
    return exc.message


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _step(pages, run):
    @require_POST
    @org_view()
    def view(request, membership, pk, step):
        obj = pages.get(membership, pk)
        try:
            run(membership, obj, step, version=_version(request), note=request.POST.get("note", ""))
        except Forty2Error as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, f"{pages.noun.capitalize()} ‘{obj}’: {step} done.")
        return redirect(pages.url("detail", membership.organization.slug, pk))

    return view


concern_step = _step(CONCERN_PAGES, services.concern_step)
incident_step = _step(INCIDENT_PAGES, services.incident_step)


class ChannelForm(forms.Form):
    enabled = forms.BooleanField(required=False, label="Receive concerns through the public page")
    intro = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                            label="Introduction", help_text="Shown above the form: what to raise here, and what "
                            "happens next.")


@org_view()
def channel(request, membership):
    """The concern channel's setting (owners and AIMS managers change it) and its public address."""
    org = membership.organization
    found = services.channel(org)
    may_edit = can(membership, "edit_any_record")
    form = ChannelForm(request.POST or None, initial={"enabled": bool(found and found.enabled),
                                                      "intro": found.intro if found else ""})
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            try:
                services.set_channel(membership, **form.cleaned_data)
            except Forty2Error as exc:
                form.add_error(None, _message(exc))
            else:
                messages.success(request, "Concern channel saved.")
                return redirect("incidents:channel", org=org.slug)
    return render(request, "incidents/channel.html", {
        "form": form, "channel": found, "may_edit": may_edit, "nav_active": "incidents", "tab": "channel",
        "public_url": request.build_absolute_uri(f"/c/{org.slug}/")})


# --- the public channel -------------------------------------------------------------------------------------------

class ConcernForm(forms.Form):
    kind = forms.ChoiceField(choices=ConcernKind.choices, initial=ConcernKind.CONCERN, widget=forms.RadioSelect,
                             label="What is it?")
    subject = forms.CharField(max_length=200, label="Subject", help_text="In a line: what is it about?")
    description = forms.CharField(max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                  label="What happened, or what worries you")
    system_text = forms.CharField(max_length=300, required=False, label="Which AI system, if you know")
    anonymous = forms.BooleanField(required=False, initial=True, label="Stay anonymous",
                                   help_text="We then keep no name, e-mail, address or browser details. Keep your "
                                             "follow-up code to read our answer.")
    name = forms.CharField(max_length=200, required=False, label="Your name (only if not anonymous)")
    email = forms.EmailField(max_length=254, required=False, label="Your e-mail (only if not anonymous)")


class FollowUpForm(forms.Form):
    code = forms.CharField(max_length=40, label="Follow-up code", widget=forms.TextInput(attrs={"autocomplete": "off"}))


def _open_org(slug):
    org = get_object_or_404(Organization, slug=slug)
    if not services.channel_open(org):
        raise Http404("This organisation does not receive concerns here.")
    return org


def _public(request, template, context, status=200):
    response = render(request, template, context, status=status)
    # only the origin leaves the page (not "no-referrer": Chromium then posts "Origin: null", which CSRF refuses)
    response["Referrer-Policy"] = "strict-origin"
    return response


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def public_concern(request, org):
    """GET: the form. POST: the concern is received and the follow-up code shown, once."""
    org = _open_org(org)
    found = services.channel(org)
    form = ConcernForm(request.POST or None)
    context = {"org_public": org, "intro": found.intro, "form": form, "follow_form": FollowUpForm()}
    if request.method == "POST":
        if not throttle.allow(request, org, "submit"):
            context["throttled"] = True
            return _public(request, "incidents/public_concern.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                concern, code = services.submit_concern(
                    org, kind=data["kind"], subject=data["subject"], description=data["description"],
                    system_text=data["system_text"], anonymous=data["anonymous"], name=data["name"],
                    email=data["email"])
            except InvalidInput as exc:
                for e in exc.errors:
                    field = e["loc"][-1] if e["loc"][-1] in form.fields else None
                    form.add_error(field, e["msg"])
            else:
                return _public(request, "incidents/public_received.html",
                               {"org_public": org, "code": code, "concern": concern})
        return _public(request, "incidents/public_concern.html", context, status=422)
    return _public(request, "incidents/public_concern.html", context)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def public_follow_up(request, org):
    """Read the answer with the follow-up code (POSTed, so it never appears in an address or a log)."""
    org = _open_org(org)
    form = FollowUpForm(request.POST or None)
    context = {"org_public": org, "form": form}
    if request.method == "POST":
        if not throttle.allow(request, org, "follow_up"):
            context["throttled"] = True
            return _public(request, "incidents/public_follow_up.html", context, status=429)
        if form.is_valid():
            concern = services.follow_up(org, form.cleaned_data["code"])
            if concern is None:
                form.add_error("code", "No concern has this code. Check it and try again.")
            else:
                context["found"] = services.public_view(concern)
    return _public(request, "incidents/public_follow_up.html", context)
