"""Signing in with e-mail and password (django-allauth): logins and failures are audited on the installation
chain, repeated failures lock the account for a while, sign-up is closed, passwords can be reset by e-mail,
and TOTP two-factor authentication can be set up (ISO/IEC 42001 A.4.3/7.5.3; docs/architecture.md, "Audit chain")."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from forty2.accounts.models import User
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(member):
    user = member(Role.CONTRIBUTOR, email="ann@acme.example").user
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def installation_events(action):
    return list(AuditEvent.objects.filter(chain="installation", action=action).order_by("seq"))


def test_login_with_email_and_password_is_audited(person):
    client = Client(REMOTE_ADDR="198.51.100.7")
    r = login(client, "ann@acme.example", PASSWORD)
    assert r.status_code == 302
    assert client.get("/").status_code in (200, 302)
    assert "_auth_user_id" in client.session
    [event] = installation_events("auth.login")
    assert event.actor_id == person.pk
    assert event.changes == {"ip": "198.51.100.7"}


def test_email_is_case_insensitive(person):
    client = Client()
    assert login(client, "Ann@ACME.example", PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session


def test_a_failed_login_is_audited_without_the_password(person):
    client = Client()
    r = login(client, "ann@acme.example", "wrong password 123")
    assert r.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session
    [event] = installation_events("auth.login_failed")
    assert event.object_repr == "ann@acme.example"
    assert "wrong password 123" not in event.canonical
    assert installation_events("auth.login") == []


def test_failed_login_for_an_unknown_address_is_audited_too(db):
    login(Client(), "nobody@acme.example", "guess")
    assert [e.object_repr for e in installation_events("auth.login_failed")] == ["nobody@acme.example"]


def test_five_failures_lock_the_account_even_for_the_right_password(person):
    """ACCOUNT_RATE_LIMITS["login_failed"] = "…,5/15m/key": the sixth attempt within 15 minutes is refused.

    Tests run on the local-memory cache (settings.TESTING); production uses the database cache (or Redis), so
    every server process shares the counters and the lockout holds across workers.
    """
    client = Client()
    for _ in range(5):
        assert login(client, "ann@acme.example", "wrong password").status_code == 200
    r = login(client, "ann@acme.example", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in r.content
    assert len(installation_events("auth.login_failed")) == 5
    assert installation_events("auth.login") == []
    [locked] = installation_events("auth.login_locked")
    assert locked.object_repr == "ann@acme.example"


def test_lockout_is_per_account(person, member):
    other = member(Role.VIEWER, email="bob@acme.example").user
    other.set_password(PASSWORD)
    other.save()
    for _ in range(5):
        login(Client(), "ann@acme.example", "wrong password")
    client = Client()
    login(client, "bob@acme.example", PASSWORD)
    assert "_auth_user_id" in client.session


def test_sign_up_is_closed(db):
    assert b"closed" in Client().get("/accounts/signup/").content.lower()
    Client().post("/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD})
    assert not User.objects.filter(email="new@example.com").exists()


def test_password_reset_sends_a_link_that_sets_a_new_password(person):
    r = Client().post("/accounts/password/reset/", {"email": "ann@acme.example"})
    assert r.status_code == 302
    [message] = mail.outbox
    assert message.to == ["ann@acme.example"]
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/key/" in line).strip()
    path = link[link.index("/accounts/"):]
    client = Client()
    form = client.get(path, follow=True)
    assert form.status_code == 200
    new = "a brand new passphrase 42"
    r = client.post(form.redirect_chain[-1][0] if form.redirect_chain else path,
                    {"password1": new, "password2": new})
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new)


def test_two_factor_pages_are_there_for_a_signed_in_user(person):
    client = Client()
    login(client, "ann@acme.example", PASSWORD)
    assert client.get("/accounts/2fa/").status_code == 200
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked.status_code == 302 and "/accounts/reauthenticate/" in asked["Location"]  # password again first
    activate = client.post(asked["Location"], {"password": PASSWORD}, follow=True)
    assert activate.status_code == 200
    assert activate.redirect_chain[-1][0].startswith("/accounts/2fa/totp/activate/")
    assert b"data:image/svg+xml" in activate.content  # the QR code to scan
    assert b'name="code"' in activate.content  # and the field for the first code, to confirm it


def test_two_factor_pages_need_a_signed_in_user(db):
    r = Client().get("/accounts/2fa/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
