"""The consultant's portfolio: one row per organisation the person belongs to (ISO/IEC 42001 9.1 monitoring and
9.3 inputs to management review, seen across organisations).

:func:`rows` gives, for every active membership of a user, the organisation's phase, readiness score, stage 1
blockers, next certification date and overdue items, plus the columns other apps register with
:func:`forty2.web.registry.register_portfolio_figures`. The page (``/``), ``GET /api/v1/portfolio`` and the weekly
digest all read these rows.

Definitions:

- **phase**: the certification's status (:func:`forty2.certification.status.summary`); while still planning, the
  first phase of the project plan not yet done (:func:`forty2.planning.plan.view`), e.g. "Documentation".
- **readiness** and **blockers**: the score of :func:`forty2.controls.readiness.compute` and the number of its
  stage 1 items not done (:mod:`forty2.controls.stage1`: what a certification body would stop at).
- **next date**: before a certificate, the plan's expected certification date; once certified (or suspended),
  the next surveillance or recertification audit due.
- **overdue**: the person's own My work items in that organisation whose due date has passed
  (:mod:`forty2.tenancy.work`): overdue reviews, approvals, actions, reminders — what *this* person should do.

Figures are computed once per organisation and kept in the cache keyed by the newest event of the organisation's
audit chain and today's date: any write (every write is audited) or a new day recomputes them, so a portfolio of
fifty organisations reads fifty cached rows after one query on the chain heads (``CACHE_SECONDS`` bounds the rest).

An organisation that admits single sign-on only, opened from a session signed in otherwise, is listed with its
name and the person's role, its figures withheld (``masked``), as on the rest of the site.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from forty2.certification import status as certification_status
from forty2.certification.models import CertificationStatus
from forty2.controls import readiness
from forty2.controls.stage1 import DONE
from forty2.core.audit import chain_for_id
from forty2.core.models import ChainHead
from forty2.planning import plan as plans
from forty2.tenancy import work
from forty2.tenancy.access import sso_refusal
from forty2.tenancy.models import Membership
from forty2.web import registry

#: the registered figure this module computes itself (readiness), so it is not computed twice
OWN_FIGURES = {"readiness"}
#: the orderings the page and the API accept: key -> (label, sort key of a row, descending by default)
SORTS = {
    "name": ("Organisation", lambda r: (r.organization.name.lower(),), False),
    "readiness": ("Readiness", lambda r: (r.readiness is None, -(r.readiness or 0), r.organization.name.lower()),
                  False),
    "next_date": ("Next date", lambda r: (r.next_date is None, r.next_date or dt.date.max,
                                          r.organization.name.lower()), False),
    "overdue": ("Overdue", lambda r: (r.overdue is None, -(r.overdue or 0), r.organization.name.lower()), False),
    "blockers": ("Blockers", lambda r: (r.blockers is None, -(r.blockers or 0), r.organization.name.lower()),
                 False),
}
#: how long an organisation's figures are kept at most; they are recomputed at once whenever its audit chain grows
#: (every write is audited) or the day changes, so this bounds only what an unaudited change could leave stale
CACHE_SECONDS = 600
BEFORE_CERTIFICATE = (CertificationStatus.PLANNING, CertificationStatus.STAGE1, CertificationStatus.STAGE2)
PHASE_LABELS = dict(CertificationStatus.choices)


@dataclass
class Row:
    """One organisation of the portfolio; every figure is None when ``masked``."""

    membership: Membership
    masked: bool = False
    phase: str | None = None  # "planning", "certified", …
    phase_label: str | None = None  # "Documentation", "Certified", …
    readiness: int | None = None
    blockers: int | None = None  # stage 1 items not done
    blocker_items: list = field(default_factory=list)  # [{"title", "state", "fix_url"}]
    next_date: dt.date | None = None
    next_label: str | None = None  # "Expected certification", "Surveillance audit 1", …
    overdue: int | None = None
    overdue_items: list = field(default_factory=list)  # [Overdue]
    figures: list = field(default_factory=list)  # values of the registered columns, in column order

    @property
    def organization(self):
        return self.membership.organization

    @property
    def url(self) -> str:
        return reverse("web:dashboard", args=[self.organization.slug])


def memberships_of(user) -> list[Membership]:
    return list(Membership.objects.active().filter(user=user).select_related("organization", "user")
                .order_by("organization__name"))


def _phase_and_next(org, today) -> tuple[str, str, dt.date | None, str | None]:
    """(phase, its label, next date, what the date is) from the certification and, before it, the plan."""
    summary = certification_status.summary(org, today)
    phase = summary["phase"]
    if phase in BEFORE_CERTIFICATE:
        view = plans.view(org)
        label = PHASE_LABELS.get(phase, phase)
        if phase == CertificationStatus.PLANNING:
            current = next((p for p in view["phases"] if p.state != "done"), None)
            label = current.label if current else "Awaiting decision"
        return phase, label, view["expected_certification"], "Expected certification"
    nxt = summary["next_due"]
    return phase, PHASE_LABELS.get(phase, phase), nxt["due"] if nxt else None, nxt["label"] if nxt else None


@dataclass(frozen=True)
class Overdue:
    """One of the person's overdue My work items, as the portfolio and the digest show it."""

    title: str
    due: dt.date
    url: str


