"""Certification readiness (ISO/IEC 42001 9.2, 9.3; the conformity assessment of a certification audit).

Scoring: a conforming clause counts 1 and a partially conforming one 0.5, a clause in conflict, needing review or
with an open nonconformity 0 (:mod:`forty2.controls.clauses`); an implemented control counts 1 and a partially
implemented one 0.5; a control excluded with a justification is decided but not conforming: it leaves the count
(and when every Annex A control is excluded, they all count 0); everything else 0. A group's score
is its mean ×100; the overall score is the mean over every clause and control. Blockers are what would stop
certification, each with where it is fixed: missing mandatory records, an SoA not approved (or changed since),
undecided controls, exclusions without justification, expired evidence, and what other apps register with
:func:`register_blockers` (open major nonconformities, risk coverage). The stage 1 list
(:mod:`forty2.controls.stage1`) is computed from the same clause rows.
"""

import datetime as dt
from collections import OrderedDict
from dataclasses import asdict, dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from forty2.evidence.models import Evidence

from . import checks as clause_checks
from . import clauses as clause_rules
from . import findings_hook
from . import stage1 as stage1_list
from .models import ImplementationStatus, SoAEntry
from .services import approval_state, ensure_soa

CLAUSE_SCORE = {"conforming": 1.0, "partial": 0.5}
CONTROL_SCORE = {ImplementationStatus.IMPLEMENTED: 1.0, ImplementationStatus.PARTIAL: 0.5}
#: the order blockers are listed in (the dashboard shows the first five)
PRIORITY = {code: n for n, code in enumerate(("open_major_nc", "soa_not_approved", "soa_undecided",
                                              "exclusion_without_justification", "soa_changed_since_approval",
                                              "expired_evidence", "missing_record", "control_check_failed"))}
EXTRA_BLOCKERS = []  # functions (org) -> [Blocker] registered by other apps (audits: open major NCs)


def register_blockers(source) -> None:
    EXTRA_BLOCKERS.append(source)


@dataclass
class Blocker:
    code: str
    message: str
    ref: str
    fix_url: str


def control_score(applicable, justification, status) -> float | None:
    """An applicable control's implementation score; None for a control excluded with a justification (decided,
    but not conforming: it leaves the score's count); 0 for an undecided one or an unjustified exclusion."""
    if applicable is False:
        return None if (justification or "").strip() else 0.0
    if applicable is None:
        return 0.0
    return CONTROL_SCORE.get(status, 0.0)


def _pct(values) -> int:
    return round(100 * sum(values) / len(values)) if values else 0


def compute(org) -> dict:
    """``{"score", "groups": [{"ref", "title", "kind", "score", "items"}], "blockers": [{code, message, ref,
    fix_url}], "stage1": [{key, title, clauses, state, detail, fix_url}]}`` (:mod:`forty2.controls.stage1`)."""
    return _run(org, with_stage1=True)


def _run(org, *, with_stage1: bool) -> dict:
    """Every check, fix link and blocker of one call share one context (:func:`forty2.controls.checks.sharing`):
    each shared fact is read once, so the SQL statements do not grow with the number of rows."""
    ensure_soa(org)
    state = approval_state(org)
    ctx = {"soa_approved": state.approval is not None, "soa_stale": state.stale}
    with clause_checks.sharing(org, ctx):
        return _compute(org, state, ctx, with_stage1=with_stage1)


