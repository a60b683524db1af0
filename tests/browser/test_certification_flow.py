"""The certification decision in a real browser (ISO/IEC 42001 certification cycle; issue #19 item 6): an AIMS
manager sees the open major nonconformity from stage 2 block the decision, closes it, records the decision with the
certificate number, and sees the certificate, its expiry and the surveillance schedule. No Content-Security-Policy
violation on the way."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from forty2.audits.models import Audit, AuditStatus
from forty2.certification import schedule, services
from forty2.improvement.models import Finding, Nonconformity
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _held(org, kind, days):
    day = timezone.localdate() - dt.timedelta(days=days)
    return Audit.objects.create(organization=org, kind=kind, title=f"{kind} audit", planned_start=day,
                                planned_end=day, status=AuditStatus.COMPLETED,
                                completed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))))


def _fill(driver, kind, date, number=""):
    Select(driver.find_element(By.ID, "id_kind")).select_by_value(kind)
    field = driver.find_element(By.ID, "id_date")
    driver.execute_script("arguments[0].value = arguments[1]", field, date.isoformat())
    if number:
        driver.find_element(By.ID, "id_certificate_number").send_keys(number)
    driver.find_element(By.CSS_SELECTOR, "#event-form button[type=submit]").click()


def test_record_a_decision_in_the_browser(browser_for, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    org = manager.organization
    _held(org, "stage1", 40)
    stage2 = _held(org, "stage2", 10)
    f = Finding.objects.create(organization=org, kind="major_nc", title="No impact assessment for triage",
                               audit=stage2)
    Nonconformity.objects.create(organization=org, finding=f, severity="major_nc")
    driver = browser_for(manager.user)
    driver.get(f"{driver.base}/o/acme/certification/")
    assert "No impact assessment for triage" in driver.find_element(By.ID, "decision-blockers").text
    day = timezone.localdate() - dt.timedelta(days=2)
    _fill(driver, "decision", day, "AIMS-2026-01")
    WebDriverWait(driver, 20).until(lambda d: "field-error" in d.page_source or "error-summary" in d.page_source
                                    or "cannot be recorded" in d.page_source)
    assert "No impact assessment for triage" in driver.page_source
    assert services.certification(org).status != "certified"
    Nonconformity.objects.filter(finding=f).update(state="closed")
    driver.get(f"{driver.base}/o/acme/certification/")
    _fill(driver, "decision", day, "AIMS-2026-01")
    WebDriverWait(driver, 20).until(lambda d: "recorded" in d.page_source)
    status = driver.find_element(By.ID, "certification-status").text
    assert "Certified" in status and "AIMS-2026-01" in status
    expiry = schedule.expiry(day)
    assert f"{expiry.day} {expiry:%B %Y}" in status
    rows = driver.find_element(By.ID, "schedule").text
    assert "First surveillance audit" in rows and "Recertification audit" in rows
    assert services.certification(org).status == "certified"
    if os.environ.get("FORTY2_SCREENSHOTS"):
        driver.save_screenshot(os.path.join(os.environ["FORTY2_SCREENSHOTS"], "certification.png"))
    violations = [e for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert not violations, violations
