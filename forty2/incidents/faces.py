"""How the records kit's API routes and pages reach concerns and AI incidents (ISO/IEC 42001 A.3.3, A.8.3, A.8.4):
one :class:`~forty2.records.routes.Access` and one :class:`~forty2.records.pages.RecordPages` per type, with the
sections of their pages (the steps, the reporter's identity for those who handle concerns, the Art. 73 panel)."""

from django.urls import reverse
from django.utils import timezone

from forty2.records import io as kit_io
from forty2.records.definition import link_label
from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access
from forty2.records.schemas import output
from forty2.tenancy.access import require
from forty2.tenancy.roles import can

from . import access as identity
from . import reporting, services
from .definitions import CONCERN, INCIDENT

_concern_out = output(CONCERN)


def concern_out(obj) -> dict:
    """A concern in the API: the reporter's identity only when the caller handles concerns (the list and read
    routes say so on the object); a create or change answers with it withheld."""
    identity.shown(obj, getattr(obj, "identity_visible", False))
    return _concern_out(obj)


class ConcernAccess(Access):
    def export(self, rt, membership, filters: dict, fmt: str) -> bytes:
        """The export withholds the reporter's identity from everyone who does not handle concerns."""
        from forty2.records import filters as kit_filters

        require(membership, "export_records")
        visible = identity.handles_concerns(membership)
        qs = kit_filters.apply(rt, self.queryset(membership.organization), filters)
        return kit_io.export_bytes(rt, [identity.shown(c, visible) for c in qs], fmt, link_text=self.link_text)


CONCERN_ACCESS = ConcernAccess(
    queryset=lambda org: CONCERN.model.objects.for_org(org).select_related("owner", "ai_system"),
    create=services.create_concern, update=services.update_concern, out=concern_out)

INCIDENT_ACCESS = Access(
    queryset=lambda org: INCIDENT.model.objects.for_org(org).select_related("owner"),
    create=services.create_incident, update=services.update_incident)


def _steps(flow, membership, obj, url_name):
    return [{"name": t.name, "label": t.label, "note_required": t.note_required,
             "url": reverse(url_name, args=[membership.organization.slug, obj.pk, t.name])}
            for t in flow.available(membership, obj)]


def concern_sections(membership, obj) -> list[Section]:
    visible = identity.handles_concerns(membership)
    return [
        Section("incidents/_steps.html", {
            "steps": _steps(services.CONCERN_FLOW, membership, obj, "incidents:concern_step"),
            "obj": obj, "state": services.CONCERN_FLOW.label(obj.status)}),
        Section("incidents/_reporter.html", {
            "reporter": identity.reporter_text(obj, visible), "visible": visible, "obj": obj,
            "received_at": obj.received_at, "triage_due": obj.triage_due, "has_code": bool(obj.code_digest),
            "answered_at": obj.answered_at, "triage_overdue": bool(
                obj.status == "received" and obj.triage_due and obj.triage_due < timezone.localdate())}),
    ]


def incident_sections(membership, obj) -> list[Section]:
    panel = reporting.panel(obj)
    risks = [{"title": getattr(r, link_label(type(r))), "due": r.reassessment_due,
              "url": reverse("risk:risk_detail", args=[membership.organization.slug, r.pk])}
             for r in obj.risks.all()]
    return [
        Section("incidents/_steps.html", {"steps": _steps(services.INCIDENT_FLOW, membership, obj,
                                                          "incidents:incident_step"),
                                          "obj": obj, "state": services.INCIDENT_FLOW.label(obj.status)}),
        Section("incidents/_art73.html", panel),
        Section("incidents/_risks.html", {"risks": risks, "may_edit": can(membership, "edit_record", obj)}),
    ]


CONCERN_PAGES = RecordPages(
    CONCERN, CONCERN_ACCESS, "incidents", name="concern", title="Concerns", noun="concern", nav="incidents",
    tabs="incidents/_tabs.html", intro="Concerns about the organisation's AI raised by anyone, reports from "
    "external parties and complaints, with their triage, owner, outcome and answer (ISO/IEC 42001 A.3.3, A.8.3).",
    columns=("kind", "status", "owner", "triage_due"), sections=concern_sections)

INCIDENT_PAGES = RecordPages(
    INCIDENT, INCIDENT_ACCESS, "incidents", name="incident", title="AI incidents", noun="AI incident",
    nav="incidents", tabs="incidents/_tabs.html", intro="What went wrong with an AI system, its harm, the response "
    "and, for a high-risk system, the EU AI Act Art. 73 reporting deadline (ISO/IEC 42001 A.8.4).",
    columns=("severity", "status", "aware_on", "owner"), sections=incident_sections)
