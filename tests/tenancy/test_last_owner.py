"""An organisation always keeps at least one owner (ISO/IEC 42001 5.3: someone holds the authority to assign
roles). Removing or demoting the last owner is refused, also when two owners act at the same moment."""

import threading

import pytest
from django.db import connection, connections

from forty2.core.errors import Conflict
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership, Role


def test_removing_the_last_owner_is_refused(member, acme):
    owner = member(Role.OWNER)
    with pytest.raises(Conflict, match="at least one owner"):
        tenancy.remove_member(owner, actor=owner.user, actor_membership=owner)
    assert Membership.objects.filter(pk=owner.pk, role=Role.OWNER).exists()


def test_demoting_the_last_owner_is_refused(member, acme):
    owner = member(Role.OWNER)
    with pytest.raises(Conflict, match="at least one owner"):
        tenancy.change_role(owner, role=Role.AIMS_MANAGER, actor=owner.user, actor_membership=owner)
    assert Membership.objects.get(pk=owner.pk).role == Role.OWNER


def test_an_owner_may_be_removed_when_another_owner_remains(member, acme):
    first = member(Role.OWNER, email="first@acme.example")
    second = member(Role.OWNER, email="second@acme.example")
    tenancy.remove_member(first, actor=second.user, actor_membership=second)
    assert list(Membership.objects.filter(organization=acme, role=Role.OWNER)) == [second]
    with pytest.raises(Conflict):
        tenancy.remove_member(second, actor=second.user, actor_membership=second)


@pytest.mark.django_db(transaction=True)
def test_two_owners_removing_each_other_at_once_leave_one_owner(member, acme, monkeypatch):
    """Both owners check "is there another owner?" at the same moment. Without locking the organisation's
    owners, both see the other one and both leave. SQLite serialises every write transaction (BEGIN IMMEDIATE),
    so only PostgreSQL can interleave them."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time; the race needs PostgreSQL")
    first = member(Role.OWNER, email="first@acme.example")
    second = member(Role.OWNER, email="second@acme.example")
    barrier = threading.Barrier(2, timeout=1)
    original = tenancy._other_owner

    def slow_check(m):
        found = original(m)
        try:
            barrier.wait()  # let the other transaction run its check before this one removes anyone
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(tenancy, "_other_owner", slow_check)
    outcomes = []

    def remove(m, by):
        try:
            tenancy.remove_member(m, actor=by.user, actor_membership=by)
            outcomes.append("removed")
        except Conflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=remove, args=pair) for pair in ((first, second), (second, first))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["refused", "removed"]
    assert Membership.objects.filter(organization=acme, role=Role.OWNER).count() == 1
