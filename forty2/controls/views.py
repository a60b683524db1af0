"""Pages of the SoA, the clause assessment and readiness (ISO/IEC 42001 6.1.3 f, 9.1); writes go through
:mod:`forty2.controls.services` and :mod:`forty2.controls.clauses`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from forty2.catalog import inference
from forty2.catalog import services as catalog_services
from forty2.catalog.models import ConformityStatus, Framework, Requirement
from forty2.catalog.work import AIMS_FRAMEWORK, frameworks_in_use
from forty2.core.errors import Forty2Error, StaleVersion
from forty2.core.queries import org_events
from forty2.core.spreadsheets import ImportFailed
from forty2.evidence.services import linked_to, not_linked_to
from forty2.inventory.models import AISystem
from forty2.records import forms as record_forms
from forty2.records.forms import people_choices, record_form
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors

from . import clauses, findings_hook, queries, readiness, register_rules, services
from .definitions import SOA_ENTRY
from .importexport import export_soa, import_iso27001_soa
from .models import ImplementationStatus, SoAEntry, SoAVersion

LEGAL_FRAMEWORK = "eu-ai-act-2024-1689"  # legal requirements offered as justification links on the page
OwnControlForm = record_form(SOA_ENTRY)
AnnexEntryForm = record_form(SOA_ENTRY, exclude=("ref", "title"))
for _form in (OwnControlForm, AnnexEntryForm):  # <input type="date"> reads ISO dates only (kit: see report)
    _form.base_fields["last_reviewed"].widget.format = "%Y-%m-%d"


@org_view()
def soa(request, membership):
    org = membership.organization
    state = {k: request.GET.get(k, "").strip() for k in ("applicable", "status", "group", "q", "suggestion")}
    rows = queries.attach(org, list(queries.entries(org, strict=False, **{k: v or None for k, v in state.items()})))
    soa_obj = services.ensure_soa(org, membership.user)
    frozen = services.frozen_entries(org)
    approval = services.approval_state(org, frozen)
    last = SoAVersion.objects.for_org(org).select_related("approved_by").first()
    changes = services.changes_since_approved(org, frozen, last) if last else None
    counts = {"undecided": 0, "pending": 0}
    for applicable, suggestion_state in SoAEntry.objects.for_org(org).values_list("applicable", "suggestion_state"):
        counts["undecided"] += applicable is None
        counts["pending"] += suggestion_state == "pending"
    groups = list(Requirement.objects.filter(framework__slug=services.ISO42001, kind="control_group")
                  .order_by("position").values_list("ref", "title"))
    return render(request, "controls/soa.html", {
        "rows": rows, "state": state, "soa": soa_obj, "approval": approval, "last": last, "changes": changes,
        "counts": counts, "groups": groups, "shared": services.shared_justifications(frozen),
        "contradicted": register_rules.contradictions(org, frozen),
        "statuses": ImplementationStatus.choices, "nav_active": "controls",
        "may_approve": can(membership, "approve"), "may_create": can(membership, "create_record"),
        "may_import": can(membership, "import_records"), "any_filter": any(state.values())})


def _entry(membership, ref):
    try:
        return queries.entry(membership.organization, ref)
    except SoAEntry.DoesNotExist:
        raise Http404 from None


def _version(request) -> int:
    try:
        return int(request.POST["version"])
    except (KeyError, TypeError, ValueError):
        return -1


@org_view()
def entry(request, membership, ref):
    """One control: its decision, implementation, justification links, evidence and history; edited in place
    with a field-level merge (records.forms.edit: a change someone else saved meanwhile is kept)."""
    org = membership.organization
    e = _entry(membership, ref)
    may_edit = can(membership, "edit_record", e)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied("Your role may only edit controls you own.")

    def save(data, version, base, resolved):
        return services.update_entry(membership, e, data, version=version, base=base, resolved=resolved)

    def reload():
        return _entry(membership, ref)

    edit = record_forms.edit(request, SOA_ENTRY, OwnControlForm if e.own else AnnexEntryForm, e, save,
                             reload=reload, organization=org)
    if edit.saved:
        messages.success(request, "Changes saved." if edit.changed else "Nothing changed.")
        return redirect("controls:entry", org=org.slug, ref=edit.saved.ref)
    record_forms.explain_stale(edit, SOA_ENTRY, reload)
    e = edit.form.instance  # after a merge, the entry as saved now
    requirement = e.requirement
    return render(request, "controls/entry.html", {
        "e": e, "form": edit.form, "edit": edit, "may_edit": may_edit, "nav_active": "controls",
        "requirement": requirement,
        "evidence": linked_to(org, "soa_entry", e.pk), "other_evidence": not_linked_to(org, "soa_entry", e.pk),
        "may_link": can(membership, "create_record"),
        "systems": AISystem.objects.for_org(org).filter(archived_at__isnull=True).order_by("name").only("pk", "name"),
        # the EU AI Act and every other framework the organisation uses (its ISO/IEC 27001, …): no API needed
        "legal": Requirement.objects.filter(Q(framework__slug=LEGAL_FRAMEWORK) | Q(
            framework_id__in=frameworks_in_use(org)), assessable=True).exclude(framework__slug=AIMS_FRAMEWORK)
        .select_related("framework").order_by("framework__position", "position")
        .only("pk", "ref", "title", "framework__short_name", "framework__name"),
        "checks": [(r, r.check.fix(org) if r.check.fix else "") for r in clauses.control_checks(org, e.ref)]
        if e.requirement_id else [],
        "findings": findings_hook.findings(org, e.ref), "nonconforming": e.ref in findings_hook.nonconforming(org),
        "history": org_events(org, object_type="soaentry", object_id=e.pk)[:30]})


@org_view("create_record")
def entry_new(request, membership):
    org = membership.organization
    form = OwnControlForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            e = services.create_own_control(membership, form.service_data())
            messages.success(request, f"{e.ref} added to the SoA.")
            return redirect("controls:entry", org=org.slug, ref=e.ref)
        except Forty2Error as exc:
            add_service_errors(form, exc)
    return render(request, "controls/entry_new.html", {"form": form, "nav_active": "controls"})


@org_view()
def entry_action(request, membership, ref, action):
    """POST: confirm or reject a suggestion, link or unlink a justification, answer a register contradiction."""
    if request.method != "POST":
        return redirect("controls:entry", org=membership.organization.slug, ref=ref)
    e = _entry(membership, ref)
    try:
        if action == "confirm":
            services.confirm_suggestion(membership, e)
            messages.success(request, "Suggestion confirmed and applied.")
        elif action == "reject":
            services.reject_suggestion(membership, e, request.POST.get("note", ""))
            messages.success(request, "Suggestion rejected.")
        elif action == "link":
            object_id = int(request.POST.get("object_id") or 0)
            services.link_justification(membership, e, request.POST.get("record_type", ""), object_id,
                                        request.POST.get("note", ""))
            messages.success(request, "Justification linked.")
        elif action == "unlink":
            services.unlink_justification(membership, e, int(request.POST.get("link_id") or 0))
            messages.success(request, "Link removed.")
        elif action == "answer-contradiction":
            services.answer_contradiction(membership, e, request.POST.get("justification", ""))
            messages.success(request, "Answer recorded: the exclusion no longer blocks the SoA's approval.")
            return redirect("controls:soa", org=membership.organization.slug)
        else:
            raise Http404
    except ValueError:
        messages.error(request, "Choose what to link.")
    except Forty2Error as exc:
        messages.error(request, exc.message)
    return redirect("controls:entry", org=membership.organization.slug, ref=ref)


@org_view("approve")
def approve(request, membership):
    org = membership.organization
    if request.method == "POST":
        try:
            v = services.approve_soa(membership, note=request.POST.get("note", ""),
                                     soa_version=_int(request.POST.get("soa_version")))
            messages.success(request, f"SoA version {v.number} approved and frozen.")
        except Forty2Error as exc:
            messages.error(request, exc.message)
    return redirect("controls:soa", org=org.slug)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@org_view()
def versions(request, membership):
    org = membership.organization
    items = list(SoAVersion.objects.for_org(org).select_related("approved_by"))
    a, b = request.GET.get("a", "approved"), request.GET.get("b", "current")
    differences, error = None, None
    if items:
        try:
            differences = services.compare(services.version_entries(org, a), services.version_entries(org, b))
        except Forty2Error as exc:
            error = exc.message
    return render(request, "controls/versions.html", {"items": items, "a": a, "b": b, "differences": differences,
                                                      "error": error, "nav_active": "controls"})


@org_view("export_records")
def export(request, membership):
    data, content_type, name = export_soa(membership, request.GET.get("format", "csv") if request.GET.get(
        "format") in ("csv", "xlsx") else "csv")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@org_view("import_records")
def import_27001(request, membership):
    org = membership.organization
    result, problems = None, []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [{"row": None, "message": "Choose a .csv or .xlsx file."}]
        else:
            try:
                result = import_iso27001_soa(membership, upload, upload.name,
                                             dry_run=bool(request.POST.get("dry_run")))
                if not result.dry_run:
                    messages.success(request, result.summary())
                    return redirect(f"/o/{org.slug}/controls/?suggestion=pending")
            except ImportFailed as exc:
                problems = exc.problems
            except Forty2Error as exc:
                problems = [{"row": None, "message": exc.message}]
    return render(request, "controls/import.html", {"result": result, "problems": problems,
                                                    "nav_active": "controls"})


# --- clauses --------------------------------------------------------------------------------------------------

@org_view()
def clause_list(request, membership):
    org = membership.organization
    rows = clauses.clause_rows(org)
    fw = Framework.objects.get(slug=services.ISO42001)
    pending = sum(1 for i in inference.compute(org, framework=fw)
                  if i.state == "pending" and i.target.kind == "clause")
    return render(request, "controls/clauses.html", {"rows": rows, "pending": pending, "nav_active": "controls"})


class ClauseForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ConformityStatus.choices, widget=forms.RadioSelect,
                               help_text="Where the organisation stands on this clause (9.1 evaluation).")
    note = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="How the clause is met or what is missing; where an auditor finds it.")
    owner = forms.ChoiceField(label="Owner", required=False, help_text="Who answers for this clause (5.3).")


@org_view()
def clause(request, membership, ref):
    org = membership.organization
    try:
        row = clauses.clause_row(org, ref)
    except Requirement.DoesNotExist:
        raise Http404 from None
    a = row.assessment
    initial = {"status": row.assessed_value, "note": row.note, "owner": a.owner.email if a.owner_id else ""}
    form = ClauseForm(request.POST or None, initial=initial)
    form.fields["owner"].choices = people_choices(org, a.owner)
    may_edit = can(membership, "edit_record", a)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("You may assess only clauses you own.")
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("status", "note")}
            data["owner"] = form.cleaned_data["owner"] or None
            try:
                clauses.update_clause(membership, ref, data, version=_version(request))
                messages.success(request, "Clause assessment saved.")
                return redirect("controls:clause", org=org.slug, ref=ref)
            except StaleVersion:
                form.add_error(None, "Someone else changed this assessment meanwhile; reload to see it.")
            except Forty2Error as exc:
                add_service_errors(form, exc)
    pending = [i for i in inference.for_requirement(org, row.requirement) if i.state == "pending"]
    return render(request, "controls/clause.html", {
        "row": row, "form": form, "may_edit": may_edit, "pending": pending, "nav_active": "controls",
        "findings": findings_hook.findings(org, ref),
        "evidence": linked_to(org, clauses.EVIDENCE_TYPE, a.pk), "may_link": can(membership, "create_record"),
        "other_evidence": not_linked_to(org, clauses.EVIDENCE_TYPE, a.pk)})


@org_view("create_record")
def clause_inference(request, membership, ref, action):
    """POST: confirm or reject a status inferred for the clause from another framework (the catalog's services)."""
    org = membership.organization
    if request.method == "POST" and action in ("confirm", "reject"):
        target = clauses.clauses().filter(ref=ref).first()
        source = Requirement.objects.select_related("framework").filter(
            framework__slug=request.POST.get("from_framework", ""), ref=request.POST.get("from_ref", "")).first()
        if target is None:
            raise Http404
        if source is None:
            messages.error(request, "That inference no longer exists.")
        else:
            try:
                if action == "confirm":
                    catalog_services.confirm_inference(membership, target, source=source)
                    messages.success(request, "Inferred status confirmed.")
                else:
                    catalog_services.reject_inference(membership, target, source=source)
                    messages.success(request, "Inferred status rejected.")
            except Forty2Error as exc:
                messages.error(request, exc.message)
    return redirect("controls:clause", org=org.slug, ref=ref)


@org_view()
def readiness_page(request, membership):
    org = membership.organization
    return render(request, "controls/readiness.html", {"r": readiness.compute(org), "nav_active": "controls",
                                                       "expiring": readiness.expiring_evidence(org)})
