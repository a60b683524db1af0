"""GET /api/v1/me/work: what waits for the caller (forty2/tenancy/work.py). A token reaches only the
organisation it was issued for; a browser session sees every organisation of the person."""

import datetime as dt

from ninja import Query, Router, Schema

from forty2.tenancy import work

from .common import Page

router = Router(tags=["My work"])


class WorkItemOut(Schema):
    organization: str
    kind: str
    title: str
    url: str
    due: dt.date | None
    overdue: bool
    detail: str


class WorkList(Schema):
    items: list[WorkItemOut]
    count: int


@router.get("work", response=WorkList, summary="What waits for me")
def my_work(request, page: Query[Page]):
    found = work.for_request(request).items  # the same list as the "My work" page
    items = [{"organization": i.organization.slug, "kind": i.kind, "title": i.title,
              "url": request.build_absolute_uri(i.url) if i.url else "", "due": i.due, "overdue": i.overdue,
              "detail": i.detail} for i in found[page.offset: page.offset + page.limit]]
    return {"items": items, "count": len(found)}
