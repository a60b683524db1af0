"""Pages of a document's versions, acknowledgements, the communication plan's sendings and the transparency page
(ISO/IEC 42001 5.2, 7.3-7.5, A.2, A.8.2). Writes go through :mod:`forty2.documents.services`; every step of a
version's life is a button only the people who may take it see (:meth:`Workflow.available`)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.core.markdown import render as markdown
from forty2.records import forms as record_forms
from forty2.tenancy.models import Role
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from . import docx, services, transparency
from .definitions import DOCUMENT_VERSION, TRANSPARENCY
from .faces import DOCUMENT_PAGES
from .models import Acknowledgement, Communication, DocumentVersion, TransparencyPublication
from .workflows import VERSION_FLOW

VersionForm = record_forms.record_form(DOCUMENT_VERSION)
TransparencyForm = record_forms.record_form(TRANSPARENCY)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STEPS = {"submit": services.submit, "review": services.review, "return": services.return_to_draft,
         "approve": services.approve}


def _message(exc: Forty2Error) -> str:
    """A service's refusal in one sentence for a message banner, naming each field's problem."""
    if isinstance(exc, InvalidInput):
        return " ".join(e["msg"] for e in exc.errors)
    return exc.message


def _version(membership, pk, number) -> DocumentVersion:
    if max(pk, number) >= 2**63:  # beyond what a BIGINT key holds: no such version
        raise Http404
    found = (DocumentVersion.objects.for_org(membership.organization)
             .select_related("document", "created_by", "reviewer", "approved_by", "file")
             .filter(document_id=pk, number=number).first())
    if found is None:
        raise Http404
    return found


def _context(membership, version, **extra):
    doc = version.document
    return {"nav_active": "documents", "doc": doc, "v": version, "doc_url": DOCUMENT_PAGES.url(
        "detail", membership.organization.slug, doc.pk), **extra}


class AcknowledgementRequestForm(forms.Form):
    everyone = forms.BooleanField(required=False, label="Everyone in the organisation")
    roles = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Roles",
                                      choices=[(r, label) for r, label in Role.choices if r != Role.EXTERNAL_AUDITOR])
    emails = forms.CharField(required=False, label="People", help_text="E-mail addresses, separated by commas.")
    due_date = forms.DateField(required=False, label="Acknowledge by",
                               widget=forms.DateInput(attrs={"type": "date"}))


@org_view()
def version_detail(request, membership, pk, number):
    """A version: its content (Markdown rendered safely, or the uploaded file), its hash, the steps people can
    take now, and who acknowledged it."""
    version = _version(membership, pk, number)
    steps = [t for t in VERSION_FLOW.available(membership, version) if t.name in STEPS]
    if version.state == "in_review":  # only the named reviewer records the review; the reviewer never approves
        steps = [t for t in steps if (t.name != "review" or version.reviewer_id == membership.user.pk)
                 and (t.name != "approve" or version.reviewer_id != membership.user.pk)]
    acks = version.acknowledgements.select_related("user").order_by("acknowledged_at", "user__email")
    return render(request, "documents/version_detail.html", _context(
        membership, version, html=mark_safe(markdown(version.body)),  # nosec B308 B703 - sanitised by nh3
        steps=steps, verified=services.verify(version) if version.sha256 else None, acks=acks,
        may_edit=version.state == "draft" and can(membership, "edit_record", version.document),
        may_request=version.state == "approved" and can(membership, "approve"),
        ack_form=AcknowledgementRequestForm(), others=version.document.versions.exclude(pk=version.pk),
        mine=acks.filter(user=membership.user, acknowledged_at__isnull=True).first(), today=timezone.localdate()))


@org_view("create_record")
def version_edit(request, membership, pk, number):
    """Edit a draft with the kit's three-way merge; an approved version is never editable (7.5.3)."""
    version = _version(membership, pk, number)
    if version.state != "draft":
        messages.error(request, f"Version {version.number} is {version.get_state_display().lower()} and cannot be "
                                "changed; start a new version instead.")
        return redirect("documents:version_detail", org=membership.organization.slug, pk=pk, number=number)

    def save(data, version_number, base, resolved):
        return services.update_version(membership, version, data, version_number=version_number, base=base,
                                       resolved=resolved)

    edit = record_forms.edit(request, DOCUMENT_VERSION, VersionForm, version, save,
                             reload=lambda: _version(membership, pk, number), organization=membership.organization)
    if edit.saved:
        upload = request.FILES.get("file")
        if upload:
            try:
                services.attach_file(membership, edit.saved, upload.name, upload, version_number=edit.saved.version)
            except Forty2Error as exc:
                messages.error(request, _message(exc))
                return redirect("documents:version_edit", org=membership.organization.slug, pk=pk, number=number)
        messages.success(request, "Draft saved.")
        return redirect("documents:version_detail", org=membership.organization.slug, pk=pk, number=number)
    record_forms.explain_stale(edit, DOCUMENT_VERSION, lambda: _version(membership, pk, number))
    return render(request, "documents/version_form.html", _context(membership, version, form=edit.form, edit=edit))


