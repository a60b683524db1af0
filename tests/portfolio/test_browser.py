"""The portfolio in a real browser (issue #19 item 10): a consultant in two organisations sees both rows, sorts
the table and follows one row to that organisation's overview."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_consultant_sees_both_organisations_and_follows_one(browser_for, consultant):
    driver = browser_for(consultant)
    driver.get(driver.base + "/")
    rows = driver.find_elements(By.CSS_SELECTOR, "#portfolio tbody tr")
    names = [r.find_element(By.CSS_SELECTOR, "td a").text for r in rows]
    assert names == ["Acme", "Globex"]
    assert "Initech" not in driver.page_source
    assert all(r.find_element(By.CSS_SELECTOR, "td.readiness").text.endswith("%") for r in rows)
    driver.find_element(By.LINK_TEXT, "Overdue").click()
    WebDriverWait(driver, 20).until(lambda d: "sort=overdue" in d.current_url)
    first = driver.find_element(By.CSS_SELECTOR, "#portfolio tbody tr td a")
    assert first.text == "Acme"  # its surveillance audit is overdue
    driver.find_element(By.LINK_TEXT, "Globex").click()
    WebDriverWait(driver, 20).until(lambda d: d.current_url.rstrip("/").endswith("/o/globex"))
    assert "Globex" in driver.find_element(By.TAG_NAME, "h1").text or "Globex" in driver.title
    violations = [e for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert violations == []


def test_the_portfolio_does_not_scroll_sideways_on_a_390_px_phone(browser_for, consultant):
    phone = browser_for(consultant, phone=True)
    phone.get(phone.base + "/")
    body_width, view = phone.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert body_width <= view
