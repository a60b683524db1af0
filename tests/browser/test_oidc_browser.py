"""Single sign-on in a real browser (issue #14, item 6): headless Chromium presses "Sign in with …" on Forty2's
sign-in page, signs in on the loopback OpenID Connect provider's own pages and lands in the organisation —
cookies (SameSite=Lax), redirects and forms as a person's browser handles them. Name resolution is limited to
this machine, so the provider page's web-font link goes nowhere."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forty2.accounts.sso_settings import oidc_apps, provider_origins
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role
from tests.accounts.oidc_idp import PROVIDER_ID, OidcProvider

from .conftest import CHROMEDRIVER, CHROMIUM

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def idp(live_server, tmp_path):
    provider = OidcProvider(f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/", tmp_path)
    yield provider
    provider.stop()


@pytest.fixture
def chromium():
    if not (CHROMEDRIVER and CHROMIUM):
        pytest.skip("Chromium and chromedriver are not installed (make browser installs Debian's packages)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def click(driver, xpath):
    driver.find_element(By.XPATH, xpath).click()


def test_a_member_signs_in_with_single_sign_on_in_a_browser(chromium, idp, live_server, settings, member):
    apps = oidc_apps(idp.env())
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": apps, "OAUTH_PKCE_ENABLED": True}}
    # as forty2/settings.py does for the providers of the environment: the sign-in redirect is a form action
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "form-action": [
        *directives["form-action"], *provider_origins(apps)]}}
    member(Role.CONTRIBUTOR, email="alice@acme.example")
    wait = WebDriverWait(chromium, 30)
    chromium.get(f"{live_server.url}/accounts/login/")
    click(chromium, "//button[normalize-space()='Sign in with Test IdP']")
    wait.until(lambda d: d.find_elements(By.NAME, "login") and d.current_url.startswith(idp.issuer))
    chromium.find_element(By.NAME, "login").send_keys("alice")
    chromium.find_element(By.NAME, "password").send_keys("any password")
    click(chromium, "//button[@type='submit']")
    wait.until(lambda d: d.find_elements(By.XPATH, "//button[normalize-space()='Continue']"))
    click(chromium, "//button[normalize-space()='Continue']")
    wait.until(lambda d: d.current_url == f"{live_server.url}/o/acme/")
    assert "Acme" in chromium.page_source
    assert AuditEvent.objects.filter(action="auth.login").latest("id").changes["method"] == "sso"
