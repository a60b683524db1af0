"""The certification page: status, certificate and expiry, the audits due with their reminders, the certification
body's audits, open nonconformities from them, the recorded events, and the forms that record an event, plan an
audit and edit the certification's fields (ISO/IEC 42001 9.2, 10.2 as the certification body audits them)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from forty2.core.errors import Forty2Error
from forty2.records import display
from forty2.records import forms as record_forms
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors

from . import services, status
from .definitions import CERTIFICATION
from .models import CertificationEvent, EventKind

CertificationForm = record_forms.record_form(CERTIFICATION)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="Event", choices=EventKind.choices)
    date = forms.DateField(label="Date", widget=DATE, help_text="The day the certification body decided or acted.")
    certificate_number = forms.CharField(label="Certificate number", required=False, max_length=100,
                                         help_text="Required for a decision; for a renewal if it changes.")
    scope = forms.CharField(label="Scope of certification after the change", required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="For a scope extension or reduction: the whole scope as it now stands.")
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Required for a suspension, reinstatement or withdrawal: say why.")
    version = forms.IntegerField(widget=forms.HiddenInput)


class AuditForm(forms.Form):
    kind = forms.ChoiceField(label="Audit", choices=[(k, services.AUDIT_TITLES[k]) for k in
                                                     services.CERTIFICATION_KINDS])
    title = forms.CharField(label="Title", required=False, max_length=200)
    planned_start = forms.DateField(label="Starts", widget=DATE)
    planned_end = forms.DateField(label="Ends", required=False, widget=DATE)
    completed_on = forms.DateField(label="Completed on", required=False, widget=DATE,
                                   help_text="Only for an audit already held: the day it ended.")


def _audit_url(org_slug, audit_id):
    try:
        return reverse("audits:audit_detail", args=[org_slug, audit_id])
    except NoReverseMatch:  # the audits app's pages are not installed
        return None


def _context(membership, event_form=None, audit_form=None):
    org = membership.organization
    cert = services.certification(org)
    today = timezone.localdate()
    data = status.detail(org, cert, today)
    audits = list(services.certification_audits(org))
    counts = status.finding_counts(org, [a.pk for a in audits])
    events = CertificationEvent.objects.for_org(org).select_related("by", "audit").order_by("-date", "-id")[:100]
    next_surveillance = next((i for i in data["schedule"] if i["kind"] == "surveillance" and not i["done_on"]),
                             None)
    may_edit = can(membership, "edit_any_record")
    return {
        "nav_active": "certification", "cert": cert, "data": data, "phase_label": dict(
            cert._meta.get_field("status").choices).get(data["phase"], data["phase"]),
        "rows": display.rows(CERTIFICATION, cert, skip=("certificate_number",)),
        "audits": [(a, counts.get(a.pk, {}), services.done_on(a), _audit_url(org.slug, a.pk)) for a in audits],
        "open_ncs": services.open_ncs(org), "carried": data["carried_over"], "next_surveillance": next_surveillance,
        "events": events, "may_edit": may_edit, "may_plan": can(membership, "edit_any_record"),
        "steps": services.FLOW.available(membership, cert),
        "event_form": event_form or EventForm(initial={"date": today, "version": cert.version}),
        "audit_form": audit_form or AuditForm(),
    }


@org_view()
def overview(request, membership):
    return render(request, "certification/overview.html", _context(membership))


@org_view()
def record_event(request, membership):
    """Record an event (a decision, suspension, …) from the page's form; a refusal is shown next to the form."""
    if request.method != "POST":
        return redirect("certification:overview", org=membership.organization.slug)
    if not can(membership, "edit_any_record"):
        raise PermissionDenied("Owners and AIMS managers record the certification's events.")
    form = EventForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            event = services.record_event(membership, d["kind"], date=d["date"], note=d["note"],
                                          certificate_number=d["certificate_number"], scope=d["scope"],
                                          version=d["version"])
        except Forty2Error as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{event.get_kind_display()} of {event.date:%d %B %Y} recorded.")
            return redirect("certification:overview", org=membership.organization.slug)
    return render(request, "certification/overview.html", _context(membership, event_form=form), status=422)


@org_view()
def plan_audit(request, membership):
    if request.method != "POST":
        return redirect("certification:overview", org=membership.organization.slug)
    if not can(membership, "edit_any_record"):
        raise PermissionDenied("Owners and AIMS managers plan the certification body's audits.")
    form = AuditForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            a = services.plan_audit(membership, data)
        except Forty2Error as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{a.title} planned." if not data.get("completed_on") else
                             f"{a.title} recorded as completed.")
            return redirect("certification:overview", org=membership.organization.slug)
    return render(request, "certification/overview.html", _context(membership, audit_form=form), status=422)


@org_view()
def edit(request, membership):
    """The certification's fields, edited with the kit's three-way merge."""
    if not can(membership, "edit_any_record"):
        raise PermissionDenied("Owners and AIMS managers edit the certification.")
    org = membership.organization
    cert = services.certification(org)

    def save(data, version, base, resolved):
        return services.update(membership, cert, data, version=version, base=base, resolved=resolved)

    result = record_forms.edit(request, CERTIFICATION, CertificationForm, cert, save,
                               reload=lambda: services.certification(org), organization=org)
    if result.saved:
        messages.success(request, "Changes saved." if result.changed else "Nothing changed.")
        return redirect("certification:overview", org=org.slug)
    record_forms.explain_stale(result, CERTIFICATION, lambda: services.certification(org))
    return render(request, "certification/edit.html", {"nav_active": "certification", "form": result.form,
                                                       "edit": result})
