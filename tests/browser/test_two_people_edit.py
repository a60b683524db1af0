"""Two people editing the same AI system in real browsers (issue "working together safely"): different fields
both survive without a conflict screen; the same field gives the three-way choice (ISO/IEC 42001 7.5.3)."""

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forty2.inventory.models import AISystem
from forty2.tenancy.models import Role
from tests.web.fixtures import make_system

pytestmark = pytest.mark.django_db(transaction=True)


def open_edit(driver, system):
    driver.get(f"{driver.base}/o/acme/ai-systems/{system.pk}/edit")
    assert "Edit" in driver.title


def type_into(driver, name, text):
    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(text)


def left_page(element):
    """True once ``element``'s page has been replaced. Chromium may answer a node of a page being replaced with a
    general "does not belong to the document" error instead of a stale-element one: both mean it is gone."""

    def gone(_driver):
        try:
            element.is_enabled()
        except WebDriverException:  # StaleElementReferenceException is one
            return True
        return False

    return gone


def save(driver):
    """Submit and wait for the next page (the old form element goes stale once it has loaded)."""
    button = driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit].button--primary")
    button.click()
    WebDriverWait(driver, 20).until(left_page(button))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def test_different_fields_merge_and_the_same_field_offers_a_choice(browser_for, member):
    alice, bob = member(Role.OWNER), member(Role.AIMS_MANAGER)
    system = make_system(alice, "Sepsis alert", purpose="Flags sepsis risk.")
    a, b = browser_for(alice.user), browser_for(bob.user)

    open_edit(b, system)  # Bob opens the form first …
    open_edit(a, system)
    type_into(a, "geography", "Ireland")
    type_into(a, "personal_data_notes", "DPIA 2026-07 approved")
    save(a)
    assert "/edit" not in a.current_url

    type_into(b, "purpose", "Flags sepsis risk on the wards.")  # … and saves after Alice, another field
    save(b)
    assert "/edit" not in b.current_url and "Choose what to keep" not in b.page_source
    system.refresh_from_db()
    assert system.purpose == "Flags sepsis risk on the wards."
    assert system.geography == "Ireland" and system.personal_data_notes == "DPIA 2026-07 approved"

    open_edit(a, system)
    open_edit(b, system)
    type_into(a, "purpose", "Alice's purpose.")
    save(a)
    type_into(b, "purpose", "Bob's purpose.")
    type_into(b, "business_unit", "Critical care")
    save(b)
    assert "Choose what to keep" in b.page_source
    for text in ("Flags sepsis risk on the wards.", "Alice's purpose.", "Bob's purpose."):
        assert text in b.page_source
    assert b.find_element(By.NAME, "business_unit").get_attribute("value") == "Critical care"
    b.find_element(By.CSS_SELECTOR, "input[name=resolve_purpose][value=theirs]").click()
    save(b)
    assert "/edit" not in b.current_url
    system = AISystem.objects.get(pk=system.pk)
    assert system.purpose == "Alice's purpose." and system.business_unit == "Critical care"
    assert system.geography == "Ireland"
