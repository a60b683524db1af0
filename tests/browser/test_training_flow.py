"""In Chromium (issue #17 item 3): a training recorded for a person through the pages makes them trained for the AI
system they oversee, and the AI-literacy view says so (EU AI Act Art. 4, 26(2); ISO/IEC 42001 7.2 d)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.training.world import World, days

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(driver, css, timeout=20):
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, css))


def test_recording_a_training_changes_the_literacy_view(browser_for, member):
    w = World(member)
    w.record(w.ann, w.triage_course, days(-5))
    d = browser_for(w.manager.user)
    d.get(f"{d.base}/o/acme/training/ai-literacy/{w.triage.pk}/")
    row = wait_for(d, f"tr[data-person='{w.olu.pk}'] [data-trained]")
    assert row.get_attribute("data-trained") == "no" and "Art. 26(2) gap" in d.page_source

    d.get(f"{d.base}/o/acme/training/records/new")
    wait_for(d, "form")
    Select(d.find_element(By.NAME, "person")).select_by_visible_text("Olu Overseer")
    Select(d.find_element(By.NAME, "course")).select_by_visible_text("Triage tool")
    completed = d.find_element(By.NAME, "completed_on")
    d.execute_script("arguments[0].value = arguments[1];", completed, days(-1).isoformat())
    d.find_element(By.CSS_SELECTOR, "input[name=result][value=passed]").click()
    d.find_element(By.CSS_SELECTOR, "form button.button--primary[type=submit]").click()
    wait_for(d, "#h-record-status")
    assert "Olu Overseer" in d.page_source

    d.get(f"{d.base}/o/acme/training/ai-literacy/{w.triage.pk}/")
    row = wait_for(d, f"tr[data-person='{w.olu.pk}'] [data-trained]")
    assert row.get_attribute("data-trained") == "yes" and "Art. 26(2) gap" not in d.page_source
    d.get(f"{d.base}/o/acme/training/ai-literacy/")
    cells = wait_for(d, f"tr[data-system='{w.triage.pk}']")
    assert cells.find_element(By.CSS_SELECTOR, "[data-trained]").text == "2"
    assert cells.find_element(By.CSS_SELECTOR, "[data-untrained]").text == "0"
