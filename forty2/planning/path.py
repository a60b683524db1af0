"""The path to certification, for the organisation's overview page and ``GET /api/v1/orgs/{org}/path`` (issue #19
item 9): where the organisation stands — the phase (the certification's once decided, the project plan's before),
the readiness score, the stage 1 items still open and the next certification date — and the next three things to
do, each one click from the page that fixes it.

The next things come in this order: the stage 1 list (:mod:`forty2.controls.stage1`) in the order a
certification body asks; then the other readiness blockers (:mod:`forty2.controls.readiness`) the stage 1 list does
not already name; then the certification audits whose reminder is due (:mod:`forty2.certification.reminders`,
ISO/IEC 17021-1 surveillance and recertification); then the member's own overdue My work items. "Ready" is said
only when none of those is left: the strict checks decide, never a declared status.

A link is given only to a page the member's role may open (the page's ``org_action``); a read-only role gets a
"View" link, a role that may not open the page none. A fixed number of queries whatever the data size (each source
is bounded: see ``tests/planning/test_path_queries.py``)."""

import datetime as dt
from dataclasses import asdict, dataclass

from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from forty2.certification import reminders
from forty2.certification import schedule as cert_schedule
from forty2.certification import status as cert_status
from forty2.certification.models import CertificationStatus
from forty2.controls import readiness as readiness_of
from forty2.controls import stage1 as stage1_list
from forty2.tenancy import work as my_work
from forty2.tenancy.models import Role
from forty2.tenancy.roles import can

from . import plan as plans

SHOWN = 3
CYCLE_REF = "ISO/IEC 17021-1 9.6"  # the certification body's surveillance and recertification cycle

#: why each stage 1 item matters, in our own words (the clauses are the item's own refs)
WHY = {
    "scope": "The certification body reads the scope first: it decides what the certificate covers.",
    "ai_policy": "The AI policy, set by top management, frames every other record of the AIMS.",
    "risk_assessment": "The auditor checks an approved methodology applied to your AI systems' risks.",
    "soa": "The approved Statement of Applicability is the list the Annex A controls are audited against.",
    "treatment_plan": "Every AI risk above the acceptance level needs treatment or a valid acceptance.",
    "impact_assessments": "AI systems whose risk calls for it need an approved, current impact assessment.",
    "objectives": "Measurable AI objectives show the management system is steered.",
    "competence": "People in AIMS roles must be competent, and it must show.",
    "document_control": "Documents in force must be approved, owned and reviewed on time.",
    "internal_audit": "Stage 1 expects an internal audit completed before the external audit.",
    "management_review": "Top management must have reviewed the AIMS before certification.",
    "nonconformities": "An open major nonconformity stops a certification decision.",
}
STATE_WORDS = {stage1_list.MISSING: "Missing", stage1_list.CONFLICT: "Conflict",
               stage1_list.NEEDS_REVIEW: "Needs review by a person"}
CERTIFIED_PHASES = (CertificationStatus.CERTIFIED, CertificationStatus.SUSPENDED)
PHASE_LABELS = dict(CertificationStatus.choices)


@dataclass
class NextItem:
    """One thing to do: ``title`` in plain words, ``detail`` what is missing, ``why`` it matters with the clause
    ``ref``; ``url`` the page that fixes it (None when the member's role may not open it) and ``action`` the
    link's word ("Fix", "Open" or "View")."""

    kind: str  # "stage1" | "blocker" | "certification" | "work"
    title: str
    detail: str
    why: str
    ref: str
    url: str | None
    action: str
    due: dt.date | None = None


def _page_action(url: str) -> str | None:
    """The role action the page at ``url`` requires (its ``org_view``), or None when it is no organisation page."""
    try:
        match = resolve(url.split("#", 1)[0].split("?", 1)[0])
    except Resolver404:
        return None
    return getattr(match.func, "org_action", None)