@require_POST
@org_view()
def version_step(request, membership, pk, number, step):
    """Send for review, record the review, return to draft or approve (the buttons of the version page)."""
    version = _version(membership, pk, number)
    if step not in STEPS:
        raise Http404
    try:
        given = int(request.POST.get("version", ""))
    except ValueError:
        given = -1
    try:
        kwargs = {"note": request.POST.get("note", "")}
        STEPS[step](membership, version, version_number=given, **kwargs)
    except Forty2Error as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"Version {number} {VERSION_FLOW.get(step).past}.")
    return redirect("documents:version_detail", org=membership.organization.slug, pk=pk, number=number)


@require_POST
@org_view("create_record")
def version_start(request, membership, pk):
    document = DOCUMENT_PAGES.get(membership, pk)
    try:
        version = services.start_version(membership, document, summary=request.POST.get("summary", "")[:500])
    except Forty2Error as exc:
        messages.error(request, exc.message)
        return redirect(DOCUMENT_PAGES.url("detail", membership.organization.slug, pk))
    return redirect("documents:version_edit", org=membership.organization.slug, pk=pk, number=version.number)


@org_view()
def version_compare(request, membership, pk):
    """Two versions side by side, line by line (7.5.3 identification of changes)."""
    document = DOCUMENT_PAGES.get(membership, pk)
    versions = {v.number: v for v in document.versions.all()}
    try:
        a, b = versions[int(request.GET.get("a", 0))], versions[int(request.GET.get("b", 0))]
    except (KeyError, ValueError):
        numbers = sorted(versions)
        if len(numbers) < 2:
            raise Http404("This document has one version only.") from None
        a, b = versions[numbers[-2]], versions[numbers[-1]]
    return render(request, "documents/compare.html", {
        "nav_active": "documents", "doc": document, "a": a, "b": b, "rows": services.compare(a, b),
        "numbers": sorted(versions), "doc_url": DOCUMENT_PAGES.url("detail", membership.organization.slug, pk)})


@org_view()
def version_download(request, membership, pk, number):
    """The version's content as a file: its upload, or its Markdown text."""
    from forty2.evidence.storage import download_headers
    from forty2.files.services import read_file

    version = _version(membership, pk, number)
    if version.file_id:
        response = HttpResponse(read_file(version.file))
        for key, value in download_headers(version.file.original_name, version.file.content_type).items():
            response[key] = value
        return response
    return content_response(version, request.GET.get("format", "md"))