def _compute(org, state, ctx: dict, *, with_stage1: bool = True) -> dict:
    slug = org.slug
    soa_url = reverse("controls:soa", args=[slug])
    blockers: list[Blocker] = []
    groups: OrderedDict[str, list] = OrderedDict()
    everything = []

    rows = clause_rules.clause_rows(org, ctx)
    for row in rows:
        value = CLAUSE_SCORE.get(row.status_value, 0.0)
        groups.setdefault(row.group, []).append(value)
        everything.append(value)
        for result in row.gaps:
            if result.check.code == "approved_soa":
                continue  # the SoA's own blockers below say it better
            fix = result.check.fix(org) if result.check.fix else reverse("controls:clause", args=[slug, row.ref])
            blockers.append(Blocker("missing_record", f"{row.ref} {row.requirement.title} — {result.gap}", row.ref,
                                    fix))

    entries = list(SoAEntry.objects.for_org(org).values_list("ref", "requirement_id", "applicable", "justification",
                                                             "status"))
    open_ncs = clause_checks.shared(org, "controls.nonconforming", lambda: findings_hook.nonconforming(org))
    undecided = []
    # an SoA that excludes every Annex A control has nothing to certify: its exclusions count 0, not "decided"
    all_excluded = all(applicable is False for _r, requirement_id, applicable, _j, _s in entries if requirement_id)
    for ref, requirement_id, applicable, justification, status in entries:
        value = control_score(applicable, justification, status)
        if value is None and requirement_id and all_excluded:
            value = 0.0
        if applicable and ref in open_ncs:
            value = 0.0  # a control with an open nonconformity is not implemented until it is closed (10.2)
        if applicable and requirement_id and clause_checks.CHECKS.get(ref):
            failed = [r for r in clause_rules.control_checks(org, ref, ctx) if not r.ok]
            for result in failed:
                fix = result.check.fix(org) if result.check.fix else reverse("controls:entry", args=[slug, ref])
                blockers.append(Blocker("control_check_failed", f"{ref} — {result.gap}", ref, fix))
            if failed:
                value = 0.0  # an applicable control whose records say otherwise is not implemented, whatever is set
        group = ".".join(ref.split(".")[:2]) if requirement_id else "own"
        if value is not None:
            groups.setdefault(group, []).append(value)
            everything.append(value)
        if applicable is None:
            undecided.append(ref)
        elif applicable is False and not (justification or "").strip():
            blockers.append(Blocker("exclusion_without_justification", f"{ref} is excluded without a "
                                    "justification (6.1.3 f).", ref,
                                    reverse("controls:entry", args=[slug, ref])))
    if undecided:
        blockers.append(Blocker("soa_undecided", f"{len(undecided)} control(s) not yet decided in the SoA "
                                f"({', '.join(undecided[:5])}{' …' if len(undecided) > 5 else ''}).", "6.1.3",
                                soa_url + "?applicable=undecided"))
    if state.approval is None:
        blockers.append(Blocker("soa_not_approved", "The Statement of Applicability has never been approved "
                                "(6.1.3 f).", "6.1.3", soa_url))
    elif state.stale:
        blockers.append(Blocker("soa_changed_since_approval", "The SoA changed since its last approved version; "
                                "review the differences and approve it again.", "6.1.3",
                                reverse("controls:versions", args=[slug]) + "?a=approved&b=current"))

    today = timezone.localdate()
    expired = (Evidence.objects.for_org(org).filter(valid_until__lt=today)
               .annotate(n=Count("links")).filter(n__gt=0).values_list("pk", "title", "valid_until")[:50])
    for pk, title, valid_until in expired:
        blockers.append(Blocker("expired_evidence", f"Evidence ‘{title}’ expired on {valid_until.isoformat()}.",
                                f"evidence:{pk}", reverse("evidence:detail", args=[slug, pk])))
    for source in EXTRA_BLOCKERS:
        blockers.extend(source(org))

    blockers.sort(key=lambda b: PRIORITY.get(b.code, len(PRIORITY)))  # stable: clause order within a code
    if not with_stage1:
        return {"score": _pct(everything), "blockers": blockers}
    stage1 = stage1_list.items(org, rows, soa_approved=ctx["soa_approved"], soa_stale=state.stale,
                               open_major=[b for b in blockers if b.code == "open_major_nc"])
    titles = _group_titles()
    return {
        "score": _pct(everything),
        "groups": [{"ref": ref, "title": titles.get(ref, "Own controls" if ref == "own" else ""),
                    "kind": "control_group" if ref.startswith("A.") or ref == "own" else "clause",
                    "score": _pct(values), "items": len(values)} for ref, values in groups.items()],
        "blockers": [asdict(b) for b in blockers],
        "stage1": [{"key": i.key, "title": i.title, "clauses": list(i.refs), "state": i.state,
                    "detail": i.detail, "fix_url": i.fix_url} for i in stage1],
    }


def summary(org) -> tuple[int, int]:
    """``(score, number of blockers)`` for the portfolio's readiness column: the same checks, blockers and score as
    :func:`compute`, in the same fixed number of SQL statements whatever the number of rows (no stage 1 list, no
    group titles)."""
    r = _run(org, with_stage1=False)
    return r["score"], len(r["blockers"])


_TITLES: dict[str, str] = {}


def _group_titles() -> dict[str, str]:
    if not _TITLES:
        from forty2.catalog.models import Requirement

        _TITLES.update(Requirement.objects.filter(framework__slug="iso-iec-42001-2023", depth=0)
                       .values_list("ref", "title"))
        _TITLES.update(Requirement.objects.filter(framework__slug="iso-iec-42001-2023", kind="control_group")
                       .values_list("ref", "title"))
    return _TITLES


def expiring_evidence(org, days: int = 30):
    """Evidence that expires within ``days`` (warnings before it becomes a blocker)."""
    today = timezone.localdate()
    return (Evidence.objects.for_org(org).filter(valid_until__gte=today,
                                                 valid_until__lte=today + dt.timedelta(days=days))
            .order_by("valid_until"))