def link(membership, url: str) -> tuple[str | None, str]:
    """``(url, action word)`` for this member: the fix page itself when the role may open it ("Fix" for those who
    edit any record, "Open" for a contributor, "View" for read-only roles); else the page above it (a list instead
    of its "new" form) when that one may be opened, as "View"; else no link."""
    if not url:
        return None, ""
    action = _page_action(url)
    if action is not None and can(membership, action):
        if can(membership, "edit_any_record"):
            return url, "Fix"
        return url, "Open" if membership.role == Role.CONTRIBUTOR else "View"
    parent = url.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[0] + "/"
    action = _page_action(parent) if len(parent.strip("/").split("/")) > 2 else None  # never the overview itself
    if action is not None and can(membership, action):
        return parent, "View"
    return None, ""


def _stage1_items(membership, stage1) -> list[NextItem]:
    out = []
    for item in stage1:
        if item["state"] == stage1_list.DONE:
            continue
        url, action = link(membership, item["fix_url"])
        ref = ", ".join(item["clauses"]) or "6.1.3"
        out.append(NextItem("stage1", item["title"], f'{STATE_WORDS[item["state"]]}: '
                            f'{_without_prefix(item["detail"])}', WHY.get(item["key"], ""), ref, url, action))
    return out


def _without_prefix(text: str) -> str:
    return text.removeprefix("Missing: ").removeprefix("Needs review: ")


def _other_blockers(membership, blockers, stage1) -> list[NextItem]:
    """Readiness blockers the open stage 1 items do not already name (a blocker on a clause whose stage 1 item
    is done still shows: the list never hides a blocker)."""
    listed = {ref for item in stage1 if item["state"] != stage1_list.DONE for ref in item["clauses"]}
    soa_open = any(item["key"] == "soa" and item["state"] != stage1_list.DONE for item in stage1)
    nc_open = any(item["key"] == "nonconformities" and item["state"] != stage1_list.DONE for item in stage1)
    out = []
    for b in blockers:
        if b["ref"] in listed or (soa_open and b["code"].startswith("soa_")) or \
                (nc_open and b["code"] == "open_major_nc"):
            continue
        url, action = link(membership, b["fix_url"])
        title, _sep, detail = b["message"].partition(" — ")
        if not detail:
            title, detail = "Certification blocker", title
        out.append(NextItem("blocker", title, detail, "Readiness counts it as a blocker to certification.",
                            b["ref"] if not b["ref"].startswith("evidence:") else "7.5.3", url, action))
    return out


def _certification_items(membership, org, today) -> list[NextItem]:
    """The certification audits whose reminder is due (90/30/7 days ahead, or overdue), overdue first."""
    out = []
    page = reverse("certification:overview", args=[org.slug])
    for item, _threshold in sorted(reminders.due_items(org, today), key=lambda pair: pair[0].due):
        left = cert_schedule.days_left(item.due, today)
        detail = (f"{-left} day{'s' if -left != 1 else ''} overdue (due {item.due:%d %b %Y})" if left < 0 else
                  f"Due by {item.due:%d %b %Y}: {left} day{'s' if left != 1 else ''} left")
        url, action = link(membership, page)
        out.append(NextItem("certification", f"Hold the {item.label[0].lower()}{item.label[1:]} with the "
                            "certification body", detail, "The certificate stays valid only while its surveillance "
                            "and recertification audits are held on time.", CYCLE_REF, url, action, item.due))
    return out


def _work_items(membership, work_items) -> list[NextItem]:
    """The member's own overdue My work items (certification reminders are already listed above)."""
    out = []
    for w in work_items:
        if not w.overdue or w.kind == "certification":
            continue
        out.append(NextItem("work", w.title, w.detail or f"Overdue since {w.due:%d %b %Y}",
                            f"Waiting for you in My work since {w.due:%d %b %Y}.", "", w.url or None,
                            "Open" if w.url else "", w.due))
    return out


def _plan_phase(plan_data) -> dict:
    """The first phase of the project plan not done yet, with its state; the last one when every phase is."""
    phases = plan_data["phases"]
    current = next((p for p in phases if p.state != "done"), phases[-1])
    return {"key": current.key, "label": current.label, "state": current.state}


