"""Append and verify the hash-chained audit log (ISO/IEC 42001 7.5.3; docs/architecture.md, "Audit chain").

Every service that writes calls :func:`record` inside its own transaction, so a change and its event
commit together or not at all. Appends to one chain are serialised: SQLite takes the write lock at
``BEGIN IMMEDIATE``; PostgreSQL locks the chain's head row (an advisory lock keyed on the chain before its first event).
"""

import contextvars
import datetime as dt
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent, ChainHead

GENESIS = "0" * 64
INSTALLATION = "installation"


def chain_for(org) -> str:
    return chain_for_id(org.pk) if org is not None else INSTALLATION


def chain_for_id(org_id) -> str:
    return f"org:{org_id}"


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def canonical_text(payload: dict) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _lock_chain(chain: str) -> None:
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(chain.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    # SQLite: the enclosing transaction began IMMEDIATE and already holds the only write lock.


def _locked_head(chain: str) -> ChainHead | None:
    """The chain's head, read under the chain's lock for the rest of the transaction (None before its first event).

    SQLite: the IMMEDIATE transaction already holds the only write lock, so this is one read. PostgreSQL: the
    head row is read ``FOR UPDATE`` (lock and read in one statement); a chain without a head yet (its first
    event, or a head removed by tampering) is serialised by an advisory lock on the chain instead, and read again
    once that lock is held."""
    if connection.vendor == "postgresql":
        head = ChainHead.objects.select_for_update().filter(chain=chain).first()
        if head is not None:
            return head
        _lock_chain(chain)
        return ChainHead.objects.select_for_update().filter(chain=chain).first()
    return ChainHead.objects.filter(chain=chain).first()


def record(action: str, *, org=None, actor=None, obj=None, object_type: str = "", object_id="",
           object_repr: str = "", changes: dict | None = None) -> AuditEvent:
    """Append one event to the organisation's chain (or the installation chain when ``org`` is None)."""
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    chain = chain_for(org)
    changes = _jsonable(changes or {})
    actor_label = getattr(actor, "email", "") or (str(actor) if actor else "system")
    held = _deferred.get()
    if held is not None and held.chain == chain:
        pending = AuditEvent(chain=chain, organization=org, actor=actor, actor_label=actor_label, action=action,
                             object_type=object_type, object_id=str(object_id), object_repr=object_repr[:300],
                             changes=changes)
        held.events.append(pending)
        return pending
    # Inside a service's transaction no savepoint is needed: if anything fails, the change and its event
    # roll back together.
    with transaction.atomic(savepoint=False):
        head = _locked_head(chain)
        seq = head.seq + 1 if head else 1
        prev_hash = head.hash if head else GENESIS
        created_at = timezone.now()
        payload = {
            "chain": chain,
            "seq": seq,
            "organization_id": org.pk if org is not None else None,
            "created_at": created_at.astimezone(dt.UTC).isoformat(),
            "actor_id": actor.pk if actor is not None else None,
            "actor": actor_label,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "object_repr": object_repr[:300],
            "changes": changes,
            "prev_hash": prev_hash,
        }
        canonical = canonical_text(payload)
        digest = compute_hash(prev_hash, canonical)
        event = AuditEvent.objects.create(
            chain=chain, seq=seq, organization=org, created_at=created_at, actor=actor,
            actor_label=actor_label, action=action, object_type=object_type, object_id=str(object_id),
            object_repr=object_repr[:300], changes=changes, canonical=canonical, prev_hash=prev_hash,
            hash=digest,
        )
        if head:
            ChainHead.objects.filter(chain=chain).update(seq=seq, hash=digest)
        else:
            ChainHead.objects.create(chain=chain, seq=seq, hash=digest)
    return event


class Deferred:
    """The events of one chain held back by :func:`deferred`, in the order they were recorded."""

    def __init__(self, chain: str):
        self.chain, self.events = chain, []

    def mark(self) -> int:
        return len(self.events)

    def forget_since(self, mark: int) -> None:
        """Drop the events recorded since ``mark`` (their writes were rolled back to a savepoint)."""
        del self.events[mark:]


_deferred: contextvars.ContextVar[Deferred | None] = contextvars.ContextVar("forty2_audit_deferred", default=None)


@contextmanager
def deferred(org):
    """Hold back the events of ``org``'s chain recorded in this context (a large import's rows, written in short
    batches that stay invisible until the import is published), so that the chain is not locked for the whole
    import; :func:`append_held` appends them, gapless and in order, in the transaction that publishes the rows.
    Events never appended (the import failed) leave no trace on the chain, like the rows they describe."""
    held = Deferred(chain_for(org))
    token = _deferred.set(held)
    try:
        yield held
    finally:
        _deferred.reset(token)


def append_held(held: Deferred, batch_size: int = 500) -> int:
    """Append the held events to their chain in one go (inside the caller's transaction): one chain lock, one
    head read, the hashes computed in order, bulk inserts, one head update. Returns how many."""
    events = held.events
    if not events:
        return 0
    with transaction.atomic(savepoint=False):
        head = _locked_head(held.chain)
        seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS)
        created_at = timezone.now()
        for event in events:
            seq += 1
            payload = {
                "chain": held.chain, "seq": seq, "organization_id": event.organization_id,
                "created_at": created_at.astimezone(dt.UTC).isoformat(), "actor_id": event.actor_id,
                "actor": event.actor_label, "action": event.action, "object_type": event.object_type,
                "object_id": event.object_id, "object_repr": event.object_repr, "changes": event.changes,
                "prev_hash": prev_hash,
            }
            event.seq, event.created_at, event.prev_hash = seq, created_at, prev_hash
            event.canonical = canonical_text(payload)
            event.hash = prev_hash = compute_hash(prev_hash, event.canonical)
        AuditEvent.objects.bulk_create(events, batch_size=batch_size)
        if head:
            ChainHead.objects.filter(chain=held.chain).update(seq=seq, hash=prev_hash)
        else:
            ChainHead.objects.create(chain=held.chain, seq=seq, hash=prev_hash)
    count = len(events)
    held.events = []
    return count


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields whose value changed."""
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


@dataclass
class ChainReport:
    chain: str
    label: str
    events: int
    broken_event_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason

    def line(self) -> str:
        if self.ok:
            return f"{self.label}: {self.events} events, intact"
        if self.broken_event_id is None:
            return f"broken ({self.label}): {self.reason}"
        return f"broken at event {self.broken_event_id} ({self.label}, seq {self.broken_seq}): {self.reason}"


_COLUMNS = ("chain", "seq", "organization_id", "actor_id", "action", "object_type", "object_id",
            "object_repr", "prev_hash")


def _numbers_as_decimals(value):
    """Compare JSON by value: PostgreSQL's jsonb rewrites 3e24 as 3000000000000000000000000."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, dict):
        return {k: _numbers_as_decimals(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_numbers_as_decimals(v) for v in value]
    return value


def _check_event(event, expected_seq, prev_hash) -> str:
    if event.seq != expected_seq:
        return f"seq {expected_seq} is missing (event removed)"
    if event.prev_hash != prev_hash:
        return "prev_hash does not match the previous event's hash (chain forked or event removed)"
    if compute_hash(event.prev_hash, event.canonical) != event.hash:
        return "hash does not match the recorded content (event altered)"
    try:
        payload = json.loads(event.canonical)
    except ValueError:
        return "recorded content is not valid JSON (event altered)"
    for column in _COLUMNS:
        if payload.get(column) != _jsonable(getattr(event, column)):
            return f"column '{column}' differs from the hashed content (event altered)"
    if payload.get("actor") != event.actor_label:
        return "column 'actor_label' differs from the hashed content (event altered)"
    hashed_changes = json.loads(event.canonical, parse_float=Decimal).get("changes")
    if _numbers_as_decimals(hashed_changes) != _numbers_as_decimals(event.changes):
        return "column 'changes' differs from the hashed content (event altered)"
    if payload.get("created_at") != event.created_at.astimezone(dt.UTC).isoformat():
        return "column 'created_at' differs from the hashed content (event altered)"
    return ""


def verify_chain(chain: str, label: str, *, required: bool = False) -> ChainReport:
    """Recompute one chain and compare its end with its ``ChainHead``.

    Broken (finding 5 of issue #14): a link that does not recompute; a head that names another end; events
    without a head (the newest events and the head deleted together); and, when ``required``, no chain at all
    (every event and the head deleted)."""
    report = ChainReport(chain=chain, label=label, events=0)
    prev_hash, expected, last = GENESIS, 1, None
    for event in AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        reason = _check_event(event, expected, prev_hash)
        if reason:
            report.broken_event_id, report.broken_seq, report.reason = event.pk, event.seq, reason
            return report
        report.events += 1
        prev_hash, expected, last = event.hash, expected + 1, event
    head = ChainHead.objects.filter(chain=chain).first()
    if head is None and last is not None:
        report.broken_event_id, report.broken_seq = last.pk, last.seq
        report.reason = (f"the chain head is missing but the chain has {report.events} events "
                         "(newest events and the head removed)")
    elif head is None and required:
        report.broken_seq = 0
        report.reason = "the chain is missing: no events and no chain head (chain removed)"
    elif head and (last is None or head.seq != last.seq or head.hash != last.hash):
        report.broken_event_id = last.pk if last else None
        report.broken_seq = last.seq if last else 0
        report.reason = f"chain head records seq {head.seq} but the last event is seq {report.events} (events removed)"
    return report


def verify(org=None, labels: dict[str, str] | None = None, required=()) -> list[ChainReport]:
    """Recompute every chain (or one organisation's) and report the first broken link of each.

    ``labels`` names chains for people (``{"org:3": "acme-health"}``); the caller passes them because
    ``core`` knows nothing of organisations beyond their primary key. Unnamed chains keep their id.
    ``required`` lists the chains that must exist (every organisation's, the installation's): the caller
    knows which organisations were created, and a chain deleted whole is then reported, not skipped."""
    required = set(required)
    if org is not None:
        chain = chain_for(org)
        return [verify_chain(chain, org.slug, required=chain in required)]
    labels = labels or {}
    chains = set(ChainHead.objects.values_list("chain", flat=True))
    chains |= set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    chains |= required
    return [verify_chain(c, labels.get(c, c), required=c in required) for c in sorted(chains)]
