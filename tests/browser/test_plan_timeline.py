"""The plan page in a real browser (issue #19 item 7): the timeline is server-rendered SVG with no script, and a
person moves a phase's planned end date; the phase then shows "set by a person" and the next phase follows."""

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forty2.planning import plan as plans
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_moves_a_phase_on_the_plan_page(browser_for, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    plans.create(manager, start_on=dt.date(2027, 1, 4))
    driver = browser_for(manager.user)
    driver.get(f"{driver.base}/o/acme/plan/")
    assert driver.find_element(By.ID, "timeline").tag_name == "svg"
    end = driver.find_element(By.ID, "planned_end-documentation")
    driver.execute_script("arguments[0].value = '2027-04-30'", end)
    button = driver.find_element(By.ID, "save-plan")
    button.click()
    WebDriverWait(driver, 20).until(lambda d: "set by a person" in d.find_element(By.ID, "phase-documentation").text)
    row = driver.find_element(By.ID, "phase-documentation").text
    assert "30 Apr 2027" in row
    assert "30 Apr 2027" in driver.find_element(By.ID, "phase-implementation").text  # the next phase follows
    violations = [e for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert violations == []
    phases = {p.key: p for p in plans.get(manager.organization).phases.all()}
    assert phases["documentation"].manual and phases["documentation"].planned_end == dt.date(2027, 4, 30)


def test_the_plan_page_does_not_scroll_sideways_on_a_390_px_phone(browser_for, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    plans.create(manager, start_on=dt.date(2027, 1, 4))
    phone = browser_for(manager.user, phone=True)
    for path in ("/o/acme/plan/", "/o/acme/plan/changes/"):
        phone.get(phone.base + path)
        page, view = phone.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert page <= view, (path, page, view)
