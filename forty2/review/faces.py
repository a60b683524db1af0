"""How the records kit's API routes and pages reach management reviews, their attendees and actions (ISO/IEC 42001
9.3): one :class:`~forty2.records.routes.Access` and one :class:`~forty2.records.pages.RecordPages` per type, with
the sections of a review's page (the steps, attendance, the actions, the outputs' approval and the input pack)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from forty2.core.errors import Forty2Error
from forty2.records import approvals
from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access
from forty2.records.schemas import output
from forty2.tenancy.roles import can
from forty2.web.forms import add_service_errors

from . import services
from .definitions import ACTION, ATTENDEE, REVIEW
from .models import ReviewAction, ReviewActionStatus, ReviewAttendee, ReviewStatus

_review_base = output(REVIEW)


def reviews_out(objs) -> list[dict]:
    """Reviews in the API, with the approval state of their outputs (one query for the page)."""
    objs = list(objs)
    found = {}
    if objs:
        from forty2.records.models import Approval

        found = {a.object_id: a for a in Approval.objects.select_related("approved_by").filter(
            organization_id=objs[0].organization_id, record_type=REVIEW.name, kind=services.OUTPUTS,
            withdrawn_at__isnull=True, object_id__in=[o.pk for o in objs])}
    out = []
    for obj in objs:
        data = _review_base(obj)
        approval = found.get(obj.pk)
        data["outputs_approved_by"] = approval.approved_by.email if approval and approval.approved_by else None
        data["outputs_approved_at"] = approval.approved_at if approval else None
        data["outputs_approval"] = "none" if approval is None else "approved"
        out.append(data)
    return out


def _reviews_out_checked(objs) -> list[dict]:
    """As :func:`reviews_out`, telling a stale approval apart (outputs changed since): two queries per review
    shown alone, used for a single record."""
    out = reviews_out(objs)
    for data, obj in zip(out, objs, strict=True):
        if data["outputs_approval"] == "approved":
            data["outputs_approval"] = services.outputs_state(obj).word
    return out


REVIEW_ACCESS = Access(
    queryset=lambda org: REVIEW.model.objects.for_org(org).select_related("chair", "previous"),
    create=services.create_review, update=services.update_review,
    out_many=lambda objs: _reviews_out_checked(objs) if len(objs) == 1 else reviews_out(objs))

ATTENDEE_ACCESS = Access(
    queryset=lambda org: ReviewAttendee.objects.for_org(org).select_related("review", "person"),
    create=services.create_attendee, update=services.update_attendee, delete=services.delete_attendee)

ACTION_ACCESS = Access(
    queryset=lambda org: ReviewAction.objects.for_org(org).select_related("review", "owner", "improvement"),
    create=services.create_action, update=services.update_action, delete=services.delete_action)


# --- the review's page --------------------------------------------------------------------------------------------

def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{_label(k).lower()}: {_text(v)}" for k, v in value.items()) or "none"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value) or "none"
    return str(value)


def pack_rows(pack: dict) -> list[dict]:
    """The pack in words for the page: one block per 9.3.2 input, each a list of (label, value) rows."""
    from .pack import INPUTS

    blocks = []
    for key, title in INPUTS.items():
        section = pack.get(key) or {}
        rows = []
        for name, value in section.items():
            if isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values()):
                for sub, subvalue in value.items():
                    rows.append((f"{_label(name)}: {_label(sub).lower()}", _text(subvalue)))
            else:
                rows.append((_label(name), _text(value)))
        blocks.append({"key": key, "title": title, "rows": rows})
    return blocks


def review_sections(membership, obj) -> list[Section]:
    org = membership.organization
    attendees = list(ReviewAttendee.objects.for_org(org).filter(review=obj).select_related("person").order_by(
        "-top_management", "id"))
    actions = list(ReviewAction.objects.for_org(org).filter(review=obj).select_related("owner", "improvement")
                   .order_by("due_on", "id"))
    today = timezone.localdate()
    steps = [{"name": t.name, "label": t.label, "note_required": t.note_required,
              "url": reverse("review:review_step", args=[org.slug, obj.pk, t.name])}
             for t in services.REVIEW_FLOW.available(membership, obj)]
    state = approvals.state(REVIEW.name, obj, services.outputs_of(obj, attendees, actions), kind=services.OUTPUTS)
    may_edit = obj.status != ReviewStatus.CANCELLED and can(membership, "edit_record", obj)
    pack, frozen = services.shown_pack(obj)
    problems = services.outputs_problems(obj, actions) if obj.status == ReviewStatus.HELD else []
    return [
        Section("review/_steps.html", {
            "obj": obj, "steps": steps, "state": services.REVIEW_FLOW.label(obj.status),
            "top_management": any(a.top_management and a.attended for a in attendees)}),
        Section("review/_attendees.html", {
            "obj": obj, "attendees": attendees, "may_edit": may_edit,
            "add_url": reverse("review:review_attendee_create", args=[org.slug]) + f"?review={obj.pk}"}),
        Section("review/_actions.html", {
            "obj": obj, "may_edit": may_edit and obj.status == ReviewStatus.HELD,
            "actions": [{"a": a, "overdue": a.status == ReviewActionStatus.OPEN and a.due_on and a.due_on < today,
                         "url": reverse("review:review_action_detail", args=[org.slug, a.pk])} for a in actions],
            "add_url": reverse("review:review_action_create", args=[org.slug]) + f"?review={obj.pk}"}),
        Section("review/_approval.html", {
            "obj": obj, "state": state, "problems": [p["msg"] for p in problems],
            "may_approve": (obj.status == ReviewStatus.HELD and not problems
                            and services.may_approve_outputs(membership, obj)),
            "url": reverse("review:review_approve", args=[org.slug, obj.pk])}),
        Section("review/_pack.html", {
            "obj": obj, "frozen": frozen, "blocks": pack_rows(pack), "as_of": pack.get("as_of"),
            "period": pack.get("period") or {},
            "json_url": f"/api/v1/orgs/{org.slug}/management-reviews/{obj.pk}/pack"}),
    ]


class ChildPages(RecordPages):
    """Attendees and actions: the create form starts on the review named by ``?review=``, and a new record
    leads back to its review's page."""

    def create_view(self, request, membership):
        initial = {}
        if request.method != "POST" and request.GET.get("review", "").isdigit():
            initial["review"] = request.GET["review"]
        form = self._form(request.POST or None, membership, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                obj = self.access.do_create(self.rt, membership, form.service_data())
            except Forty2Error as exc:
                add_service_errors(form, exc, aliases=self.error_aliases)
            else:
                messages.success(request, f"{self.noun.capitalize()} ‘{obj}’ added.")
                return redirect("review:review_detail", membership.organization.slug, obj.review_id)
        return render(request, "web/records/form.html", self.context(membership, form=form))


REVIEW_PAGES = RecordPages(
    REVIEW, REVIEW_ACCESS, "review", name="review", title="Management reviews", noun="management review",
    nav="management_review", tabs="review/_tabs.html",
    intro="Top management reviews the AI management system at planned intervals: the "
    "inputs assembled from live data and frozen when the meeting is held, attendance, minutes, decisions and "
    "actions, and the outputs approved (ISO/IEC 42001 9.3).",
    columns=("planned_on", "status", "held_on", "chair"), sections=review_sections)

ATTENDEE_PAGES = ChildPages(
    ATTENDEE, ATTENDEE_ACCESS, "review", name="review_attendee", title="Review attendees", noun="attendee",
    nav="management_review", tabs="review/_tabs.html",
    intro="Who was invited to each management review, who speaks for top management and "
    "who attended (ISO/IEC 42001 9.3.1).", columns=("review", "role", "top_management", "attended"))

ACTION_PAGES = ChildPages(
    ACTION, ACTION_ACCESS, "review", name="review_action", title="Review actions", noun="review action",
    nav="management_review", tabs="review/_tabs.html",
    intro="The decisions and actions of management reviews, each with its owner and due "
    "date (ISO/IEC 42001 9.3.3); an improvement decision is also in the improvement log (10.1).",
    columns=("review", "kind", "owner", "due_on", "status"))
