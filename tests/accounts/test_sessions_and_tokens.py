"""Sessions and API tokens follow the password and the second factor (issue #14, finding 1 and "Web security"):
the session key changes at sign-in and again at the TOTP step (no fixation); changing or resetting a password
revokes every API token of the account and ends its other sessions; an organisation may require TOTP for API
tokens (owner's setting, page and API, audited)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.core import mail
from django.test import Client

from forty2.accounts.models import ApiToken
from forty2.core.models import AuditEvent
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Organization, Role
from tests.conftest import ApiClient

PASSWORD = "correct horse battery staple"
NEW = "a brand new passphrase 42"


@pytest.fixture
def person(member):
    m = member(Role.CONTRIBUTOR, email="ann@acme.example")
    m.user.set_password(PASSWORD)
    m.user.save()
    return m


def _key(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_signing_in_gives_a_new_session_key(person):
    client = Client()
    session = client.session  # a session the visitor had before signing in (one an attacker could plant)
    session["planted"] = "x"
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = before = session.session_key
    assert client.post("/accounts/login/", {"login": "ann@acme.example", "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" in client.session and _key(client) != before


def test_the_totp_step_gives_a_new_session_key_again(person):
    secret = generate_totp_secret()
    TOTP.activate(person.user, secret)
    client = Client()
    response = client.post("/accounts/login/", {"login": "ann@acme.example", "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session  # the password alone signs nobody in
    between = _key(client)
    done = client.post("/accounts/2fa/authenticate/", {"code": _code(secret)})
    assert done.status_code == 302 and "_auth_user_id" in client.session
    assert _key(client) != between


def test_changing_the_password_revokes_tokens_and_ends_the_other_sessions(person):
    _token, raw = tenancy.create_token(person, name="CI")
    elsewhere, here = Client(), Client()
    for client in (elsewhere, here):
        client.post("/accounts/login/", {"login": "ann@acme.example", "password": PASSWORD})
    assert elsewhere.get("/o/acme/").status_code == 200
    response = here.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": NEW,
                                                        "password2": NEW})
    assert response.status_code == 302
    assert here.get("/o/acme/").status_code == 200  # this session stays
    assert elsewhere.get("/o/acme/")["Location"].startswith("/accounts/login/")  # the other one ended
    assert ApiClient(raw).get("/orgs/acme/ai-systems").status_code == 401
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.changes["reason"] == "password changed" and event.organization_id == person.organization_id


def test_a_password_reset_by_mail_revokes_tokens_ends_sessions_and_proves_the_address(person):
    _token, raw = tenancy.create_token(person, name="CI")
    signed_in = Client()
    signed_in.post("/accounts/login/", {"login": "ann@acme.example", "password": PASSWORD})
    assert person.user.email_verified_at is None
    Client().post("/accounts/password/reset/", {"email": "ann@acme.example"})
    link = re.search(r"https?://\S+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    client = Client()
    form = client.get(link, follow=True)
    assert client.post(form.redirect_chain[-1][0], {"password1": NEW, "password2": NEW}).status_code == 302
    assert ApiClient(raw).get("/orgs/acme/ai-systems").status_code == 401
    assert signed_in.get("/o/acme/")["Location"].startswith("/accounts/login/")
    person.user.refresh_from_db()
    assert person.user.email_verified_at is not None


def test_a_password_set_by_the_administrator_revokes_tokens_too(person):
    from forty2.accounts import services

    _token, raw = tenancy.create_token(person, name="CI")
    services.set_password(person.user, NEW, via="createadmin")
    assert ApiClient(raw).get("/orgs/acme/ai-systems").status_code == 401


def _owner_client(member):
    owner = member(Role.OWNER, email="owner@acme.example")
    client = Client()
    client.force_login(owner.user)
    return owner, client


def test_an_owner_requires_totp_for_tokens_on_the_people_page_audited(member, person):
    owner, client = _owner_client(member)
    _token, raw = tenancy.create_token(person, name="CI")
    refused = client.post("/o/acme/members/settings", {"require_totp_for_tokens": "on"}, follow=True)
    assert "before requiring it" in refused.content.decode()  # the owner would lock themselves out
    assert not Organization.objects.get(slug="acme").require_totp_for_tokens
    Authenticator.objects.create(user=owner.user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.post("/o/acme/members/settings", {"require_totp_for_tokens": "on"}).status_code == 302
    org = Organization.objects.get(slug="acme")
    assert org.require_totp_for_tokens and not org.require_totp
    event = AuditEvent.objects.get(action="organization.update")
    assert event.changes == {"require_totp_for_tokens": [False, True], "version": [1, 2]}
    assert event.actor_id == owner.user.pk
    assert "API tokens need two-factor authentication" in client.get("/o/acme/members/").content.decode()
    # the existing token of a member without TOTP stops working, and none can be created
    assert ApiClient(raw).get("/orgs/acme/ai-systems").status_code == 401
    ann = Client()
    ann.force_login(person.user)
    assert ann.get("/o/acme/").status_code == 200  # the pages themselves do not need TOTP
    page = ann.post("/o/acme/tokens/", {"name": "Another", "expires_in_days": "30"})
    assert page.status_code == 200 and "requires two-factor authentication for API tokens" in page.content.decode()
    assert ApiToken.objects.filter(user=person.user).count() == 1
    # with TOTP it works again
    Authenticator.objects.create(user=person.user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert ApiClient(raw).get("/orgs/acme/ai-systems").status_code == 200
    assert ann.post("/o/acme/tokens/", {"name": "Another", "expires_in_days": "30"}).status_code == 302


def test_the_setting_through_the_api_is_for_owners(owner_api, api_as):
    assert owner_api.get("/orgs/acme/settings").json_body == {"require_totp": False, "require_totp_for_tokens": False,
                                                              "sso_only": False, "version": 1}
    viewer = api_as(Role.VIEWER, email="viewer@acme.example")
    assert viewer.patch("/orgs/acme/settings", {"require_totp_for_tokens": True, "version": 1}).status_code == 403
    assert owner_api.patch("/orgs/acme/settings", {"nope": True, "version": 1}).status_code == 422
    # an owner without TOTP would lock their own token out: refused
    assert owner_api.patch("/orgs/acme/settings", {"require_totp_for_tokens": True, "version": 1}).status_code == 409
    Authenticator.objects.create(user=owner_api.membership.user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    changed = owner_api.patch("/orgs/acme/settings", {"require_totp_for_tokens": True, "version": 1})
    assert changed.status_code == 200 and changed.json_body["require_totp_for_tokens"] is True
    assert changed.json_body["version"] == 2
    assert AuditEvent.objects.filter(action="organization.update").count() == 1
    assert viewer.get("/orgs/acme/settings").status_code == 401  # the viewer has no TOTP: their token stops
    assert owner_api.get("/orgs/acme/settings").status_code == 200
