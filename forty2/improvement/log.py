"""The continual-improvement log (ISO/IEC 42001 10.1), declared once for the records kit, with its faces: one
:class:`~forty2.records.routes.Access`, one :class:`~forty2.records.pages.RecordPages` and the sections of an
entry's page (its status steps, where it came from). docs/architecture.md, "Adding a record type".

An entry's source is an opportunity-for-improvement finding, a management review decision, a closed nonconformity
(the lesson learnt), a suggestion or something else; the first and third are added by the records they come from
(:mod:`forty2.improvement.log_services`) and link to them."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from forty2.core.errors import Forty2Error, InvalidInput
from forty2.records.definition import Field, RecordType
from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access
from forty2.records.schemas import output
from forty2.web.decorators import org_view

from . import log_services
from .models import Improvement

IMPROVEMENT = RecordType(
    model=Improvement, name="improvement", label="Improvement", plural="Improvements", archivable=True,
    default_ordering="-created_at", extra_orderings=("created_at", "updated_at", "id"),
    fields=[
        Field("title", "Title", "What is improved, in a line.", required=True, sort=True, search=True),
        Field("status", "Status", "Proposed, planned, in progress, done or rejected; changed by the steps on the "
              "entry's page.", read_only=True, filter=True, sort=True),
        Field("source", "Source", "Where it came from: an opportunity for improvement, a management review "
              "decision, a closed nonconformity (added by those records), a suggestion or other.", filter=True,
              sort=True, widget="radio"),
        Field("source_note", "Source in words", "For a review decision: which review and which decision; for a "
              "suggestion: who suggested it."),
        Field("description", "Description", "What changes and why (10.1).", rows=4, search=True),
        Field("owner", "Owner", "Who carries it out; needed to plan it."),
        Field("due_on", "Due on", "When it should be done; needed to plan it.", sort=True),
        Field("benefit", "Expected benefit", "What it should improve in the AI management system or its "
              "results.", rows=3),
        Field("benefit_seen", "Benefit seen", "What it did improve; needed to mark it done.", rows=3),
        Field("done_on", "Done on", read_only=True, sort=True),
    ],
    fieldsets=[
        ("The improvement", "What is improved and where it came from (10.1).",
         ["title", "description", "source", "source_note"]),
        ("Plan", "Who, by when, and the benefit expected.", ["owner", "due_on", "benefit"]),
        ("Result", "The benefit seen once it is done.", ["benefit_seen"]),
    ],
    example={"title": "Add drift alerts to the triage model's dashboard", "source": "suggestion",
             "benefit": "Drift seen within a day instead of at the monthly review"},
)

_out = output(IMPROVEMENT)


def improvement_out(obj) -> dict:
    """An entry in the API: the definition's fields, the finding and nonconformity it came from, and whether it
    is overdue."""
    data = _out(obj)
    data["finding"] = obj.finding_id
    data["nonconformity"] = obj.nonconformity_id
    data["overdue"] = is_overdue(obj)
    return data


def is_overdue(obj, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(obj.status in log_services.OPEN and obj.due_on and obj.due_on < today)


ACCESS = Access(
    queryset=lambda org: Improvement.objects.for_org(org).select_related("owner"),
    create=lambda membership, data, **initial: log_services.create_improvement(membership, data, **initial),
    update=lambda membership, obj, data, **kw: log_services.update_improvement(membership, obj, data, **kw),
    out=improvement_out)


def _url(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the nonconformity pages are another part of the app, added on their own
        return ""


def sections(membership, obj) -> list[Section]:
    from forty2.tenancy.roles import can

    org = membership.organization
    steps = [{"name": t.name, "label": t.label, "note_required": t.note_required,
              "url": reverse("improvement_log:improvement_step", args=[org.slug, obj.pk, t.name])}
             for t in log_services.IMPROVEMENT_FLOW.available(membership, obj)] if obj.archived_at is None else []
    origin = {"finding": None, "nonconformity": None}
    if obj.finding_id:
        finding = obj.finding
        origin["finding"] = {"title": finding.title, "kind": finding.get_kind_display(),
                             "ref": finding.requirement_ref,
                             "url": _url("improvement:finding_detail", org.slug, finding.pk)}
    if obj.nonconformity_id:
        origin["nonconformity"] = {"state": obj.nonconformity.get_state_display(),
                                   "url": _url("improvement:nonconformity_detail", org.slug, obj.nonconformity_id)}
    return [
        Section("improvement/log_steps.html", {
            "steps": steps, "obj": obj, "state": log_services.IMPROVEMENT_FLOW.label(obj.status),
            "overdue": is_overdue(obj), "may_edit": can(membership, "edit_record", obj)}),
        Section("improvement/log_origin.html", {"obj": obj, **origin}),
    ]


PAGES = RecordPages(
    IMPROVEMENT, ACCESS, "improvement_log", name="improvement", title="Improvement log", noun="improvement",
    nav="improvement",
    intro="The continual-improvement log: what is being improved in the AI management system, where it came from "
          "(opportunities, management review decisions, closed nonconformities, suggestions), who carries it out "
          "by when, and the benefit expected and seen (ISO/IEC 42001 10.1).",
    columns=("status", "source", "owner", "due_on"), sections=sections)


@require_POST
@org_view()
def step(request, membership, pk, step):
    """A status step from the entry's page (a POST with the version read)."""
    obj = PAGES.get(membership, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        log_services.improvement_step(membership, obj, step, version=version, note=request.POST.get("note", ""))
    except Forty2Error as exc:
        messages.error(request, " ".join(e["msg"] for e in exc.errors) if isinstance(exc, InvalidInput)
                       else exc.message)
    else:
        messages.success(request, f"Improvement ‘{obj}’: {log_services.IMPROVEMENT_FLOW.get(step).past}.")
    return redirect(PAGES.url("detail", membership.organization.slug, pk))


# --- the URLs: this module is the URLconf of ``/o/<org>/improvements/`` (forty2/urls.py) ----------------------------

app_name = "improvement_log"


def _urlpatterns() -> list:
    from forty2.records import pages

    from . import loop

    return [path("<int:pk>/step/<str:step>", step, name="improvement_step"), *pages.urls(PAGES),
            *loop.urlpatterns()]


urlpatterns = _urlpatterns()
