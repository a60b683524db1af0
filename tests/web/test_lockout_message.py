"""A locked-out person is told how long to wait, from the same setting that sets the lockout."""

from django.test import Client, override_settings

from forty2.accounts.adapter import lockout_period
from forty2.tenancy.models import Role

PASSWORD = "correct horse battery staple"


def test_the_lockout_message_says_when_to_try_again(member):
    person = member(Role.CONTRIBUTOR, email="ann@acme.example").user
    person.set_password(PASSWORD)
    person.save()
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"login": "ann@acme.example", "password": "wrong"})
    html = client.post("/accounts/login/", {"login": "ann@acme.example", "password": PASSWORD}).content.decode()
    assert "Too many failed login attempts. Try again in 15 minutes." in html


def test_the_period_follows_the_longest_limit():
    assert lockout_period("10/m/ip,5/15m/key") == "15 minutes"
    assert lockout_period("3/1h/key") == "1 hour"
    assert lockout_period("") == "a few minutes"
    with override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "5/30m/key"}):
        assert lockout_period() == "30 minutes"
