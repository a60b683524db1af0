"""Single sign-on configuration: providers from the environment only, the secret kept out of messages, the
sign-in page's button only when configured, and how a session's single sign-on is remembered."""

import os
import subprocess
import sys
import time

import pytest
from allauth.account.internal.flows.login import record_authentication
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from forty2.accounts import sso
from forty2.accounts.checks import oidc_over_https
from forty2.accounts.sso_settings import OidcConfigError, oidc_apps, provider_origins

SECRET = "very-secret-value-1234"
ONE = {"FORTY2_OIDC_ISSUER": "https://login.example.com/realms/acme/", "FORTY2_OIDC_CLIENT_ID": "forty2",
       "FORTY2_OIDC_CLIENT_SECRET": SECRET, "FORTY2_OIDC_NAME": "Acme login"}


def configure(settings, env=None):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_apps(env or ONE),
                                                           "OAUTH_PKCE_ENABLED": True}}


def test_one_provider_from_the_environment():
    [app] = oidc_apps(ONE)
    assert app["provider_id"] == "sso" and app["name"] == "Acme login"
    assert app["client_id"] == "forty2" and app["secret"] == SECRET
    assert app["settings"]["server_url"] == "https://login.example.com/realms/acme"
    assert app["settings"]["openid_configuration_overrides"] == {"issuer": "https://login.example.com/realms/acme/"}
    assert app["settings"]["oauth_pkce_enabled"] is True
    assert app["settings"]["email_domains"] == []
    assert oidc_apps({**ONE, "FORTY2_OIDC_DOMAINS": "Acme.example, @acme.co.uk"})[0]["settings"][
        "email_domains"] == ["acme.co.uk", "acme.example"]
    assert oidc_apps({}) == []


def test_the_secret_can_come_from_a_file(tmp_path):
    secret_file = tmp_path / "oidc-secret"
    secret_file.write_text(SECRET + "\n")
    env = {**ONE, "FORTY2_OIDC_CLIENT_SECRET": "", "FORTY2_OIDC_CLIENT_SECRET_FILE": str(secret_file)}
    assert oidc_apps(env)[0]["secret"] == SECRET


def test_several_providers_as_json():
    env = {"FORTY2_OIDC_PROVIDERS": '[{"id": "acme", "name": "Acme", "issuer": "https://a.example", '
                                    '"client_id": "f2", "client_secret": "s1"}, {"id": "globex", '
                                    '"issuer": "https://g.example", "client_id": "f2", "client_secret": "s2"}]'}
    apps = oidc_apps(env)
    assert [(a["provider_id"], a["name"], a["secret"]) for a in apps] == [("acme", "Acme", "s1"),
                                                                          ("globex", "single sign-on", "s2")]


def test_the_providers_origins_may_receive_the_sign_in_redirect(tmp_path):
    """The sign-in form posts to Forty2, which redirects to the provider: the policy's form-action must name the
    provider's origin or browsers stop there (the deploy check's forty2.W010 would say so)."""
    env = {"FORTY2_OIDC_PROVIDERS": '[{"id": "acme", "issuer": "https://a.example:8443/realms/x", '
                                    '"client_id": "f2", "client_secret": "s1"}, {"id": "globex", '
                                    '"issuer": "https://g.example", "client_id": "f2", "client_secret": "s2"}]'}
    assert provider_origins(oidc_apps(env)) == ["https://a.example:8443", "https://g.example"]
    script = ("from django.conf import settings; "
              "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])")
    run = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + script], capture_output=True,
                         text=True, timeout=60, env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "forty2.settings",
                                                     "FORTY2_DATA_DIR": str(tmp_path)})
    assert run.stdout.strip() == "[\"'self'\", 'https://a.example:8443', 'https://g.example']", run.stderr


@pytest.mark.parametrize(("env", "says"), [
    ({**ONE, "FORTY2_OIDC_CLIENT_SECRET": ""}, "client secret is missing"),
    ({**ONE, "FORTY2_OIDC_ISSUER": "login.example.com"}, "issuer must be"),
    ({**ONE, "FORTY2_OIDC_CLIENT_ID": ""}, "client_id is missing"),
    ({**ONE, "FORTY2_OIDC_ID": "Not Valid!"}, "must be 1-40 lower-case"),
    ({"FORTY2_OIDC_PROVIDERS": '{"id": "x"'}, "not valid JSON"),
    ({"FORTY2_OIDC_PROVIDERS": '{"id": "x"}'}, "must be a JSON list"),
    ({"FORTY2_OIDC_PROVIDERS": f'[{{"id": "a", "issuer": "https://a.example", "client_id": "c", '
                               f'"client_secret": "{SECRET}"}}, {{"id": "a", "issuer": "https://b.example", '
                               f'"client_id": "c", "client_secret": "{SECRET}"}}]'}, "its own id"),
])
def test_a_misconfiguration_names_what_is_wrong_never_the_secret(env, says):
    with pytest.raises(OidcConfigError) as raised:
        oidc_apps(env)
    assert says in str(raised.value) and SECRET not in str(raised.value)