def content_response(version, fmt: str) -> HttpResponse:
    """A written version as a file: its Markdown, or (``docx``) an editable Word document."""
    name = f"{version.document.reference}-v{version.number}"
    if fmt == "docx":
        response = HttpResponse(docx.render(version, version.organization.name), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    else:
        response = HttpResponse(version.body, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.md"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@org_view("approve")
def acknowledgement_request(request, membership, pk, number):
    version = _version(membership, pk, number)
    form = AcknowledgementRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            count = services.request_acknowledgements(
                membership, version, everyone=data["everyone"], roles=data["roles"],
                emails=[e for e in data["emails"].split(",") if e.strip()], due_date=data["due_date"])
        except Forty2Error as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, f"{count} {'person was' if count == 1 else 'people were'} asked to "
                                      "acknowledge this version." if count else "Everyone named was asked already.")
    else:
        messages.error(request, "Check the date: it must be written as YYYY-MM-DD.")
    return redirect("documents:version_detail", org=membership.organization.slug, pk=pk, number=number)


@org_view()
def my_acknowledgements(request, membership):
    """What this person has been asked to read, and what they confirmed (7.3 awareness)."""
    acks = (Acknowledgement.objects.for_org(membership.organization).filter(user=membership.user)
            .select_related("document_version__document").order_by("acknowledged_at", "due_date"))
    overdue = None
    if can(membership, "view_audit_log"):  # owners, AIMS managers and auditors see everyone's overdue ones
        overdue = (services.overdue_acknowledgements(membership.organization)
                   .select_related("user", "document_version__document").order_by("user__email", "due_date"))
    return render(request, "documents/my_acknowledgements.html", {"nav_active": "documents", "tab": "mine",
                                                                  "acks": acks, "overdue": overdue,
                                                                  "today": timezone.localdate()})


@require_POST
@org_view()
def acknowledge(request, membership, ack_pk):
    ack = Acknowledgement.objects.for_org(membership.organization).filter(pk=ack_pk).first()
    if ack is None:
        raise Http404
    try:
        services.acknowledge(membership, ack)
    except Forty2Error as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Thank you: your acknowledgement is recorded.")
    return redirect("documents:my_acknowledgements", org=membership.organization.slug)


class SendingForm(forms.Form):
    sent_on = forms.DateField(label="Sent on", widget=forms.DateInput(attrs={"type": "date"}))
    recipients = forms.CharField(required=False, max_length=300, label="To whom")
    note = forms.CharField(required=False, max_length=2000, label="Note", widget=forms.Textarea(attrs={"rows": 2}))


@require_POST
@org_view("create_record")
def communication_send(request, membership, pk):
    line = Communication.objects.for_org(membership.organization).filter(pk=pk).first()
    if line is None:
        raise Http404
    form = SendingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date it was sent, as YYYY-MM-DD.")
    else:
        try:
            services.record_sending(membership, line, **form.cleaned_data)
        except Forty2Error as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, "Sending recorded.")
    return redirect("documents:communication_detail", org=membership.organization.slug, pk=pk)


@org_view()
def transparency_edit(request, membership):
    """The public transparency page: edit the draft (kit merge), publish it, or take it down (A.8.2)."""
    org = membership.organization
    draft = transparency.page(org)
    latest = TransparencyPublication.objects.for_org(org).first()
    if request.method == "POST" and request.POST.get("action") in ("publish", "withdraw"):
        try:
            (transparency.publish if request.POST["action"] == "publish" else transparency.withdraw)(membership)
        except Forty2Error as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Published: the public page shows this version now."
                             if request.POST["action"] == "publish" else "The public page is taken down.")
        return redirect("documents:transparency", org=org.slug)
    if not can(membership, "edit_any_record"):
        return render(request, "documents/transparency.html", {"nav_active": "documents", "tab": "transparency",
                                                               "draft": draft, "latest": latest, "form": None})

    def save(data, version, base, resolved):
        return transparency.update(membership, draft, data, version=version, base=base, resolved=resolved)

    edit = record_forms.edit(request, TRANSPARENCY, TransparencyForm, draft, save,
                             reload=lambda: transparency.page(org), organization=org)
    if edit.saved:
        messages.success(request, "Draft saved. Publish it to show it to the public.")
        return redirect("documents:transparency", org=org.slug)
    record_forms.explain_stale(edit, TRANSPARENCY, lambda: transparency.page(org))
    return render(request, "documents/transparency.html", {
        "nav_active": "documents", "tab": "transparency", "draft": draft, "latest": latest, "form": edit.form,
        "edit": edit, "may_publish": can(membership, "approve")})


@require_GET
def public_transparency(request, org):
    """The published page, readable without signing in; only the frozen publication is ever shown."""
    published = transparency.public(org)
    if published is None:
        raise Http404("This organisation has not published a transparency page.")
    content = published.content
    return render(request, "documents/public_transparency.html", {
        "content": content, "intro": mark_safe(markdown(content.get("intro", ""))),  # nosec B308 B703 - nh3
        "published": published, "published_at": dt.datetime.fromisoformat(content["published_at"])})

