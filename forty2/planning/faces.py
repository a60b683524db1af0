"""How the records kit's API routes and pages reach planned changes (ISO/IEC 42001 6.3): one
:class:`~forty2.records.routes.Access` and one :class:`~forty2.records.pages.RecordPages`, with the page's section
(the steps and the approval)."""

from django.urls import reverse

from forty2.records import approvals
from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access
from forty2.records.schemas import output

from . import changes
from .definitions import PLANNED_CHANGE

_base = output(PLANNED_CHANGE)


def _shape(obj, state) -> dict:
    data = _base(obj)
    data["approval_state"] = state.word
    data["approved_at"] = state.approval.approved_at if state.approval else None
    return data


def out_many(objs) -> list[dict]:
    """A page of changes with their approval state, in one query for the page's approvals."""
    found = approvals.states(changes.RT, objs, changes.approved_content)
    return [_shape(o, found[o.pk]) for o in objs]


ACCESS = Access(
    queryset=lambda org: PLANNED_CHANGE.model.objects.for_org(org).select_related(
        "owner", "review_action", "nonconformity__finding", "risk"),
    create=changes.create_change, update=changes.update_change, out_many=out_many)


def sections(membership, obj) -> list[Section]:
    state = changes.approval_state(obj)
    steps = [{"name": t.name, "label": t.label, "note_required": t.note_required,
              "url": reverse("planning:change_step", args=[membership.organization.slug, obj.pk, t.name])}
             for t in changes.CHANGE_FLOW.available(membership, obj)
             if t.name != "approve" or changes.may_approve(membership, obj)]
    return [Section("planning/_change_steps.html", {
        "steps": steps, "obj": obj, "state": changes.CHANGE_FLOW.label(obj.status), "approval": state,
        "four_eyes": obj.status == "proposed" and not changes.may_approve(membership, obj)})]


PAGES = RecordPages(
    PLANNED_CHANGE, ACCESS, "planning", name="change", title="Planned changes", noun="planned change",
    nav="plan", tabs="planning/_tabs.html",
    intro="Changes to the AI management system, planned before they are made: purpose, potential consequences, "
          "resources, responsibilities, an approval by someone other than the author, and the review decision, "
          "nonconformity or risk that caused them (ISO/IEC 42001 6.3).",
    columns=("status", "owner", "planned_on"), sections=sections)
