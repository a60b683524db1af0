"""How the records kit's API routes and pages reach audit programmes and audits (ISO/IEC 42001 9.2.1, 9.2.2), with
the sections of their pages: the steps, the approval, the programme's coverage table, the audit's team and a
summary of its checklist. An external auditor reaches only the audits whose team they are on (:class:`AuditPages`,
:class:`AuditAccess`)."""

import contextvars

from django.urls import reverse
from django.utils import timezone

from forty2.people.models import Person
from forty2.records import filters as kit_filters
from forty2.records import io as kit_io
from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access
from forty2.tenancy.access import require
from forty2.tenancy.roles import can

from . import scope, services
from .definitions import AUDIT, AUDIT_PROGRAMME
from .models import Audit, AuditItem, AuditKind, AuditorRole, AuditProgramme, AuditStatus, ItemResult

#: the member whose pages are being drawn (an external auditor's lists and pages are narrowed to their audits)
_VIEWER = contextvars.ContextVar("audits_viewer", default=None)

NC_RESULTS = frozenset({"minor_nc", "major_nc"})


def _audits(org):
    qs = Audit.objects.for_org(org).select_related("owner", "programme", "supplier")
    viewer = _VIEWER.get()
    return services.visible(viewer, qs) if viewer is not None else qs


class AuditAccess(Access):
    def export(self, rt, membership, filters: dict, fmt: str) -> bytes:
        require(membership, "export_records")
        qs = kit_filters.apply(rt, services.visible(membership, self.queryset(membership.organization)), filters)
        return kit_io.export(membership, rt, qs, fmt, link_text=self.link_text)


PROGRAMME_ACCESS = Access(
    queryset=lambda org: AuditProgramme.objects.for_org(org).select_related("owner"),
    create=services.create_programme, update=services.update_programme)

AUDIT_ACCESS = AuditAccess(queryset=_audits, create=services.create_audit, update=services.update_audit,
                           rules=services.AuditRules)


def _steps(flow, membership, obj, url_name):
    return [{"name": t.name, "label": t.label, "note_required": t.note_required,
             "url": reverse(url_name, args=[membership.organization.slug, obj.pk, t.name])}
            for t in flow.available(membership, obj)]


# --- the programme's coverage (9.2.2) ---------------------------------------------------------------------------

def coverage(programme) -> dict:
    """Per clause and per Annex A group: the latest completed internal audit whose checklist had an item for it,
    with its result; gaps are those never audited within the programme's period or last found nonconforming.
    Two queries whatever the number of audits."""
    org_id = programme.organization_id
    rows = list(AuditItem.objects.filter(
        organization_id=org_id, audit__status=AuditStatus.COMPLETED, audit__kind=AuditKind.INTERNAL,
        audit__archived_at__isnull=True).exclude(result="")
        .order_by("-audit__completed_at", "-audit_id", "position")
        .values("ref", "result", "audit_id", "audit__title", "audit__completed_at"))
    planned = list(Audit.objects.filter(organization_id=org_id, programme=programme, archived_at__isnull=True)
                   .exclude(status=AuditStatus.CANCELLED).values("scope_clauses", "scope_controls"))
    planned_refs = {r for a in planned for r in [*a["scope_clauses"], *a["scope_controls"]]}
    planned_groups = {scope.group_of(r) for r in planned_refs if r.startswith("A.")}
    labels = dict(ItemResult.choices)
    worst = ["not_applicable", "conforming", "ofi", "observation", "minor_nc", "major_nc"]

    def line(ref, title, found, is_planned):
        if not found:
            return {"ref": ref, "title": title, "audit": None, "result": "", "result_label": "Never audited",
                    "gap": True, "planned": is_planned, "why": "never audited"}
        when = found["audit__completed_at"]
        in_period = when is not None and programme.period_start <= timezone.localdate(when) <= programme.period_end
        nc = found["result"] in NC_RESULTS
        return {"ref": ref, "title": title, "audit": found["audit__title"], "audit_id": found["audit_id"],
                "when": when, "result": found["result"], "result_label": labels.get(found["result"], ""),
                "gap": nc or not in_period, "planned": is_planned,
                "why": "nonconformity" if nc else ("" if in_period else "not audited in the period")}

    latest_by_ref, by_group = {}, {}
    for r in rows:
        latest_by_ref.setdefault(r["ref"], r)
        if r["ref"].startswith("A."):
            group = scope.group_of(r["ref"])
            held = by_group.get(group)
            if held is None:
                by_group[group] = dict(r)
            elif held["audit_id"] == r["audit_id"] and worst.index(r["result"]) > worst.index(held["result"]):
                held["result"] = r["result"]  # the group's result in that audit is its worst item's
    clauses = [line(ref, title, latest_by_ref.get(ref), ref in planned_refs) for ref, title in scope.clauses()]
    groups = [line(ref, title, by_group.get(ref), ref in planned_groups) for ref, title in scope.groups()]
    return {"clauses": clauses, "groups": groups, "gaps": sum(1 for x in clauses + groups if x["gap"]),
            "unplanned": [x["ref"] for x in clauses + groups if not x["planned"]]}


