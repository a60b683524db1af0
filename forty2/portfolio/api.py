"""``GET /api/v1/portfolio``: the caller's organisations with phase, readiness, stage 1 blockers, next
certification date and overdue items (ISO/IEC 42001 9.1, 9.3), the same rows as the portfolio page
(:func:`forty2.portfolio.service.rows`). A token sees the one organisation it was issued for; a browser session
every organisation of the person, those refusing the session (single sign-on only) listed with ``masked`` true
and no figures. Paged like every list (``limit``, ``offset``). Counts and links, never inlined lists: the
response does not grow with the records."""

import datetime as dt
from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from forty2.api.common import Page

from . import service

router = Router(tags=["Portfolio"])
Sort = Literal[tuple(service.SORTS)]


class PortfolioQuery(Page):
    sort: Sort = Field("name", description="Row order: " + ", ".join(service.SORTS))


class PortfolioRow(Schema):
    organization: str = Field(description="The organisation's slug")
    name: str
    role: str
    url: str = Field(description="The organisation's overview page (absolute)")
    masked: bool = Field(description="True when the organisation refuses this session (single sign-on only): "
                                     "no figures")
    phase: str | None = Field(description="Certification status: planning, stage1, stage2, certified, …")
    phase_label: str | None = Field(description="The plan's current phase while planning, else the status")
    readiness: int | None = Field(description="Readiness score, 0-100")
    blockers: int | None = Field(description="Stage 1 items not done")
    next_date: dt.date | None = Field(description="Expected certification before a certificate; the next "
                                                  "surveillance or recertification audit after")
    next_label: str | None
    overdue: int | None = Field(description="The caller's My work items in this organisation past their due date")
    figures: dict[str, int | str | None] = Field(description="The columns other apps add, by label")


class PortfolioOut(Schema):
    items: list[PortfolioRow]
    count: int


def row_out(request, row: service.Row, labels: list[str]) -> dict:
    return {"organization": row.organization.slug, "name": row.organization.name, "role": row.membership.role,
            "url": request.build_absolute_uri(row.url), "masked": row.masked, "phase": row.phase,
            "phase_label": row.phase_label, "readiness": row.readiness, "blockers": row.blockers,
            "next_date": row.next_date, "next_label": row.next_label, "overdue": row.overdue,
            "figures": dict(zip(labels, row.figures, strict=True))}


@router.get("", response=PortfolioOut, operation_id="get_portfolio", summary="My organisations at a glance",
            description="Per organisation: phase, readiness, stage 1 blockers, next certification date and the "
                        "caller's overdue items. A token reaches only its own organisation.")
def get_portfolio(request, query: Query[PortfolioQuery]):
    token = getattr(request, "api_token", None)
    if token is not None:
        rows = service.rows(token.membership.user, None, memberships=[token.membership], sort=query.sort)
    else:
        rows = service.rows(request.user, request, sort=query.sort)
    labels = service.columns()
    shown = rows[query.offset: query.offset + query.limit]
    return {"items": [row_out(request, r, labels) for r in shown], "count": len(rows)}
