"""What the audit programme and audits let the clause checks see (ISO/IEC 42001 9.2.1, 9.2.2). Content, not
existence: an approved programme covering today whose planned audits cover every clause and Annex A group in
scope within its period; an internal audit completed within twelve months with an approved report, every item
with a result and every flagged auditor justified. Certification audits are not internal audits; nothing Forty2
creates by default passes (a new programme is a draft without approval)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from forty2.controls.models import SoAEntry
from forty2.records import approvals

from . import scope, services
from .definitions import AUDIT, AUDIT_PROGRAMME
from .models import Audit, AuditKind, Auditor, AuditProgramme, AuditStatus, ProgrammeStatus

WINDOW_DAYS = 366


def _in_scope_groups(org) -> set:
    """The Annex A groups with at least one control the SoA does not exclude (all of them before decisions)."""
    excluded = set(SoAEntry.objects.for_org(org).filter(applicable=False).values_list("ref", flat=True))
    return {scope.group_of(ref) for ref, _t in scope.controls() if ref not in excluded}


def programme_problems(org, today=None) -> list[str]:
    """Why 9.2.2 does not pass, in words (empty when it does)."""
    today = today or timezone.localdate()
    programmes = list(AuditProgramme.objects.for_org(org).filter(
        status=ProgrammeStatus.ACTIVE, archived_at__isnull=True, period_start__lte=today, period_end__gte=today))
    if not programmes:
        return ["No active audit programme covers today."]
    states = approvals.states(AUDIT_PROGRAMME.name, programmes, services.programme_content)
    approved = [p for p in programmes if states[p.pk].approved]
    if not approved:
        return [f"The audit programme ‘{programmes[0]}’ is not approved (or changed since it was approved)."]
    best = None
    for programme in approved:
        audits = Audit.objects.for_org(org).filter(programme=programme, archived_at__isnull=True,
                                                   kind=AuditKind.INTERNAL).exclude(status=AuditStatus.CANCELLED)
        refs = set()
        for a in audits.values("scope_clauses", "scope_controls", "planned_start", "planned_end"):
            start, end = a["planned_start"], a["planned_end"] or a["planned_start"]
            if start is not None and (start < programme.period_start or (end and end > programme.period_end)):
                continue
            refs |= {*a["scope_clauses"], *a["scope_controls"]}
        missing = [ref for ref, _t in scope.clauses() if ref not in refs]
        groups = {scope.group_of(r) for r in refs if r.startswith("A.")}
        missing += sorted(_in_scope_groups(org) - groups, key=lambda g: int(g.split(".")[1]))
        if best is None or len(missing) < len(best[1]):
            best = (programme, missing)
    programme, missing = best
    if missing:
        return [f"The audits planned in ‘{programme}’ within its period do not cover: {', '.join(missing)}."]
    return []


def programme_in_place(org, ctx) -> bool:
    """9.2.2: an approved, active programme covering today plans audits of every clause and Annex A group."""
    return not programme_problems(org)


def audit_problems(org, today=None) -> list[str]:
    """Why 9.2.1 does not pass, in words (empty when it does)."""
    now = timezone.now()
    audits = list(Audit.objects.for_org(org).filter(
        kind=AuditKind.INTERNAL, status=AuditStatus.COMPLETED, archived_at__isnull=True,
        completed_at__gte=now - dt.timedelta(days=WINDOW_DAYS)).prefetch_related("items").order_by("-completed_at"))
    if not audits:
        return ["No internal audit was completed in the last twelve months (certification audits do not count)."]
    states = approvals.states(AUDIT.name, audits, services.report_content, kind=services.REPORT)
    unjustified = set(Auditor.objects.filter(audit__in=audits).exclude(flags=[]).filter(justification="")
                      .values_list("audit_id", flat=True))
    problems = []
    for audit in audits:
        mine = []
        if not states[audit.pk].approved:
            mine.append("its report is not approved (or changed since)")
        if any(not i.result for i in audit.items.all()) or not audit.items.all():
            mine.append("not every checklist item has a result")
        if audit.pk in unjustified:
            mine.append("a flagged auditor has no justification")
        if not mine:
            return []
        problems.append(f"‘{audit}’: {'; '.join(mine)}.")
    return problems


def audit_done(org, ctx) -> bool:
    """9.2.1: an internal audit completed in the last twelve months with an approved report, impartial or
    justified auditors and a result on every item."""
    return not audit_problems(org)


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    register("9.2.2", Check("audit_programme", "An approved audit programme covering today, planning audits of "
                                               "every clause and Annex A group", programme_in_place,
                            lambda org: reverse("audits:programme_list", args=[org.slug])))
    register("9.2.1", Check("internal_audit", "An internal audit completed in the last twelve months with an "
                                              "approved report", audit_done,
                            lambda org: reverse("audits:audit_list", args=[org.slug])))