def path(membership, today=None, *, work_items=None) -> dict:
    """Where the organisation stands and the next things to do (see the module's docstring). ``work_items``: the
    member's My work items when the caller has them already."""
    org = membership.organization
    today = today or timezone.localdate()
    summary = cert_status.summary(org, today)
    readiness = readiness_of.compute(org)
    plan_data = plans.view(org)
    stage1 = readiness["stage1"]
    open_stage1 = [i for i in stage1 if i["state"] != stage1_list.DONE]
    certified = summary["phase"] in CERTIFIED_PHASES
    cert_label = PHASE_LABELS.get(summary["phase"], summary["phase"])

    if certified:
        nxt = summary["next_due"]
        if nxt:
            kind = "recertification" if nxt["label"].lower().startswith("recertification") else "surveillance"
            next_date = {"kind": kind, "label": nxt["label"], "date": nxt["due"]}
        else:
            next_date = {"kind": "expiry", "label": "Certificate expires", "date": summary["certificate"]["expires_on"]}
        overdue = next_date["date"] < today
        headline = (f"{cert_label} — {next_date['label'][0].lower()}{next_date['label'][1:]} "
                    f"{'overdue since' if overdue else 'due'} {next_date['date']:%d %b %Y}"
                    if next_date["kind"] != "expiry" else f"{cert_label} — certificate expires "
                                                             f"{next_date['date']:%d %b %Y}")
        phase = {"key": summary["phase"], "label": cert_label, "state": "overdue" if overdue else "current"}
    else:
        plan_phase = _plan_phase(plan_data)
        if summary["phase"] in (CertificationStatus.STAGE1, CertificationStatus.STAGE2):
            phase = {"key": summary["phase"], "label": f"{cert_label} audit", "state": "under way"}
        else:
            phase = plan_phase
        next_date = {"kind": "expected_certification", "label": "Expected certification",
                     "date": plan_data["expected_certification"]}
        before = ("" if summary["phase"] == CertificationStatus.PLANNING else
                  f"Certificate {cert_label.lower()} — ")
        headline = (f"{before}{phase['label']} ({phase['state']}) — certification expected "
                    f"{next_date['date']:%d %b %Y}" + ("" if plan_data["saved"] else " (estimate: no plan saved)"))

    if work_items is None:
        work_items = my_work.items_for([membership])
    candidates = (_stage1_items(membership, stage1) + _other_blockers(membership, readiness["blockers"], stage1)
                  + _certification_items(membership, org, today) + _work_items(membership, work_items))
    items = candidates[:SHOWN]
    ready = not open_stage1 and not readiness["blockers"]
    done_message, done_url = "", None
    if ready:
        done_url, _a = link(membership, reverse("certification:overview", args=[org.slug]))
        if certified:
            done_message = "Every readiness check passes." + ("" if candidates else " Nothing else is open.")
        elif summary["phase"] in (CertificationStatus.STAGE1, CertificationStatus.STAGE2):
            done_message = f"Every readiness check passes; the {cert_label.lower()} audit is under way."
        else:
            done_message = ("Ready for stage 1: every readiness check passes. Book the stage 1 audit with your "
                            "certification body.")
    return {
        "certified": certified,
        "ready": ready,
        "headline": headline,
        "phase": phase,
        "readiness": readiness["score"],
        "blockers": len(open_stage1),
        "stage1_total": len(stage1),
        "readiness_blockers": len(readiness["blockers"]),
        "next_date": next_date,
        "items": [asdict(i) for i in items],
        "more": len(candidates) - len(items),
        "done_message": done_message,
        "done_url": done_url,
        "readiness_url": reverse("controls:readiness", args=[org.slug]),
        "plan_url": reverse("planning:plan", args=[org.slug]),
    }


def panel(request, membership) -> dict:
    """The overview page's first panel: everyone who may see the overview sees it."""
    return {"path": path(membership), "org": membership.organization}
