"""Pages of evidence (ISO/IEC 42001 7.5): list, add (file or link), detail with versions and links, download,
and evidence requests; writes go through :mod:`forty2.evidence.services`."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from forty2.core.errors import Forty2Error
from forty2.core.queries import org_events
from forty2.records.forms import people_choices, record_form
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors
from forty2.web.listing import paginate, querystring

from . import links as linkables
from . import services, storage
from .api import download_response
from .definitions import EVIDENCE, EVIDENCE_REQUEST
from .models import Evidence, EvidenceLink, EvidenceRequest, EvidenceVersion

_Base = record_form(EVIDENCE)


class EvidenceForm(_Base):
    file = forms.FileField(label="File", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "PDF, image, Office or OpenDocument file, JSON, text or CSV; judged by its content, and its name must "
            f"end in the matching extension; at most {storage.upload_limit_text()}. Leave empty for a link.")

    def service_data(self) -> dict:
        upload = self.cleaned_data.pop("file", None)
        data = super().service_data()
        data["file"] = upload
        return data


RequestForm = record_form(EVIDENCE_REQUEST)
EditForm = record_form(EVIDENCE)
for _form, _names in ((EvidenceForm, ("effective_date", "valid_until")), (EditForm, ("effective_date", "valid_until")),
                      (RequestForm, ("due_date",))):
    for _name in _names:  # <input type="date"> reads ISO dates only
        _form.base_fields[_name].widget.format = "%Y-%m-%d"


@org_view()
def evidence_list(request, membership):
    org = membership.organization
    q = request.GET.get("q", "").strip()
    qs = Evidence.objects.for_org(org).select_related("owner").order_by("title")
    if q:
        qs = qs.filter(title__icontains=q)
    mine = EvidenceRequest.objects.for_org(org).filter(assignee=membership.user, status="open")
    return render(request, "evidence/list.html", {"page": paginate(request, qs), "query": querystring({"q": q}),
                                                  "q": q, "mine": mine, "nav_active": "controls",
                                                  "all_evidence": Evidence.objects.for_org(org).order_by("title")
                                                  .only("pk", "title") if mine else [],
                                                  "today": timezone.localdate(),
                                                  "may_create": can(membership, "create_record"),
                                                  "may_request": can(membership, "approve")})


@org_view("create_record")
def evidence_new(request, membership):
    org = membership.organization
    target = (request.GET.get("record_type") or request.POST.get("record_type") or "",
              request.GET.get("object_id") or request.POST.get("object_id") or "")
    form = EvidenceForm(request.POST or None, request.FILES or None, organization=org)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        upload = data.pop("file", None)
        try:
            if upload:
                e = services.upload_evidence(membership, data, name=upload.name, fileobj=upload)
            else:
                e = services.add_link_evidence(membership, data)
            if target[0] and str(target[1]).isdigit():
                services.link(membership, e, target[0], int(target[1]))
            messages.success(request, f"‘{e.title}’ added.")
            kind = linkables.LINKABLES.get(target[0])
            if kind and kind.url:
                return redirect(kind.url(org, int(target[1])))
            return redirect("evidence:detail", org=org.slug, pk=e.pk)
        except Forty2Error as exc:
            add_service_errors(form, exc)
    return render(request, "evidence/new.html", {"form": form, "target": target, "nav_active": "controls"})


def _get(membership, pk) -> Evidence:
    e = Evidence.objects.for_org(membership.organization).select_related("owner").filter(pk=pk).first()
    if e is None:
        raise Http404
    return e


@org_view()
def evidence_detail(request, membership, pk):
    org = membership.organization
    e = _get(membership, pk)
    form = EditForm(request.POST or None, instance=e, organization=org) if "save" in request.POST else \
        EditForm(instance=e, organization=org)
    if request.method == "POST" and "save" in request.POST and form.is_valid():
        try:
            saved = services.update_evidence(membership, e, form.service_data(), version=_version(request))
            messages.success(request, "Changes saved." if saved.version != e.version else "Nothing changed.")
            return redirect("evidence:detail", org=org.slug, pk=pk)
        except Forty2Error as exc:
            add_service_errors(form, exc)
    upload_error = None
    if request.method == "POST" and request.FILES.get("file"):
        upload = request.FILES["file"]
        version = _version(request)
        if version < 0:
            upload_error = ("The upload did not say which version of the evidence you were looking at (the "
                            "'version' field is missing or not a number). Reload the page and upload again.")
        else:
            try:
                services.add_file_version(membership, e, name=upload.name, fileobj=upload, version=version)
                messages.success(request, "New file version uploaded.")
                return redirect("evidence:detail", org=org.slug, pk=pk)
            except Forty2Error as exc:
                upload_error = "; ".join(err["msg"] for err in exc.errors) if hasattr(exc, "errors") else \
                    exc.message
        e = _get(membership, pk)
    supports = []
    for link in EvidenceLink.objects.filter(evidence=e):
        kind = linkables.LINKABLES.get(link.record_type)
        name = kind.names(org, [link.object_id]).get(link.object_id) if kind else None
        url = kind.url(org, link.object_id) if kind and kind.url else None
        supports.append({"name": name or f"{link.record_type} {link.object_id}", "url": url})
    return render(request, "evidence/detail.html", {
        "e": e, "versions": EvidenceVersion.objects.filter(evidence=e).select_related("uploaded_by"),
        "supports": supports, "nav_active": "controls", "may_edit": can(membership, "edit_record", e), "form": form,
        "upload_error": upload_error,
        "history": org_events(org, object_type="evidence", object_id=e.pk)[:30]})


@org_view()
def evidence_download(request, membership, pk):
    number = request.GET.get("version")
    return download_response(_get(membership, pk), int(number) if number and number.isdigit() else None)


@org_view()
def requests_page(request, membership):
    org = membership.organization
    form = RequestForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_evidence(membership, form.service_data())
            messages.success(request, "Request sent; it shows on their evidence page.")
            return redirect("evidence:requests", org=org.slug)
        except Forty2Error as exc:
            add_service_errors(form, exc)
    form.fields["assignee"].choices = people_choices(org)
    items = EvidenceRequest.objects.for_org(org).select_related("assignee", "requested_by")
    return render(request, "evidence/requests.html", {"page": paginate(request, items), "query": "",
                                                      "form": form, "nav_active": "controls",
                                                      "may_request": can(membership, "approve")})


def _version(request) -> int:
    """The version the form was read at, or -1 when it is missing or not a whole number."""
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else -1


@org_view("create_record")
def evidence_link(request, membership):
    """POST: let existing evidence support a record (``action=link``) or stop it (``action=unlink``); back to
    the record's page."""
    org = membership.organization
    record_type = request.POST.get("record_type", "")
    object_id = int(request.POST.get("object_id") or 0) if (request.POST.get("object_id") or "").isdigit() else 0
    evidence_id = request.POST.get("evidence_id") or ""
    kind = linkables.LINKABLES.get(record_type)
    back = kind.url(org, object_id) if kind and kind.url and object_id else None
    if request.method == "POST" and evidence_id.isdigit():
        e = _get(membership, int(evidence_id))
        try:
            if request.POST.get("action") == "unlink":
                services.unlink(membership, e, record_type, object_id)
                messages.success(request, f"‘{e.title}’ no longer supports this record.")
            else:
                services.link(membership, e, record_type, object_id)
                messages.success(request, f"‘{e.title}’ now supports this record.")
        except Forty2Error as exc:
            messages.error(request, exc.message)
    elif request.method == "POST":
        messages.error(request, "Choose the evidence to link.")
    return redirect(back or "evidence:list", **({} if back else {"org": org.slug}))


@org_view()
def request_fulfil(request, membership, pk):
    """POST: the person asked answers a request with a piece of evidence."""
    org = membership.organization
    r = EvidenceRequest.objects.for_org(org).filter(pk=pk).first()
    if r is None:
        raise Http404
    evidence_id = request.POST.get("evidence_id") or ""
    if request.method == "POST" and evidence_id.isdigit():
        try:
            services.fulfil_request(membership, r, _get(membership, int(evidence_id)))
            messages.success(request, f"Request ‘{r.title}’ fulfilled.")
        except Forty2Error as exc:
            messages.error(request, exc.message)
    return redirect("evidence:list", org=org.slug)
