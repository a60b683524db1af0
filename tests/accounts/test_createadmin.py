"""`forty2 createadmin`: makes (or resets) an organisation owner who can sign in, creating the organisation when
new, and refuses weak passwords with one line and exit code 2."""

import io

import pytest
from django.core.management import CommandError, call_command

from forty2.accounts.models import User
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Membership, Organization, Role

PASSWORD = "a long admin passphrase"


def createadmin(*args):
    out = io.StringIO()
    try:
        call_command("createadmin", *args, stdout=out, stderr=io.StringIO())
        return 0, out.getvalue()
    except CommandError as exc:
        return exc.returncode, str(exc)


def test_creates_the_organisation_and_an_owner_who_can_sign_in(db):
    code, out = createadmin("--email", "Admin@Example.com", "--org", "acme-health", "--password", PASSWORD)
    assert code == 0
    assert out.strip() == "admin@example.com is an owner of acme-health"
    org = Organization.objects.get(slug="acme-health")
    assert org.name == "Acme Health"
    user = User.objects.get(email="admin@example.com")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user, organization=org).role == Role.OWNER
    assert AuditEvent.objects.filter(action="user.set_password", object_id=str(user.pk)).count() == 1


def test_running_it_again_resets_the_password(db):
    createadmin("--email", "admin@example.com", "--org", "acme", "--password", PASSWORD)
    code, _out = createadmin("--email", "admin@example.com", "--org", "acme", "--password", "another passphrase 2")
    assert code == 0
    user = User.objects.get(email="admin@example.com")
    assert user.check_password("another passphrase 2")
    assert Membership.objects.filter(user=user).count() == 1


def test_an_existing_member_with_another_role_becomes_owner(member, acme):
    viewer = member(Role.VIEWER, email="lead@acme.example")
    code, out = createadmin("--email", "lead@acme.example", "--org", "acme", "--password", PASSWORD)
    assert code == 0 and "is an owner of acme" in out
    assert Membership.objects.get(pk=viewer.pk).role == Role.OWNER


@pytest.mark.parametrize("password,message", [("short", "too short"), ("password123", "too common"),
                                              ("12345678901234", "entirely numeric")])
def test_weak_passwords_are_refused_with_one_line(db, password, message):
    code, err = createadmin("--email", "admin@example.com", "--org", "acme", "--password", password)
    assert code == 2
    assert message in err and "\n" not in err
    assert not User.objects.exists() and not Organization.objects.exists()


def test_without_a_password_and_terminal_it_says_how_to_give_one(db, monkeypatch):
    monkeypatch.delenv("FORTY2_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    code, err = createadmin("--email", "admin@example.com", "--org", "acme")
    assert code == 2 and "FORTY2_ADMIN_PASSWORD" in err


def test_bad_organisation_slug_is_refused(db):
    code, err = createadmin("--email", "admin@example.com", "--org", "Not A Slug!", "--password", PASSWORD)
    assert code == 2 and "lower-case" in err
    assert not User.objects.exists()
