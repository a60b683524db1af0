"""Property tests of the audit chain (ISO/IEC 42001 7.5.3; issue #14, "hypothesis for ... the audit chain"):
random appends across the installation's and two organisations' chains, then one random tampering as a DBA
would do it — delete an event, edit a column, swap two events, truncate a chain with or without its head —
is always reported by `verify`; an untouched log always passes. Against an anchor, even a tampering that
re-chains the hashes and the head is reported. Examples are bounded to keep CI fast; each rolls back."""

import datetime as dt
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from forty2.core import anchor, audit
from forty2.core.models import AuditEvent, ChainHead
from forty2.tenancy.chains import chain_labels, organization_ids

BOUNDED = hsettings(max_examples=25, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text as the services store it: PostgreSQL refuses NUL in text and jsonb, and no service lets one through.
text = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=8)
values = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                   st.floats(allow_nan=False, allow_infinity=False), text)
appends = st.lists(st.tuples(st.sampled_from([0, 1, 2]),
                             st.sampled_from(["risk.create", "risk.update", "auth.login", "record.delete"]),
                             text,
                             st.dictionaries(text.filter(bool), values, max_size=3)),
                   min_size=1, max_size=10)
COLUMNS = ["action", "object_type", "object_id", "object_repr", "actor_label", "changes", "canonical", "hash",
           "prev_hash", "created_at", "seq", "organization_id", "chain"]
KINDS = {
    "delete": st.tuples(st.just("delete"), st.integers(0, 10**6), st.just(None)),
    "edit": st.tuples(st.just("edit"), st.integers(0, 10**6), st.sampled_from(COLUMNS)),
    "swap": st.tuples(st.just("swap"), st.integers(0, 10**6), st.integers(1, 10**6)),
    "truncate": st.tuples(st.just("truncate"), st.integers(0, 10**6), st.just("keep head")),
    "truncate with its head": st.tuples(st.just("truncate"), st.integers(0, 10**6), st.just("delete head")),
}


@pytest.fixture
def orgs(acme, globex):
    return [None, acme, globex]


def append(orgs, steps):
    for org_index, action, repr_, changes in steps:
        audit.record(action, org=orgs[org_index], object_type="thing", object_id=len(repr_), object_repr=repr_,
                     changes=changes)


def broken():
    labels, required = chain_labels()
    return [r for r in audit.verify(labels=labels, required=required) if not r.ok]


def rolled_back(test):
    """Run one example in a savepoint that is always rolled back: the next example starts clean."""
    with transaction.atomic():
        try:
            test()
        finally:
            transaction.set_rollback(True)


def edited(event, column, orgs):
    value = getattr(event, column if column != "organization_id" else "organization_id")
    if column == "changes":
        return {**value, "tampered": not value.get("tampered", False)}
    if column == "created_at":
        return value + dt.timedelta(seconds=1)
    if column == "seq":
        return value + 1000
    if column == "organization_id":
        others = [o.pk for o in orgs[1:] if o.pk != value]
        return others[0]
    if column in ("hash", "prev_hash"):
        return "f" * 64 if value != "f" * 64 else "e" * 64
    return value + "x"


def tamper(kind, a, b, orgs):
    events = list(AuditEvent.objects.order_by("chain", "seq"))
    event = events[a % len(events)]
    chain = list(AuditEvent.objects.filter(chain=event.chain).order_by("seq"))
    if kind == "delete":
        AuditEvent.objects.filter(pk=event.pk).delete()
    elif kind == "edit":
        AuditEvent.objects.filter(pk=event.pk).update(**{b: edited(event, b, orgs)})
    elif kind == "swap":
        longest = max({e.chain for e in events}, key=lambda c: AuditEvent.objects.filter(chain=c).count())
        chain = list(AuditEvent.objects.filter(chain=longest).order_by("seq"))
        first = chain[a % len(chain)]
        second = chain[(a + 1 + b % (len(chain) - 1)) % len(chain)]
        AuditEvent.objects.filter(pk=first.pk).update(seq=10**12)
        AuditEvent.objects.filter(pk=second.pk).update(seq=first.seq)
        AuditEvent.objects.filter(pk=first.pk).update(seq=second.seq)
    elif kind == "truncate":
        keep = a % len(chain)  # events 1..keep stay, at least the last one goes
        AuditEvent.objects.filter(chain=event.chain, seq__gt=keep).delete()
        if b == "delete head":
            ChainHead.objects.filter(chain=event.chain).delete()


@BOUNDED
@given(steps=appends)
def test_an_untouched_log_always_verifies(orgs, steps):
    def example():
        append(orgs, steps)
        assert broken() == []
    rolled_back(example)


@pytest.mark.parametrize("kind", KINDS)
def test_any_tampering_is_always_reported(orgs, kind):
    """Each kind of tampering gets its own bounded examples, so none is left to chance."""

    @BOUNDED
    @given(steps=appends, tampered=KINDS[kind])
    def check(steps, tampered):
        rolled_back(lambda: tampered_example(orgs, steps, tampered))

    check()


def tampered_example(orgs, steps, tampered):
    append(orgs, steps)
    tamper(*tampered, orgs)
    assert broken(), f"{tampered} went unnoticed"


def rechain(chain, from_seq, *, drop_above=None, new_repr="rewritten"):
    """What a DBA who read the code can do: rewrite from ``from_seq``, re-chain the later hashes and the head
    (or cut the chain at ``drop_above`` and set the head to the new end): the database alone then verifies."""
    if drop_above is not None:
        AuditEvent.objects.filter(chain=chain, seq__gt=drop_above).delete()
        last = AuditEvent.objects.filter(chain=chain).order_by("-seq").first()
        if last is None:
            ChainHead.objects.filter(chain=chain).delete()
        else:
            ChainHead.objects.filter(chain=chain).update(seq=last.seq, hash=last.hash)
        return
    events = list(AuditEvent.objects.filter(chain=chain, seq__gte=from_seq).order_by("seq"))
    prev = events[0].prev_hash
    for i, event in enumerate(events):
        payload = json.loads(event.canonical)
        if i == 0:
            payload["object_repr"] = payload["object_repr"] + new_repr
        payload["prev_hash"] = prev
        canonical = audit.canonical_text(payload)
        digest = audit.compute_hash(prev, canonical)
        AuditEvent.objects.filter(pk=event.pk).update(canonical=canonical, prev_hash=prev, hash=digest,
                                                      object_repr=payload["object_repr"])
        prev = digest
    ChainHead.objects.filter(chain=chain).update(hash=prev)


@BOUNDED
@given(before=appends, after=appends, which=st.integers(0, 10**6), seq_pick=st.integers(0, 10**6),
       truncate=st.booleans())
def test_a_rechained_log_is_reported_against_an_earlier_anchor(orgs, before, after, which, seq_pick, truncate):
    key = anchor.Ed25519PrivateKey.generate()

    def example():
        append(orgs, before)
        labels, _required = chain_labels()
        document = anchor.sign(anchor.build_statement(labels, organization_ids()), key)
        append(orgs, after)
        entries = document["statement"]["chains"]
        entry = entries[which % len(entries)]
        seq = 1 + seq_pick % entry["seq"]  # at or before the anchored head
        if truncate:
            rechain(entry["chain"], seq, drop_above=seq - 1)
        else:
            rechain(entry["chain"], seq)
        assert anchor.check_signature(document, key.public_key()) == ""
        findings, _checked = anchor.compare(document, labels)
        assert [f.chain for f in findings] == [entry["chain"]]
        assert findings[0].reason.startswith("truncated" if truncate else "rewritten")
    rolled_back(example)
