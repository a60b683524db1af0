"""``forty2 check --deploy`` (issue #14, web security): clean with the documented production environment, and each
part of that environment is what silences its warning. Run as a separate process, as an operator would, so the
settings really come from the environment (OWASP ASVS 5.0 V13.4, V3.4)."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.core.checks import run_checks

from forty2.core.checks import csp_problem

#: The production environment of docs/operations.md. A new deploy check belongs here with the variable that
#: satisfies it (nothing connects to these hosts: `check` reads settings only).
PRODUCTION = {
    "FORTY2_SECRET_KEY": "k" * 20 + "-a-long-random-value-from-the-secret-store-" + "9" * 20,
    "DATABASE_URL": "postgres://forty2:secret@db.invalid:5432/forty2",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "FORTY2_ALLOWED_HOSTS": "aims.example.com",
    "FORTY2_CSRF_TRUSTED_ORIGINS": "https://aims.example.com",
    "FORTY2_SITE_URL": "https://aims.example.com",
    "FORTY2_SECURE_COOKIES": "true",
    "FORTY2_SSL_REDIRECT": "true",
    "FORTY2_HSTS_SECONDS": "31536000",
    "FORTY2_BEHIND_PROXY": "true",
    "FORTY2_TRUSTED_PROXY_COUNT": "1",
    "FORTY2_EMAIL_HOST": "smtp.example.com",
    "FORTY2_EMAIL_FROM": "aims@example.com",
    "FORTY2_S3_BUCKET": "forty2-files",
    "FORTY2_S3_REGION": "eu-central-1",
}


def deploy_check(tmp_path, **env) -> tuple[int, str, set[str]]:
    """Run `forty2 check --deploy --fail-level WARNING` with only ``env`` (plus the data dir) configured."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("FORTY2_", "DJANGO_")) and k not in {"DATABASE_URL", "REDIS_URL"}}
    base.update(FORTY2_DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1", **env)
    done = subprocess.run([sys.executable, "-m", "forty2.cli", "check", "--deploy", "--fail-level", "WARNING"],
                          env=base, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    return done.returncode, output, set(re.findall(r"\(([a-z0-9_]+\.[A-Z]\d{3})\)", output))


def test_the_documented_production_environment_passes_the_deploy_check(tmp_path):
    code, output, ids = deploy_check(tmp_path, **PRODUCTION)
    assert ids == set(), output
    assert code == 0, output
    assert "no issues" in output
    assert PRODUCTION["FORTY2_SECRET_KEY"] not in output


def test_an_install_without_it_is_told_what_is_missing(tmp_path):
    """The embedded defaults (fine on a laptop) fail the deploy check, one warning per missing piece."""
    code, output, ids = deploy_check(tmp_path)
    assert code != 0
    assert {"security.W004", "security.W008", "security.W012", "security.W016",  # HSTS, HTTPS, cookies
            "forty2.W001", "forty2.W002", "forty2.W003", "forty2.W004", "forty2.W005"} <= ids, output
    assert "security.W021" not in ids  # HSTS preload: the domain owner's choice, not reported


def test_a_short_hsts_period_is_reported(tmp_path):
    code, output, ids = deploy_check(tmp_path, **{**PRODUCTION, "FORTY2_HSTS_SECONDS": "3600"})
    assert ids == {"forty2.W011"} and "less than a year" in output


@pytest.mark.parametrize("missing, warning", [
    ("FORTY2_HSTS_SECONDS", "security.W004"),
    ("FORTY2_SSL_REDIRECT", "security.W008"),
    ("FORTY2_SECURE_COOKIES", "security.W012"),
])
def test_each_https_setting_is_needed(tmp_path, missing, warning):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    code, output, ids = deploy_check(tmp_path, **env)
    assert warning in ids and code != 0, output


# --- The Content-Security-Policy check (forty2.W009) ---------------------------------------------------------

def test_the_shipped_policy_passes_its_own_check():
    assert csp_problem() is None


@pytest.mark.parametrize("change, problem", [
    ({"script-src": ["'self'", "'unsafe-inline'"]}, "allows 'unsafe-inline' in script-src"),
    ({"script-src": ["'self'", "'unsafe-eval'"]}, "allows 'unsafe-eval' in script-src"),
    ({"script-src": ["'self'", "https:"]}, "allows https: in script-src"),
    ({"style-src": ["'self'", "'unsafe-inline'"]}, "allows 'unsafe-inline' in style-src"),
    ({"script-src": None, "default-src": ["*"]}, "allows * in script-src"),
    ({"script-src": None, "default-src": None}, "sets no script-src"),
])
def test_a_loosened_policy_is_reported(settings, change, problem):
    directives = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], **change}
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {k: v for k, v in directives.items() if v is not None}}
    assert problem in csp_problem()
    warnings = [m for m in run_checks(include_deployment_checks=True) if m.id == "forty2.W009"]
    assert len(warnings) == 1 and problem in warnings[0].msg


def test_a_missing_csp_middleware_is_reported(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "csp.middleware.CSPMiddleware"]
    assert "is not sent" in csp_problem()


def test_an_openid_connect_provider_outside_form_action_is_reported(settings):
    """Browsers apply form-action to the redirect that follows a form post (Chromium refuses it): allauth's
    sign-in form posts to Forty2, which redirects to the provider, so the provider's origin must be allowed."""
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [
        {"provider_id": "corp", "settings": {"server_url": "https://id.example.com/realms/corp"}}]}}
    warnings = [m for m in run_checks(include_deployment_checks=True) if m.id == "forty2.W010"]
    assert len(warnings) == 1 and "https://id.example.com" in warnings[0].msg
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
        **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "form-action": ["'self'", "https://id.example.com"]}}
    assert not [m for m in run_checks(include_deployment_checks=True) if m.id == "forty2.W010"]


SHOW = """
import json
import django
django.setup()
from django.conf import settings as s
print(json.dumps({"session": s.SESSION_COOKIE_NAME, "csrf": s.CSRF_COOKIE_NAME, "secure": s.SESSION_COOKIE_SECURE,
                  "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD],
                  "redirect": s.SECURE_SSL_REDIRECT,
                  "form_action": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]}))
"""


def production_settings(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FORTY2_", "DJANGO_"))}
    done = subprocess.run([sys.executable, "-c", SHOW], capture_output=True, text=True, timeout=120,
                          env={**base, **env, "FORTY2_DATA_DIR": str(tmp_path),
                               "DJANGO_SETTINGS_MODULE": "forty2.settings"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_settings_come_from_the_environment(tmp_path):
    """Over HTTPS the cookies are Secure and __Host- prefixed (no sibling subdomain can plant them, ASVS 5.0
    V3.3.1), HSTS covers subdomains (V3.4.1), and extra form-action origins are read from FORTY2_CSP_FORM_ACTION."""
    shown = production_settings(tmp_path, **PRODUCTION,
                                FORTY2_CSP_FORM_ACTION="https://id.example.com, https://login.example.org")
    assert shown == {"session": "__Host-sessionid", "csrf": "__Host-csrftoken", "secure": True,
                     "hsts": [31536000, True, False], "redirect": True,
                     "form_action": ["'self'", "https://id.example.com", "https://login.example.org"]}
