"""`forty2 audit verify` neither cries wolf nor misses tampering (ISO/IEC 42001 7.5.3)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from forty2.accounts.models import User
from forty2.core import audit
from forty2.core.models import AuditEvent


def verify(org=None):
    reports = audit.verify(org)
    return [r.line() for r in reports if not r.ok]


def test_numbers_that_postgres_rewrites_still_verify(acme):
    """jsonb stores 3e24 as 3000000000000000000000000: the hashed canonical text is what counts."""
    audit.record("test.numbers", org=acme, object_type="x", changes={"flops": 3e24, "ratio": 0.1, "n": 7})
    assert verify(acme) == []


def test_a_rewritten_actor_is_detected(acme, member):
    owner = member()
    event = audit.record("test.write", org=acme, actor=owner.user, object_type="x", changes={"a": 1})
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["someone@else.example", event.pk])
    problems = verify(acme)
    assert len(problems) == 1
    assert f"broken at event {event.pk} (acme, seq {event.seq})" in problems[0]
    assert "actor_label" in problems[0]


def test_a_changed_number_is_detected(acme):
    event = audit.record("test.numbers", org=acme, object_type="x", changes={"flops": 3e24})
    AuditEvent.objects.filter(pk=event.pk).update(changes={"flops": 4e24})
    assert "'changes'" in verify(acme)[0]


def test_deleting_a_person_keeps_their_events_verifiable(acme, member):
    person = member(email="leaver@acme.example")
    audit.record("test.write", org=acme, actor=person.user, object_type="x", changes={"a": 1})
    person.delete()
    User.objects.filter(email="leaver@acme.example").delete()
    assert verify() == []
    call_command("audit", "verify")


def test_verify_fails_with_exit_code_1_on_tampering(acme):
    event = audit.record("test.write", org=acme, object_type="x", changes={"a": 1})
    AuditEvent.objects.filter(pk=event.pk).update(action="test.other")
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify", "--org", "acme")
    assert error.value.returncode == 1
