"""The floor's five calls: list (a page of ``.values()`` with its count in one query, a scalar subquery), get,
PATCH (optimistic version), create, each write appending to the audit chain in its own transaction."""

import datetime as dt
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F, Func, Subquery
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.security import HttpBearer

from .models import Event, Item, Token, digest


class Bearer(HttpBearer):
    def authenticate(self, request, token):  # one query: token, person and organisation
        found = (Token.objects.select_related("person", "org")
                 .filter(digest=digest(token), revoked_at__isnull=True, expires_at__gt=timezone.now(),
                         person__is_active=True).first())
        return found


router = Router(auth=Bearer())
FIELDS = [f.attname for f in Item._meta.concrete_fields]
#: the owners by e-mail, joined in the same query (as Forty2 shows people)
PEOPLE = {"business_owner_email": F("business_owner__email"), "technical_owner_email": F("technical_owner__email")}


def answer(data, status=200):
    return HttpResponse(json.dumps(data, cls=DjangoJSONEncoder), status=status, content_type="application/json")


def org_of(request, slug):
    if request.auth.org.slug != slug:
        raise Http404
    return request.auth.org


def append_event(org, action, obj_id, changes):
    """Append to the organisation's chain inside the caller's transaction (SQLite: BEGIN IMMEDIATE holds the
    only write lock; PostgreSQL: an advisory lock on the chain)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [org.pk])
    last = Event.objects.filter(org=org).order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, "0" * 64)
    now = timezone.now()
    text = json.dumps({"seq": seq, "action": action, "object_id": str(obj_id), "changes": changes,
                       "created_at": now.isoformat()}, cls=DjangoJSONEncoder, sort_keys=True)
    changes = json.loads(json.dumps(changes, cls=DjangoJSONEncoder))
    Event.objects.create(org=org, seq=seq, action=action, object_id=str(obj_id), changes=changes, prev_hash=prev,
                         hash=hashlib.sha256((prev + text).encode()).hexdigest(), created_at=now)


class ItemIn(Schema):
    name: str
    purpose: str
    description: str = ""
    lifecycle_stage: str = "idea"
    criticality: str = ""


class ItemPatch(Schema):
    version: int
    name: str | None = None
    purpose: str | None = None
    description: str | None = None
    lifecycle_stage: str | None = None
    criticality: str | None = None
    review_due: dt.date | None = None


@router.get("orgs/{org}/items")
def list_items(request, org: str, limit: int = 50, offset: int = 0):
    o = org_of(request, org)
    live = Item.objects.filter(org=o, archived_at__isnull=True)
    total = Subquery(live.annotate(n=Func("pk", function="COUNT")).values("n"))  # computed once, not per row
    rows = list(live.order_by("name").values(*FIELDS, **PEOPLE, total=total)[offset:offset + limit])
    count = rows[0]["total"] if rows else live.count()
    for row in rows:
        del row["total"]
    return answer({"items": rows, "count": count})


@router.get("orgs/{org}/items/{int:pk}")
def get_item(request, org: str, pk: int):
    row = (Item.objects.filter(org=org_of(request, org), pk=pk, archived_at__isnull=True)
           .values(*FIELDS, **PEOPLE).first())
    if row is None:
        raise Http404
    return answer(row)


@router.post("orgs/{org}/items")
def create_item(request, org: str, body: ItemIn):
    o = org_of(request, org)
    with transaction.atomic():
        item = Item.objects.create(org=o, **body.dict())
        append_event(o, "item.create", item.pk, body.dict())
    return answer({f: getattr(item, f) for f in FIELDS}, status=201)


@router.patch("orgs/{org}/items/{int:pk}")
def patch_item(request, org: str, pk: int, body: ItemPatch):
    o = org_of(request, org)
    data = body.dict(exclude_unset=True)
    version = data.pop("version")
    with transaction.atomic():
        item = Item.objects.select_for_update().filter(org=o, pk=pk, archived_at__isnull=True).first()
        if item is None:
            raise Http404
        if item.version != version:
            return answer({"detail": "stale version", "current_version": item.version}, status=409)
        changes = {k: [getattr(item, k), v] for k, v in data.items() if getattr(item, k) != v}
        if changes:
            for k, (_old, new) in changes.items():
                setattr(item, k, new)
            item.version += 1
            item.save(update_fields=[*changes, "version", "updated_at"])
            append_event(o, "item.update", item.pk, changes)
    return answer({f: getattr(item, f) for f in FIELDS})
