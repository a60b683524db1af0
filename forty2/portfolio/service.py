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

An organisation that admits single sign-on only, opened from a session signed in otherwise, is listed with its
name and the person's role, its figures withheld (``masked``), as on the rest of the site.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from forty2.certification import status as certification_status
from forty2.certification.models import CertificationStatus
from forty2.controls import readiness
from forty2.controls.stage1 import DONE
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
    overdue_items: list = field(default_factory=list)  # [WorkItem]
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
    for row in out:
        org = row.organization
        if row.masked:
            row.figures = [None for entry, _by in figures for _label in entry.labels]
            continue
        row.figures = [n for entry, by_org in figures for n in by_org.get(org.pk, (0,) * len(entry.labels))]
        r = readiness.compute(org)
        row.readiness = r["score"]
        open_items = [i for i in r["stage1"] if i["state"] != DONE]
        row.blockers = len(open_items)
        row.blocker_items = [{"title": i["title"], "state": i["state"], "fix_url": i["fix_url"]} for i in open_items]
        row.phase, row.phase_label, row.next_date, row.next_label = _phase_and_next(org, today)
        row.overdue_items = [i for i in work.items_for([row.membership]) if i.due is not None and i.due < today]
        row.overdue = len(row.overdue_items)
    key = SORTS.get(sort, SORTS["name"])[1]
    return sorted(out, key=key)
