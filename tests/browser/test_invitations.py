"""Invitations in a real browser (Chromium): the invite → accept flow works end to end (issue #15: the accept
page's "no-referrer" made Chromium post "Origin: null" and Django's CSRF check refused it), and the account
takeover of issue #14, finding 1 fails: another organisation's owner invites an Acme member's address, opens
the link shown to him signed out, and gains nothing."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from forty2.accounts.models import User
from forty2.tenancy.models import Membership, Role
from tests.browser.conftest import sent_requests

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-enough-passphrase-42"


def _loaded(driver):
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _submit(driver, selector):
    button = driver.find_element(By.CSS_SELECTOR, selector)
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "html") != old)
    _loaded(driver)


def _invite_on_people_page(driver, org, email, role="contributor"):
    """People → Add person; returns the link the page shows (no mail server configured)."""
    driver.get(f"{driver.base}/o/{org}/members/")
    driver.find_element(By.NAME, "email").send_keys(email)
    Select(driver.find_element(By.NAME, "role")).select_by_value(role)
    _submit(driver, "form.form button.button--primary[type=submit]")
    return driver.find_element(By.ID, "invitation-link").text.strip()


def _type(driver, name, text):
    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(text)


def test_a_new_person_accepts_an_invitation_in_a_fresh_browser(browser_for, member, live_server, settings):
    """Invite on the People page → open the link in another browser → name and password → Accept → in the
    organisation; then sign out and sign in with that password → back in the organisation. Nothing is faked:
    the form posts with the Origin Chromium chooses under the page's own Referrer-Policy, and Django's CSRF
    check (on, as in production) judges it."""
    owner = member(Role.OWNER, email="owner@acme.example")
    settings.SITE_URL = live_server.url
    link = _invite_on_people_page(browser_for(owner.user), "acme", "nora@acme.example")
    assert link.startswith(live_server.url + "/invitations/")

    fresh = browser_for(network=True)  # another person's browser: no cookies
    fresh.get(link)
    assert "Acme" in fresh.page_source
    assert all(c["name"] != settings.SESSION_COOKIE_NAME for c in fresh.get_cookies())  # nobody signed in
    _type(fresh, "full_name", "Nora Quinn")
    _type(fresh, "password", PASSWORD)
    _type(fresh, "password_again", PASSWORD)
    sent_requests(fresh)  # forget the page load
    _submit(fresh, "form.form button.button--primary[type=submit]")
    accept = [r for r in sent_requests(fresh) if "/invitations/" in r["url"]]
    assert accept, "the Accept form was not posted"
    origin = accept[0]["headers"].get("Origin")
    assert origin == live_server.url, f"Chromium sent Origin {origin!r} (a 'no-referrer' page makes it 'null')"
    assert link.split("/invitations/")[1] not in accept[0]["headers"].get("Referer", "")  # the token stays private
    assert "CSRF" not in fresh.page_source and "Forbidden" not in fresh.title
    assert fresh.current_url == f"{live_server.url}/o/acme/"
    assert "Welcome to Acme" in fresh.page_source
    nora = Membership.objects.get(user__email="nora@acme.example", organization__slug="acme")
    assert nora.role == Role.CONTRIBUTOR and nora.user.full_name == "Nora Quinn"

    # the account works on its own: sign out from the account menu, sign in with the chosen password
    fresh.find_element(By.CSS_SELECTOR, ".user-menu summary").click()
    _submit(fresh, ".user-menu form button[type=submit]")
    assert "/accounts/login/" in fresh.current_url
    fresh.get(f"{live_server.url}/o/acme/")
    assert "/accounts/login/" in fresh.current_url  # really signed out
    _type(fresh, "login", "nora@acme.example")
    _type(fresh, "password", PASSWORD)
    _submit(fresh, "form button[type=submit]")
    assert fresh.current_url.startswith(f"{live_server.url}/o/acme/"), fresh.current_url
    assert "Nora Quinn" in fresh.find_element(By.CSS_SELECTOR, ".user-menu summary").text


def test_another_organisations_owner_cannot_take_over_an_acme_account(browser_for, member, globex,
                                                                       live_server, settings):
    settings.SITE_URL = live_server.url
    no_password = member(Role.AIMS_MANAGER, email="legacy@acme.example").user  # added before invitations
    with_password = member(Role.OWNER, email="owner@acme.example").user
    with_password.set_password(PASSWORD)
    with_password.save()
    globex_owner = member(Role.OWNER, org=globex, email="owner@globex.example")
    attacker = browser_for(globex_owner.user)
    first = _invite_on_people_page(attacker, "globex", no_password.email, role="viewer")
    second = _invite_on_people_page(attacker, "globex", with_password.email, role="viewer")

    signed_out = browser_for()
    signed_out.get(first)
    assert "Its password can only be set from a link mailed to the address" in signed_out.page_source
    assert not signed_out.find_elements(By.NAME, "password")
    signed_out.get(second)
    assert "Sign in to accept" in signed_out.page_source and not signed_out.find_elements(By.NAME, "password")

    for email in (no_password.email, with_password.email):  # no way into Acme with either address
        signed_out.get(f"{live_server.url}/accounts/login/")
        _type(signed_out, "login", email)
        _type(signed_out, "password", PASSWORD + "-guess")
        _submit(signed_out, "form button[type=submit]")
        signed_out.get(f"{live_server.url}/o/acme/")
        assert "/accounts/login/" in signed_out.current_url
    assert not User.objects.get(pk=no_password.pk).has_usable_password()
    assert User.objects.get(pk=with_password.pk).check_password(PASSWORD)
    assert not Membership.objects.filter(organization__slug="globex").exclude(user=globex_owner.user).exists()
