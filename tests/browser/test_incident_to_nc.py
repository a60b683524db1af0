"""Closing the loop in a real browser (ISO/IEC 42001 10.2, A.8.4; issue #18 item 6): an AIMS manager opens a
nonconformity from an AI incident's page in one step — the form is prefilled from the incident — and lands on the
nonconformity; the incident's page then shows it. No Content-Security-Policy violation on the way."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forty2.improvement import loop
from forty2.improvement.models import Nonconformity
from forty2.incidents import services as incidents
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_open_a_nonconformity_from_an_incident(browser_for, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    incident = incidents.create_incident(manager, {"title": "Urgent scan ranked low", "severity": "high",
                                                   "aware_on": timezone.localdate().isoformat(),
                                                   "description": "An urgent chest CT waited two days."})
    driver = browser_for(manager.user)
    driver.get(f"{driver.base}/o/acme/incidents/{incident.pk}/")
    title = driver.find_element(By.ID, "loop-title")
    assert title.get_attribute("value") == "AI incident: Urgent scan ranked low"
    assert driver.find_element(By.ID, "loop-ref").get_attribute("value") == "A.8.4"
    assert "An urgent chest CT waited two days." in driver.find_element(By.ID, "loop-evidence").get_attribute("value")
    driver.find_element(By.CSS_SELECTOR, "input[name=kind][value=major_nc]").click()
    driver.find_element(By.XPATH, "//button[normalize-space()='Open a nonconformity']").click()
    WebDriverWait(driver, 20).until(lambda d: Nonconformity.objects.exists() and "opened" in d.page_source)
    nc = Nonconformity.objects.select_related("finding").get()
    assert nc.severity == "major_nc" and nc.finding.incident_id == incident.pk and nc.state == "open"
    target = loop.nc_url(nc.organization, nc) or f"/o/acme/incidents/{incident.pk}/"
    assert driver.current_url.endswith(target)
    driver.get(f"{driver.base}/o/acme/incidents/{incident.pk}/")
    section = driver.find_element(By.CSS_SELECTOR, "[data-loop=incident]")
    assert "AI incident: Urgent scan ranked low" in section.text and "Major nonconformity" in section.text
    assert not section.find_elements(By.ID, "loop-title")  # open already: not offered again
    violations = [e for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert not violations, violations