def test_the_command_line_says_it_in_one_line_and_exits_2(tmp_path):
    env = {**os.environ, **ONE, "FORTY2_OIDC_CLIENT_SECRET": "", "FORTY2_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "forty2.cli", "check"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == ("forty2: error: FORTY2_OIDC_*: the client secret is missing "
                                   "(client_secret or client_secret_file).")


def test_the_sign_in_page_offers_single_sign_on_only_when_configured(client, settings):
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
    configure(settings)
    page = client.get("/accounts/login/?next=/o/acme/").content.decode()
    assert 'action="/accounts/oidc/sso/login/"' in page and "Sign in with Acme login" in page
    assert 'name="next" value="/o/acme/"' in page
    assert "<script>" not in page and "onclick" not in page  # no inline script (strict CSP)


def test_deploy_check_warns_about_a_plain_http_issuer(settings):
    configure(settings)
    assert oidc_over_https() == []
    configure(settings, {**ONE, "FORTY2_OIDC_ISSUER": "http://login.example.com"})
    assert [w.id for w in oidc_over_https()] == ["forty2.W040"]


def test_linking_a_provider_to_an_account_is_not_offered(client, member, settings):
    configure(settings)
    client.force_login(member().user)
    assert client.get("/accounts/3rdparty/").status_code == 404
    assert client.get("/accounts/3rdparty/signup/").status_code == 404


@pytest.fixture
def request_for(member):
    def make():
        request = RequestFactory().get("/")
        request.session = SessionStore()
        return request
    return make


def test_a_session_is_marked_by_its_last_sign_in(settings, member, request_for):
    configure(settings)
    user, request = member().user, request_for()
    record_authentication(request, user, "socialaccount", provider="sso", uid="sub-1")
    assert sso.remember_login(request, user)["uid"] == "sub-1"
    assert sso.signed_in_with_sso(request)
    record_authentication(request, user, "mfa", type="totp")  # a second factor keeps it single sign-on
    assert sso.remember_login(request, user) and sso.signed_in_with_sso(request)
    record_authentication(request, user, "password")  # a later password sign-in clears it
    assert sso.remember_login(request, user) is None and not sso.signed_in_with_sso(request)


def test_a_stale_or_foreign_single_sign_on_step_does_not_count(settings, member, request_for):
    configure(settings)
    user = member().user
    stale = request_for()
    record_authentication(stale, user, "socialaccount", provider="sso", uid="sub-1")
    stale.session["account_authentication_methods"][-1]["at"] = time.time() - 3600
    assert sso.remember_login(stale, user) is None
    unknown = request_for()
    record_authentication(unknown, user, "socialaccount", provider="removed-provider", uid="sub-1")
    assert sso.remember_login(unknown, user) is None
    # a provider removed from the configuration no longer vouches for sessions it signed in
    marked = request_for()
    record_authentication(marked, user, "socialaccount", provider="sso", uid="sub-1")
    sso.remember_login(marked, user)
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    assert not sso.signed_in_with_sso(marked)


def test_without_a_provider_its_addresses_do_not_exist(client):
    assert client.post("/accounts/oidc/sso/login/").status_code == 404
    assert client.get("/accounts/oidc/sso/login/callback/?code=x&state=y").status_code == 404


def test_a_provider_stored_in_the_database_is_ignored(client, db):
    from allauth.socialaccount.models import SocialApp

    SocialApp.objects.create(provider="openid_connect", provider_id="sso", name="Rogue", client_id="x",
                             secret="stored-secret", settings={"server_url": "https://rogue.example"})
    assert client.post("/accounts/oidc/sso/login/").status_code == 404
    assert "Rogue" not in client.get("/accounts/login/").content.decode()


def test_a_forged_callback_is_refused_and_audited(client, settings, db):
    from forty2.core.models import AuditEvent

    configure(settings)
    page = client.get("/accounts/oidc/sso/login/callback/?code=stolen&state=forged")
    assert page.status_code == 401 and "Single sign-on did not complete" in page.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="auth.login_failed").latest("id")
    assert event.changes["method"] == "sso" and event.changes["provider"] == "sso"


def test_the_error_report_hides_the_client_secret(settings):
    from django.views.debug import SafeExceptionReporterFilter

    configure(settings)
    settings.OIDC_APPS = oidc_apps(ONE)
    shown = repr(SafeExceptionReporterFilter().get_safe_settings())
    assert "login.example.com" in shown and SECRET not in shown
