"""The demo organisation's home page in a real browser (issue #19 item 9): the path to certification is the first
section under the page's heading, and one click on a "next thing" opens the page that fixes it."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forty2 import demo
from forty2.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_home_page_leads_with_the_path_and_one_click_opens_the_fix(browser_for):
    demo.build(password="home-demo-password-42")
    driver = browser_for(User.objects.get(email="admin@acme.example"))
    driver.get(f"{driver.base}/o/acme-health/")
    sections = driver.find_elements(By.CSS_SELECTOR, "main section")
    assert sections and sections[0].get_attribute("id") == "path"  # the first panel of the page
    panel = sections[0]
    assert panel.find_element(By.TAG_NAME, "h2").text == "Path to certification"
    assert panel.find_element(By.ID, "path-headline").text.startswith("Certified — ")  # Acme was certified
    assert panel.find_element(By.ID, "path-readiness").text.endswith("%")
    items = panel.find_elements(By.CSS_SELECTOR, "#path-next > li")
    assert len(items) == 3
    link = items[0].find_element(By.CSS_SELECTOR, "a[data-next-link]")
    href = link.get_attribute("href")
    assert link.text.startswith("Fix")
    link.click()
    WebDriverWait(driver, 20).until(lambda d: d.current_url == href)
    assert "Not found" not in driver.title and "Forbidden" not in driver.title
    assert driver.find_element(By.TAG_NAME, "h1").text  # the fix page itself, rendered
    violations = [e for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert violations == []
