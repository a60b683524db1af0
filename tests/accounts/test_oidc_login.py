"""Single sign-on end to end against a real OpenID Connect provider on loopback (issue #14, item 6).

The provider is panva's oidc-provider run with node (tests/accounts/oidc_idp.py); Forty2 is the live server,
configured through the same FORTY2_OIDC_* variables an operator sets. A requests session plays the browser:
it follows redirects, keeps both sites' cookies and submits the provider's sign-in and consent forms.
"""

import logging

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

from forty2.accounts.models import User
from forty2.accounts.sso_settings import oidc_apps
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Organization, Role

from .oidc_idp import CLIENT_SECRET, PROVIDER_ID, OidcProvider, forms_of, submit, walk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def idp(live_server, tmp_path_factory):
    provider = OidcProvider(f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/",
                            tmp_path_factory.mktemp("oidc"))
    yield provider
    provider.stop()


@pytest.fixture
def site(idp, live_server, settings):
    """Forty2 configured for the provider exactly as from the environment; returns its base URL."""
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_apps(idp.env()), "OAUTH_PKCE_ENABLED": True}}
    return live_server.url


def start_sso(session, response):
    """Press "Sign in with Test IdP" on a Forty2 page."""
    start = f"/accounts/oidc/{PROVIDER_ID}/login/"
    index = next(i for i, form in enumerate(forms_of(response)) if start in form["url"])
    return submit(session, response, index=index)


def sso_sign_in(session, site, login):
    page = session.get(f"{site}/accounts/login/", timeout=30)
    assert "Sign in with Test IdP" in page.text
    return walk(session, start_sso(session, page), login=login, until=site)


def password_sign_in(session, site, email, password):
    page = session.get(f"{site}/accounts/login/", timeout=30)
    response = submit(session, page, index=0, login=email, password=password)
    assert response.url.startswith(site) and "/accounts/login/" not in response.url, response.text[:500]
    return response


def test_a_verified_address_of_a_member_signs_in_and_sees_their_organisation(site, member, caplog):
    member(Role.CONTRIBUTOR, email="alice@acme.example")
    caplog.set_level(logging.DEBUG)
    with requests.Session() as browser:
        page = sso_sign_in(browser, site, "alice")
        assert page.status_code == 200 and page.url == f"{site}/o/acme/"
        assert "Acme" in page.text
        api = browser.get(f"{site}/api/v1/orgs/acme/audit-events", timeout=30)
        assert api.status_code in (200, 403)  # signed in; a contributor may or may not read the audit log
        assert browser.get(f"{site}/api/v1/me/work", timeout=30).status_code == 200
    login = AuditEvent.objects.filter(action="auth.login").latest("id")
    assert login.actor_label == "alice@acme.example"
    assert login.changes["method"] == "sso" and login.changes["provider"] == PROVIDER_ID
    assert login.changes["subject"] == "alice"
    # nothing of the provider is stored, and its client secret shows in no log, event or table
    assert not SocialApp.objects.exists() and not SocialToken.objects.exists()
    assert not SocialAccount.objects.exists()
    assert CLIENT_SECRET not in caplog.text
    assert not AuditEvent.objects.filter(changes__icontains=CLIENT_SECRET).exists()


def test_an_unverified_address_is_refused(site, member):
    member(Role.OWNER, email="bob@acme.example")  # mallory's provider account names bob's address, unverified
    with requests.Session() as browser:
        page = sso_sign_in(browser, site, "mallory")
        assert page.status_code == 403
        assert "did not confirm that the e-mail address" in page.text and "bob@acme.example" in page.text
        dashboard = browser.get(f"{site}/o/acme/", timeout=30)
        assert "/accounts/login/" in dashboard.url  # not signed in
    refused = AuditEvent.objects.filter(action="auth.login_failed").latest("id")
    assert refused.changes["reason"] == "unverified" and refused.object_repr == "bob@acme.example"
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_an_unknown_address_is_refused_and_no_account_is_created(site, member):
    member(Role.OWNER, email="owner@acme.example")
    users = User.objects.count()
    with requests.Session() as browser:
        page = sso_sign_in(browser, site, "stranger")
        assert page.status_code == 403
        assert "No Forty2 account uses" in page.text and "nobody@elsewhere.example" in page.text
        assert "/accounts/login/" in browser.get(f"{site}/", timeout=30).url
    assert User.objects.count() == users
    assert not User.objects.filter(email__iexact="nobody@elsewhere.example").exists()
    assert AuditEvent.objects.filter(action="auth.login_failed").latest("id").changes["reason"] == "unknown"


def test_a_provider_limited_to_other_domains_cannot_vouch_for_an_address(site, idp, settings, member):
    member(Role.OWNER, email="alice@acme.example")
    apps = oidc_apps(idp.env(FORTY2_OIDC_DOMAINS="globex.example"))
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": apps, "OAUTH_PKCE_ENABLED": True}}
    with requests.Session() as browser:
        page = sso_sign_in(browser, site, "alice")
        assert page.status_code == 403 and "may not sign in addresses like" in page.text
        assert "/accounts/login/" in browser.get(f"{site}/o/acme/", timeout=30).url
    assert AuditEvent.objects.filter(action="auth.login_failed").latest("id").changes["reason"] == "domain"


def test_an_sso_only_organisation_refuses_a_password_session_and_admits_the_sso_one(site, member):
    alice = member(Role.OWNER, email="alice@acme.example").user
    alice.set_password("correct horse battery staple")
    alice.save()
    Organization.objects.filter(slug="acme").update(sso_only=True)
    with requests.Session() as browser:
        password_sign_in(browser, site, "alice@acme.example", "correct horse battery staple")
        refused = browser.get(f"{site}/o/acme/", timeout=30)
        assert refused.status_code == 403
        assert "admits members signed in with single sign-on only" in refused.text
        api = browser.get(f"{site}/api/v1/orgs/acme/audit-events", timeout=30)
        assert api.status_code == 403 and "single sign-on only" in api.json()["detail"]
        # the refusal page offers the provider's sign-in, and it brings the person back where they were
        page = walk(browser, start_sso(browser, refused), login="alice", until=site)
        assert page.status_code == 200 and page.url == f"{site}/o/acme/"
        assert browser.get(f"{site}/api/v1/orgs/acme/audit-events", timeout=30).status_code == 200


def test_a_member_with_two_factor_still_gives_the_code_after_single_sign_on(site, member):
    """allauth's TOTP step follows the provider's sign-in, and the session still counts as single sign-on."""
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    alice = member(Role.OWNER, email="alice@acme.example").user
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    Organization.objects.filter(slug="acme").update(sso_only=True, require_totp=True)
    with requests.Session() as browser:
        page = sso_sign_in(browser, site, "alice")
        assert "/accounts/2fa/authenticate/" in page.url  # not signed in yet
        assert browser.get(f"{site}/o/acme/", timeout=30).url != f"{site}/o/acme/"
        page = browser.get(f"{site}/accounts/2fa/authenticate/", timeout=30)
        code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
        page = submit(browser, page, index=0, code=code)
        assert page.status_code == 200 and page.url == f"{site}/o/acme/"
    assert AuditEvent.objects.filter(action="auth.login").latest("id").changes["method"] == "sso"