def _chain_heads(organizations) -> dict[int, int]:
    """{organisation id: sequence number of its audit chain's newest event}, in one query."""
    chains = {chain_for_id(org.pk): org.pk for org in organizations}
    return {chains[chain]: seq for chain, seq in
            ChainHead.objects.filter(chain__in=chains).values_list("chain", "seq")}


def _keys(membership, heads, today) -> tuple[str, str]:
    """Cache keys of an organisation's figures and of the member's own overdue work, as of its chain's head."""
    head = heads.get(membership.organization_id, 0)
    return (f"portfolio:org:{membership.organization_id}:{head}:{today}",
            f"portfolio:work:{membership.pk}:{head}:{today}")


def _org_figures(org, today) -> dict:
    """The organisation's own figures (the same for every member): readiness, stage 1, phase and next date."""
    r = readiness.compute(org)
    open_items = [i for i in r["stage1"] if i["state"] != DONE]
    phase, phase_label, next_date, next_label = _phase_and_next(org, today)
    return {"readiness": r["score"], "blockers": len(open_items),
            "blocker_items": [{"title": i["title"], "state": i["state"], "fix_url": i["fix_url"]}
                              for i in open_items],
            "phase": phase, "phase_label": phase_label, "next_date": next_date, "next_label": next_label}


def columns() -> list[str]:
    """Labels of the registered columns shown after the portfolio's own."""
    return [label for entry in registry.portfolio_figures() if entry.key not in OWN_FIGURES for label in entry.labels]


def rows(user, request=None, *, memberships=None, sort: str = "name", today=None) -> list[Row]:
    """The portfolio of ``user``: one :class:`Row` per active membership, ordered by ``sort`` (a key of
    :data:`SORTS`). With ``request``, an organisation whose single sign-on rule refuses that session is masked
    (a cron job has no session and masks nothing). A token's request passes ``memberships=[its membership]``."""
    today = today or timezone.localdate()
    memberships = memberships_of(user) if memberships is None else memberships
    out = [Row(m, masked=bool(request is not None and sso_refusal(request, m.organization))) for m in memberships]
    shown = [r.organization for r in out if not r.masked]
    figures = [(entry, entry.figures(shown)) for entry in registry.portfolio_figures()
               if entry.key not in OWN_FIGURES]  # each app fills its columns for every row in one query
    heads = _chain_heads(shown)
    keys = {r.membership.pk: _keys(r.membership, heads, today) for r in out if not r.masked}
    cached = cache.get_many([k for pair in keys.values() for k in pair])
    fresh = []
    for row in out:
        org = row.organization
        if row.masked:
            row.figures = [None for entry, _by in figures for _label in entry.labels]
            continue
        row.figures = [n for entry, by_org in figures for n in by_org.get(org.pk, (0,) * len(entry.labels))]
        org_key, own_key = keys[row.membership.pk]
        if org_key not in cached:
            cached[org_key] = _org_figures(org, today)
            fresh.append(row)
        if own_key not in cached:
            cached[own_key] = [Overdue(i.title, i.due, i.url) for i in work.items_for([row.membership])
                               if i.due is not None and i.due < today]
            fresh.append(row)
        for name, value in cached[org_key].items():
            setattr(row, name, value)
        row.overdue_items = cached[own_key]
        row.overdue = len(row.overdue_items)
    if fresh:  # keyed by the chain as it is now: computing may have written (a first SoA, clause assessments)
        heads = _chain_heads([r.organization for r in fresh])
        cache.set_many({new: cached[old] for row in fresh
                        for old, new in zip(keys[row.membership.pk], _keys(row.membership, heads, today),
                                            strict=True)}, CACHE_SECONDS)
    key = SORTS.get(sort, SORTS["name"])[1]
    return sorted(out, key=key)
