"""The pages of audits the records kit does not make: the workflow steps, approvals, the team and the checklist
with its results (ISO/IEC 42001 9.2.1, 9.2.2). Every write goes through :mod:`forty2.audits.services`."""

from django.contrib import messages
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view

from . import checklist as checklist_html
from . import hooks, services
from .faces import AUDIT_PAGES, PROGRAMME_PAGES
from .models import AuditItem, Auditor, AuditStatus


def _message(exc: Forty2Error) -> str:
    if isinstance(exc, InvalidInput):
        return " ".join(e["msg"] for e in exc.errors)
    return exc.message


def _int(value, default=-1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _run(request, done: str, call, *args, **kwargs) -> bool:
    try:
        call(*args, **kwargs)
    except Forty2Error as exc:
        messages.error(request, _message(exc))
        return False
    messages.success(request, done)
    return True


@require_POST
@org_view()
def programme_step(request, membership, pk, step):
    obj = PROGRAMME_PAGES.get(membership, pk)
    _run(request, f"Audit programme ‘{obj}’: {step} done.", services.programme_step, membership, obj, step,
         version=_int(request.POST.get("version")), note=request.POST.get("note", ""))
    return redirect(PROGRAMME_PAGES.url("detail", membership.organization.slug, pk))


@require_POST
@org_view()
def audit_step(request, membership, pk, step):
    obj = AUDIT_PAGES.get(membership, pk)
    _run(request, f"Audit ‘{obj}’: {step} done.", services.audit_step, membership, obj, step,
         version=_int(request.POST.get("version")), note=request.POST.get("note", ""))
    return redirect(AUDIT_PAGES.url("detail", membership.organization.slug, pk))


@require_POST
@org_view("approve")
def programme_approve(request, membership, pk):
    obj = PROGRAMME_PAGES.get(membership, pk)
    _run(request, f"Audit programme ‘{obj}’ approved.", services.approve_programme, membership, obj,
         version=_int(request.POST.get("version")), note=request.POST.get("note", ""))
    return redirect(PROGRAMME_PAGES.url("detail", membership.organization.slug, pk))


@require_POST
@org_view("approve")
def programme_withdraw(request, membership, pk):
    obj = PROGRAMME_PAGES.get(membership, pk)
    _run(request, "Approval withdrawn.", services.withdraw_programme, membership, obj,
         reason=request.POST.get("reason", ""))
    return redirect(PROGRAMME_PAGES.url("detail", membership.organization.slug, pk))


@require_POST
@org_view("approve")
def report_approve(request, membership, pk):
    obj = AUDIT_PAGES.get(membership, pk)
    _run(request, f"The report of ‘{obj}’ is approved.", services.approve_report, membership, obj,
         version=_int(request.POST.get("version")), note=request.POST.get("note", ""))
    return redirect(AUDIT_PAGES.url("detail", membership.organization.slug, pk))


@require_POST
@org_view("approve")
def report_withdraw(request, membership, pk):
    obj = AUDIT_PAGES.get(membership, pk)
    _run(request, "Approval of the report withdrawn.", services.withdraw_report, membership, obj,
         reason=request.POST.get("reason", ""))
    return redirect(AUDIT_PAGES.url("detail", membership.organization.slug, pk))


@require_POST
@org_view("manage_audits")
def auditor_add(request, membership, pk):
    obj = AUDIT_PAGES.get(membership, pk)
    _run(request, "Added to the team.", services.add_auditor, membership, obj,
         person_id=_int(request.POST.get("person")), role=request.POST.get("role", "auditor"))
    return redirect(AUDIT_PAGES.url("detail", membership.organization.slug, pk) + "#h-team")


@require_POST
@org_view("manage_audits")
def auditor_edit(request, membership, pk, auditor_pk):
    obj = AUDIT_PAGES.get(membership, pk)
    auditor = Auditor.objects.for_org(membership.organization).filter(audit=obj, pk=auditor_pk).select_related(
        "person", "audit").first()
    if auditor is None:
        raise Http404
    if request.POST.get("action") == "remove":
        _run(request, f"{auditor.person.name} removed from the team.", services.remove_auditor, membership, auditor)
    else:
        data = {k: request.POST[k] for k in ("justification", "role") if k in request.POST}
        _run(request, "Saved.", services.update_auditor, membership, auditor, data,
             version=_int(request.POST.get("version")))
    return redirect(AUDIT_PAGES.url("detail", membership.organization.slug, pk) + "#h-team")


@org_view()
def checklist(request, membership, pk):
    """The checklist: each clause and control in scope with the catalog's guidance, the evidence to sample and
    the result with the objective evidence seen; a finding can be raised from an item's result (10.2). A fixed
    number of queries for any scope."""
    audit = AUDIT_PAGES.get(membership, pk)
    slug = membership.organization.slug
    items = list(audit.items.all())
    chosen = {}
    for item_id, evidence_id in AuditItem.evidence.through.objects.filter(
            audititem__audit=audit).values_list("audititem_id", "evidence_id"):
        chosen.setdefault(item_id, set()).add(evidence_id)
    may = audit.status in (AuditStatus.IN_PROGRESS, AuditStatus.REPORTING) and services.may_record(membership, audit)
    token = get_token(request)
    for item in items:
        item.html = checklist_html.item_html(
            item, org_slug=slug, audit_id=audit.pk, csrf=token, may_record=may, chosen=chosen.get(item.pk, set()),
            finding_url=hooks.finding_link(slug, item))
    return render(request, "audits/checklist.html", {
        **AUDIT_PAGES.context(membership, audit), "audit": audit, "items": items, "may_record": may,
        "may_regenerate": can(membership, "manage_audits") and audit.status in services.OPEN})


@require_POST
@org_view()
def item_result(request, membership, pk, item_pk):
    audit = AUDIT_PAGES.get(membership, pk)
    item = audit.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    ids = [_int(v) for v in request.POST.getlist("evidence")]
    allowed = {e["id"] for e in item.to_sample} | set(item.evidence.values_list("pk", flat=True))
    extra = [_int(v) for v in request.POST.get("other_evidence", "").replace(",", " ").split() if v]
    data = {"result": request.POST.get("result", ""), "notes": request.POST.get("notes", ""),
            "evidence_ids": sorted({i for i in ids if i in allowed} | set(extra))}
    _run(request, f"{item.ref}: result saved.", services.record_result, membership, item, data,
         version=_int(request.POST.get("version")))
    return redirect(reverse("audits:checklist", args=[membership.organization.slug, pk]) + f"#item-{item.pk}")


@require_POST
@org_view("manage_audits")
def regenerate(request, membership, pk):
    audit = AUDIT_PAGES.get(membership, pk)
    _run(request, "Checklist regenerated; results kept.", services.regenerate, membership, audit)
    return redirect(reverse("audits:checklist", args=[membership.organization.slug, pk]))
