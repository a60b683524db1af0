"""GET /api/v1/orgs/{org}/audit-events: the organisation's audit chain, newest first (ISO/IEC 42001 7.5.3).

It lives with the API rather than in ``core`` because it needs the caller's membership (``tenancy``), and
``core`` knows nothing above it (docs/architecture.md, "Layers")."""

from datetime import datetime

from ninja import Query, Router, Schema

from forty2.core.queries import org_events
from forty2.tenancy.access import require

from .common import Page, UtcDatetime, org_membership, paginate

router = Router(tags=["Audit log"])


class AuditFilters(Page):
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    actor: str | None = None
    since: UtcDatetime | None = None
    until: UtcDatetime | None = None


class AuditEventOut(Schema):
    id: int
    seq: int
    created_at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    hash: str
    prev_hash: str


class AuditEventList(Schema):
    items: list[AuditEventOut]
    count: int


def event_out(e):
    return {"id": e.pk, "seq": e.seq, "created_at": e.created_at, "actor": e.actor_label, "action": e.action,
            "object_type": e.object_type, "object_id": e.object_id, "object_repr": e.object_repr,
            "changes": e.changes, "hash": e.hash, "prev_hash": e.prev_hash}


# The operation id is the one it had in forty2/core/api.py: generated API clients call it by that name.
@router.get("{org}/audit-events", response=AuditEventList, summary="List audit events",
            operation_id="forty2_core_api_list_audit_events")
def list_audit_events(request, org: str, filters: Query[AuditFilters]):
    m = org_membership(request, org)
    require(m, "view_audit_log")
    qs = org_events(m.organization, **filters.dict(exclude={"limit", "offset"}))
    return paginate(qs, filters, event_out)
