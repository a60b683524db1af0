"""The public concern channel in a real browser (Chromium): a visitor, signed out, raises an anonymous concern on
the public page and gets a follow-up code; a handler answers it; the visitor reads the answer with the code
(ISO/IEC 42001 A.3.3). The form posts with the Origin Chromium chooses and Django's CSRF check judges it."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forty2.incidents import services
from forty2.incidents.models import Concern
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _loaded(driver):
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _submit(driver, selector="form.form button.button--primary[type=submit]"):
    button = driver.find_element(By.CSS_SELECTOR, selector)
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "html") != old)
    _loaded(driver)


def test_an_anonymous_concern_and_its_answer_read_with_the_code(browser_for, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    services.set_channel(manager, enabled=True, intro="Tell us what worries you.")
    visitor = browser_for()  # signed out, no cookies
    visitor.get(f"{visitor.base}/c/acme/")
    assert "Tell us what worries you." in visitor.page_source
    visitor.find_element(By.NAME, "subject").send_keys("The triage tool ranks older patients lower")
    visitor.find_element(By.NAME, "description").send_keys("Seen on the ward twice this week.")
    assert visitor.find_element(By.NAME, "anonymous").is_selected()  # anonymous unless the visitor says otherwise
    _submit(visitor)
    code = visitor.find_element(By.ID, "follow-up-code").text.strip()
    assert len(code) == 24 and "/c/acme/" in visitor.current_url and code not in visitor.current_url

    concern = Concern.objects.get()
    assert concern.anonymous and not concern.reporter_email and concern.created_by_id is None
    handler = browser_for(manager.user)
    handler.get(f"{handler.base}/o/acme/incidents/concerns/{concern.pk}/edit")
    handler.find_element(By.NAME, "answer").send_keys("Thank you. We checked 200 cases and corrected the weighting.")
    _submit(handler)
    _submit(handler, "form[action$='/step/triage'] button")
    _submit(handler, "form[action$='/step/answer'] button")
    concern.refresh_from_db()
    assert concern.status == "answered"

    visitor.get(f"{visitor.base}/c/acme/follow-up")
    visitor.find_element(By.NAME, "code").send_keys(code)
    _submit(visitor)
    assert visitor.find_element(By.ID, "concern-status").text == "Answered"
    assert "corrected the weighting" in visitor.find_element(By.ID, "concern-answer").text
