"""Internal audit in a real browser (ISO/IEC 42001 9.2.1): an AIMS manager plans an audit, adds an auditor to the
team, starts it and records a result on the checklist; the owner approves the report. No Content-Security-Policy
violation on the way."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from forty2.audits import services
from forty2.audits.models import Audit
from forty2.people.models import Person
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _click(driver, text):
    driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']").click()


def test_plan_add_an_auditor_record_a_result_and_approve_the_report(browser_for, member, acme):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    owner = member(Role.OWNER, email="owner@acme.example")
    now = timezone.now()
    Person.objects.create(organization=acme, name="Samuel Osei", created_at=now, updated_at=now)
    driver = browser_for(manager.user)
    driver.get(f"{driver.base}/o/acme/audits/new")
    driver.find_element(By.NAME, "title").send_keys("Internal audit — operations")
    driver.find_element(By.CSS_SELECTOR, "input[name=scope_clauses][value='8.1']").click()
    driver.find_element(By.CSS_SELECTOR, "input[name=scope_controls][value='A.6.2.6']").click()
    _click(driver, "Add audit")
    WebDriverWait(driver, 20).until(lambda d: "Audit team" in d.page_source)
    audit = Audit.objects.get(title="Internal audit — operations")
    assert sorted(audit.items.values_list("ref", flat=True)) == ["8.1", "A.6.2.6"]

    Select(driver.find_element(By.ID, "auditor-person")).select_by_visible_text("Samuel Osei")
    Select(driver.find_element(By.ID, "auditor-role")).select_by_value("lead")
    _click(driver, "Add to the team")
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "team"))
    assert "Samuel Osei" in driver.find_element(By.ID, "team").text
    _click(driver, "Start the audit")
    WebDriverWait(driver, 20).until(lambda d: "Status: In progress" in d.page_source)

    driver.find_element(By.ID, "open-checklist").click()
    item = audit.items.get(ref="8.1")
    Select(driver.find_element(By.ID, f"result-{item.pk}")).select_by_value("minor_nc")
    driver.find_element(By.ID, f"notes-{item.pk}").send_keys("Two change records without approval.")
    _click(driver, "Save the result of 8.1")
    WebDriverWait(driver, 20).until(lambda d: "8.1: result saved" in d.page_source)
    item.refresh_from_db()
    assert item.result == "minor_nc" and item.checked_by == manager.user

    audit.refresh_from_db()
    other = audit.items.get(ref="A.6.2.6")
    services.record_result(manager, other, {"result": "conforming"}, version=other.version)
    audit = services.audit_step(manager, audit, "report", version=audit.version)
    services.update_audit(manager, audit, {"conclusion": "One minor nonconformity.", "report": "See the items."},
                          version=audit.version)

    boss = browser_for(owner.user)
    boss.get(f"{boss.base}/o/acme/audits/{audit.pk}/")
    _click(boss, "Approve the report")
    WebDriverWait(boss, 20).until(lambda d: "is approved" in d.page_source)
    audit.refresh_from_db()
    assert services.report_approval(audit).approved
    for d in (driver, boss):
        violations = [e for e in d.get_log("browser") if "Content Security Policy" in e.get("message", "")]
        assert not violations, violations