def programme_sections(membership, obj) -> list[Section]:
    state = services.programme_approval(obj)
    slug = membership.organization.slug
    audits = list(Audit.objects.for_org(membership.organization).filter(programme=obj)
                  .order_by("planned_start", "id").values("pk", "title", "status", "kind", "planned_start"))
    for a in audits:
        a["url"] = reverse("audits:audit_detail", args=[slug, a["pk"]])
        a["status_label"] = AuditStatus(a["status"]).label
    return [
        Section("audits/_steps.html", {"steps": _steps(services.PROGRAMME_FLOW, membership, obj,
                                                       "audits:programme_step"),
                                       "obj": obj, "state": services.PROGRAMME_FLOW.label(obj.status)}),
        Section("audits/_approval.html", {
            "obj": obj, "state": state, "what": "programme", "may_approve": services.may_approve_programme(
                membership, obj),
            "may_withdraw": can(membership, "approve") and state.approval is not None,
            "approve_url": reverse("audits:programme_approve", args=[slug, obj.pk]),
            "withdraw_url": reverse("audits:programme_withdraw", args=[slug, obj.pk])}),
        Section("audits/_programme_audits.html", {"audits": audits, "new_url": reverse("audits:audit_create",
                                                                                       args=[slug])}),
        Section("audits/_coverage.html", coverage(obj)),
    ]


# --- an audit's page --------------------------------------------------------------------------------------------

def audit_sections(membership, obj) -> list[Section]:
    slug = membership.organization.slug
    state = services.report_approval(obj)
    auditors = list(obj.auditors.select_related("person", "person__department"))
    manage = can(membership, "manage_audits") and obj.status in services.OPEN
    for a in auditors:
        a.edit_url = reverse("audits:auditor_edit", args=[slug, obj.pk, a.pk])
    items = list(obj.items.all())
    counts = {}
    for i in items:
        counts[i.result] = counts.get(i.result, 0) + 1
    people = []
    if manage:
        taken = {a.person_id for a in auditors}
        people = [p for p in Person.objects.for_org(membership.organization).filter(archived_at__isnull=True)
                  .order_by("name") if p.pk not in taken]
    return [
        Section("audits/_steps.html", {"steps": _steps(services.AUDIT_FLOW, membership, obj, "audits:audit_step"),
                                       "obj": obj, "state": services.AUDIT_FLOW.label(obj.status)}),
        Section("audits/_team.html", {
            "obj": obj, "auditors": auditors, "manage": manage, "people": people, "roles": AuditorRole.choices,
            "add_url": reverse("audits:auditor_add", args=[slug, obj.pk])}),
        Section("audits/_checklist_summary.html", {
            "obj": obj, "total": len(items), "open": counts.get("", 0),
            "counts": [(label, counts[v]) for v, label in ItemResult.choices if v and counts.get(v)],
            "url": reverse("audits:checklist", args=[slug, obj.pk])}),
        Section("audits/_approval.html", {
            "obj": obj, "state": state, "what": "report",
            "may_approve": obj.status in (AuditStatus.REPORTING, AuditStatus.COMPLETED)
            and services.may_approve_report(membership, obj),
            "may_withdraw": can(membership, "approve") and state.approval is not None,
            "approve_url": reverse("audits:report_approve", args=[slug, obj.pk]),
            "withdraw_url": reverse("audits:report_withdraw", args=[slug, obj.pk])}),
    ]


class AuditPages(RecordPages):
    """The kit's pages, narrowed for an external auditor to the audits whose team they are on."""

    def _as(self, membership, method, *args, **kwargs):
        token = _VIEWER.set(membership)
        try:
            return method(*args, **kwargs)
        finally:
            _VIEWER.reset(token)

    def list_view(self, request, membership):
        return self._as(membership, super().list_view, request, membership)

    def get(self, membership, pk, *, include_archived=True):
        return self._as(membership, super().get, membership, pk, include_archived=include_archived)


PROGRAMME_PAGES = RecordPages(
    AUDIT_PROGRAMME, PROGRAMME_ACCESS, "audits", name="programme", title="Audit programmes",
    noun="audit programme", nav="internal_audit", tabs="audits/_tabs.html",
    intro="The internal audit programme over a period: how often, how, by whom and against what the AIMS is "
          "audited, and which clauses and Annex A groups were audited when (ISO/IEC 42001 9.2.2).",
    columns=("period_start", "period_end", "status", "owner"), sections=programme_sections)

AUDIT_PAGES = AuditPages(
    AUDIT, AUDIT_ACCESS, "audits", name="audit", title="Audits", noun="audit", nav="internal_audit",
    tabs="audits/_tabs.html",
    intro="Internal, supplier and certification audits: scope, team with its impartiality check, checklist with "
          "results and objective evidence, conclusion and approved report (ISO/IEC 42001 9.2.1).",
    columns=("kind", "status", "planned_start", "owner"), sections=audit_sections)
