"""A 1,000-character file name on an upload page, in Chromium (issue #15: it got a bare 400): the page says so
beside the file field before sending, keeping what was typed; a form sent anyway (no script) gets the styled page
naming the problem with a way back to the form, and nothing is saved (ISO/IEC 42001 7.5.3, documented
information kept intact; OWASP ASVS V5.2)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forty2.evidence.models import Evidence
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

CHOOSE_LONG_NAME = """
var input = document.querySelector('input[type=file]');
var files = new DataTransfer();
files.items.add(new File(['minutes of the AI committee'], 'a'.repeat(996) + '.txt', {type: 'text/plain'}));
input.files = files.files;
input.dispatchEvent(new Event('change', {bubbles: true}));
"""


def test_a_1000_character_file_name_is_named_before_sending_and_refused_on_a_styled_page(browser_for, member):
    owner = member(Role.OWNER)
    page = browser_for(owner.user)
    page.get(f"{page.base}/o/acme/evidence/new")
    page.find_element(By.NAME, "title").send_keys("AI committee minutes")
    page.execute_script(CHOOSE_LONG_NAME)
    error = page.find_element(By.CSS_SELECTOR, "p.field-error[id$='-name-error']")
    assert "The file name is too long (1000 characters; at most 255)" in error.text
    assert page.find_element(By.CSS_SELECTOR, "input[type=file]").get_attribute("aria-invalid") == "true"

    page.find_element(By.CSS_SELECTOR, "form.form button.button--primary[type=submit]").click()
    assert page.current_url.endswith("/o/acme/evidence/new")  # not sent: what was typed is still there
    assert page.find_element(By.NAME, "title").get_attribute("value") == "AI committee minutes"
    assert page.switch_to.active_element.get_attribute("type") == "file"

    old = page.find_element(By.TAG_NAME, "html")
    page.execute_script("document.querySelector('form.form').submit()")  # as a browser without the script would
    WebDriverWait(page, 20).until(lambda d: d.find_element(By.TAG_NAME, "html") != old)
    assert page.find_element(By.TAG_NAME, "h1").text == "The file name is too long"
    assert "at most 255 characters" in page.find_element(By.CSS_SELECTOR, "[data-error=request]").text
    assert page.execute_script(
        "return getComputedStyle(document.querySelector('.notice')).borderLeftWidth") == "5px"  # styled
    back = page.find_element(By.LINK_TEXT, "Back to the form")
    assert back.get_attribute("href") == f"{page.base}/o/acme/evidence/new"
    assert not Evidence.objects.exists()
