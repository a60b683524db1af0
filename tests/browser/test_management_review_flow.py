"""Management review in a real browser (ISO/IEC 42001 9.3; issue #18): the AIMS manager plans a review, records top
management's attendance, holds it (the input pack freezes), records the minutes and an action; the owner approves
the outputs. No Content-Security-Policy violation on the way."""

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from forty2.people.models import Person
from forty2.records.approvals import content_hash
from forty2.review import services
from forty2.review.models import ManagementReview, ReviewAction
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def submit(driver, selector="form button[type=submit].button--primary"):
    button = driver.find_element(By.CSS_SELECTOR, selector)
    button.click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete"
                                    and button not in d.find_elements(By.CSS_SELECTOR, selector))


def test_plan_attend_hold_record_outputs_and_approve(browser_for, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    owner = member(Role.OWNER, email="ceo@acme.example")
    now = timezone.now()
    Person.objects.create(organization=manager.organization, name="Helen Carter", created_at=now, updated_at=now)
    today = timezone.localdate()
    driver = browser_for(manager.user)

    driver.get(f"{driver.base}/o/acme/management-reviews/new")
    driver.find_element(By.NAME, "title").send_keys("Management review 2026 H2")
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.NAME, "planned_on"),
                          today.isoformat())
    submit(driver)
    review = ManagementReview.objects.get(title="Management review 2026 H2")
    assert "Input pack (live preview)" in driver.page_source

    # holding without top management: refused with the reason in words
    driver.get(f"{driver.base}/o/acme/management-reviews/{review.pk}/edit")
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.NAME, "held_on"),
                          today.isoformat())
    submit(driver)
    submit(driver, "button[data-step=hold]")
    assert "speaks for top management" in driver.page_source
    assert ManagementReview.objects.get(pk=review.pk).status == "planned"

    driver.find_element(By.LINK_TEXT, "Add an attendee").click()
    Select(driver.find_element(By.NAME, "person")).select_by_visible_text("Helen Carter")
    driver.find_element(By.NAME, "role").send_keys("Chief Executive, chair")
    driver.find_element(By.CSS_SELECTOR, "input[name=top_management][value=True]").click()
    driver.find_element(By.CSS_SELECTOR, "input[name=attended][value=true]").click()
    submit(driver)
    assert "Helen Carter" in driver.page_source

    submit(driver, "button[data-step=hold]")
    review = ManagementReview.objects.get(pk=review.pk)
    assert review.status == "held" and review.pack_hash == content_hash(review.pack)
    assert "Input pack (frozen)" in driver.page_source and review.pack_hash in driver.page_source

    driver.get(f"{driver.base}/o/acme/management-reviews/{review.pk}/edit")
    driver.find_element(By.NAME, "minutes").send_keys("Every input reviewed.")
    driver.find_element(By.NAME, "change_decisions").send_keys("None.")
    submit(driver)
    driver.find_element(By.LINK_TEXT, "Add a decision or action").click()
    driver.find_element(By.NAME, "description").send_keys("Extend the discrepancy audit to every site")
    driver.find_element(By.CSS_SELECTOR, "input[name=kind][value=improvement]").click()
    Select(driver.find_element(By.NAME, "owner")).select_by_index(1)
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.NAME, "due_on"),
                          (today + dt.timedelta(days=30)).isoformat())
    submit(driver)
    action = ReviewAction.objects.get(review=review)
    assert action.improvement_id is not None and action.owner_id is not None
    assert not driver.find_elements(By.ID, "approve-outputs")  # the author may not approve (four-eyes)

    violations = [e for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert not violations, violations

    driver = browser_for(owner.user)
    driver.get(f"{driver.base}/o/acme/management-reviews/{review.pk}/")
    submit(driver, "#approve-outputs")
    assert "Approved" in driver.find_element(By.ID, "outputs-approval").text
    assert services.outputs_state(ManagementReview.objects.get(pk=review.pk)).approved
    violations = [e for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert not violations, violations
