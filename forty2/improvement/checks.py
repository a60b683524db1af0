"""What findings and nonconformities let clause 10.2 and readiness see (ISO/IEC 42001 10.2). Content, not
existence, as a certification auditor reads it:

- something was looked for: a completed audit or a recorded finding (an organisation that never looked has
  nothing to show, and does not pass);
- no nonconformity is late at any step (correction, cause analysis, a corrective action, the verification), so no
  major nonconformity is open past its due dates;
- every closed nonconformity has its correction, a structured root cause, the 10.2 b answer, at least one done
  corrective action and an effective verification by someone other than the action owners and the finding's
  author.

Readiness: every open major nonconformity is a blocker until it is closed."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from .models import ActionStatus, CorrectiveAction, Finding, FindingKind, NCState, Nonconformity
from .services import ACTIONS_ALLOWED, ACTIVE_ACTION, OPEN_NC, late_steps


def _list_url(org) -> str:
    return reverse("improvement:nonconformity_list", args=[org.slug])


def _nc_url(org, pk) -> str:
    return reverse("improvement:nonconformity_detail", args=[org.slug, pk])


def looked_for(org) -> bool:
    """A completed audit, or at least one finding of any kind."""
    from forty2.audits.models import Audit, AuditStatus

    return Finding.objects.for_org(org).exists() or \
        Audit.objects.for_org(org).filter(status=AuditStatus.COMPLETED).exists()


def _actions_by_nc(org, ncs) -> dict:
    """{nonconformity id: [corrective action]} of ``ncs`` (a queryset: one query, even when it holds none)."""
    by_nc: dict[int, list] = {}
    for a in CorrectiveAction.objects.for_org(org).filter(nonconformity__in=ncs.values("pk")):
        by_nc.setdefault(a.nonconformity_id, []).append(a)
    return by_nc


def late(org, today=None) -> list[tuple]:
    """(nonconformity, [(step, due)]) of every open nonconformity with a late step (three queries)."""
    today = today or timezone.localdate()
    # only the open nonconformities with a step past its due date are read (the same test as late_steps, in SQL)
    late_action = CorrectiveAction.objects.filter(organization=org, nonconformity=OuterRef("pk"),
                                                  status__in=ACTIVE_ACTION, due_on__lt=today)
    found = (Nonconformity.objects.for_org(org).filter(state__in=OPEN_NC)
             .annotate(late_action=Exists(late_action))
             .filter(Q(state=NCState.OPEN, correction_due__lt=today)
                     | Q(state__in=(NCState.OPEN, NCState.CORRECTED), analysis_due__lt=today)
                     | Q(state__in=ACTIONS_ALLOWED, late_action=True)
                     | Q(state=NCState.VERIFYING, verification_due__lt=today)))
    ncs = list(found.select_related("finding"))
    by_nc = _actions_by_nc(org, found)
    out = []
    for nc in ncs:
        steps = late_steps(nc, by_nc.get(nc.pk, []), today)
        if steps:
            out.append((nc, steps))
    return out


def closure_problems(nc, actions, raised_by_id) -> list[str]:
    """What a closed nonconformity lacks, in words (empty when its closure holds)."""
    problems = []
    if not nc.correction.strip():
        problems.append("no correction")
    root = nc.root_cause or {}
    if not (nc.cause_method and (root.get("whys") or root.get("categories")) and nc.cause_summary.strip()):
        problems.append("no structured root cause")
    if nc.similar_elsewhere is None or not nc.similar_note.strip():
        problems.append("no answer on similar nonconformities elsewhere (10.2 b)")
    if not any(a.status == ActionStatus.DONE for a in actions):
        problems.append("no done corrective action")
    owners = {a.owner_id for a in actions if a.owner_id}
    if not (nc.effective and nc.verified_by_id and nc.verification_note.strip()):
        problems.append("no effective verification")
    elif nc.verified_by_id in owners or nc.verified_by_id == raised_by_id:
        problems.append("verified by an action owner or by whoever raised it")
    return problems


def badly_closed(org) -> list[tuple]:
    """(nonconformity, [problem]) of every closed nonconformity whose closure does not hold (three queries)."""
    closed = Nonconformity.objects.for_org(org).filter(state=NCState.CLOSED)
    ncs = list(closed.select_related("finding"))
    by_nc = _actions_by_nc(org, closed)
    out = []
    for nc in ncs:
        problems = closure_problems(nc, by_nc.get(nc.pk, []), nc.finding.raised_by_id)
        if problems:
            out.append((nc, problems))
    return out


def problems(org) -> list[dict]:
    """Why 10.2 does not pass, each ``{"text", "url"}`` (empty when it does)."""
    out = []
    if not looked_for(org):
        out.append({"text": "Nothing was looked for: no audit is completed and no finding is recorded, so there "
                            "is no sign that nonconformities are found and handled.", "url": _list_url(org)})
    for nc, steps in late(org):
        what = "; ".join(f"{step} due {due.isoformat()}" for step, due in steps)
        out.append({"text": f"{nc.reference} ‘{nc}’ is late: {what}.", "url": _nc_url(org, nc.pk)})
    for nc, missing in badly_closed(org):
        out.append({"text": f"{nc.reference} ‘{nc}’ was closed with {', '.join(missing)}.",
                    "url": _nc_url(org, nc.pk)})
    return out


def _first_url(found, org) -> str:
    return _nc_url(org, found[0][0].pk) if found else _list_url(org)


def _shared_late(org) -> list[tuple]:
    """:func:`late`, once per readiness call (its check and its fix link read it)."""
    from forty2.controls.checks import shared

    return shared(org, "improvement.late", lambda: late(org))


def _shared_badly_closed(org) -> list[tuple]:
    """:func:`badly_closed`, once per readiness call."""
    from forty2.controls.checks import shared

    return shared(org, "improvement.badly_closed", lambda: badly_closed(org))


def _shared_looked_for(org) -> bool:
    from forty2.controls.checks import shared

    return shared(org, "improvement.looked_for", lambda: looked_for(org))


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    register("10.2", Check("nonconformities", "Evidence that nonconformities are looked for: a completed audit or "
                                              "a recorded finding (nothing was looked for yet)",
                           lambda org, ctx: _shared_looked_for(org), _list_url))
    register("10.2", Check("nonconformities_on_time", "Nonconformities handled on time: no correction, cause "
                                                      "analysis, corrective action or verification overdue, no major "
                                                      "nonconformity open past its due dates",
                           lambda org, ctx: not _shared_late(org), lambda org: _first_url(_shared_late(org), org)))
    register("10.2", Check("nonconformities_closed_properly", "Closed nonconformities with their correction, "
                                                              "structured root cause, 10.2 b answer, a done "
                                                              "corrective action and an independent effective "
                                                              "verification",
                           lambda org, ctx: not _shared_badly_closed(org),
                           lambda org: _first_url(_shared_badly_closed(org), org)))


def open_major_blockers(org) -> list:
    """Readiness: an open major nonconformity stops certification until it is closed."""
    from forty2.controls.readiness import Blocker

    return [Blocker("open_major_nc", f"Open major nonconformity {nc.reference}: ‘{nc.finding.title}’ "
                                     f"({NCState(nc.state).label.lower()}).",
                    nc.finding.requirement_ref or "10.2", _nc_url(org, nc.pk))
            for nc in Nonconformity.objects.for_org(org).filter(severity=FindingKind.MAJOR_NC, state__in=OPEN_NC)
            .select_related("finding").order_by("created_at", "id")]
