"""A major nonconformity from open to closed in a real browser (Chromium), by two people (ISO/IEC 42001 10.2): the
AIMS manager raises the finding, records the correction and the root cause, adds a corrective action, does it and
sends the nonconformity for verification; an internal auditor (neither the action owner nor the finding's author)
verifies its effectiveness and closes it. The minimum interval is taken as passed by moving ``verify_after``."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from forty2.improvement.models import CorrectiveAction, Finding, Nonconformity
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _loaded(driver):
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _submit(driver, selector="form.form button.button--primary[type=submit]"):
    button = driver.find_element(By.CSS_SELECTOR, selector)
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "html") != old)
    _loaded(driver)


def _type(driver, name_or_id, text, by=By.ID):
    field = driver.find_element(by, name_or_id)
    field.clear()
    field.send_keys(text)


def test_a_major_nonconformity_from_open_to_closed_by_two_people(browser_for, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    auditor = member(Role.INTERNAL_AUDITOR, email="auditor@acme.example")
    b = browser_for(manager.user)
    b.get(f"{b.base}/o/acme/nonconformities/findings/new?kind=major_nc&requirement_ref=6.1.4")
    _loaded(b)
    _type(b, "title", "No impact assessment for the triage system", By.NAME)
    Select(b.find_element(By.NAME, "source")).select_by_value("other")
    _type(b, "source_note", "Pre-audit walkthrough", By.NAME)
    _submit(b)
    finding = Finding.objects.get()
    assert finding.kind == "major_nc" and finding.requirement_ref == "6.1.4"
    nc = Nonconformity.objects.get(finding=finding)
    page = f"{b.base}/o/acme/nonconformities/{nc.pk}/"
    assert "nonconformities/findings/" in b.current_url

    b.get(page)
    _type(b, "correction", "Use of the ranking paused; assessment started.")
    _submit(b, "#step-correct button")
    _type(b, "why-1", "The approval checklist has no impact step.")
    _type(b, "why-2", "It predates the AIMS.")
    _type(b, "cause_summary", "The approval checklist was never updated for 6.1.4.")
    b.find_element(By.CSS_SELECTOR, "input[name=similar_elsewhere][value=yes]").click()
    _type(b, "similar_note", "The sepsis score was approved the same way.")
    _submit(b, "#step-analyse button")
    nc.refresh_from_db()
    assert nc.state == "analysed" and len(nc.root_cause["whys"]) == 2 and nc.similar_elsewhere is True

    b.find_element(By.LINK_TEXT, "Add a corrective action").click()
    _loaded(b)
    _type(b, "description", "Add the impact step to the approval checklist.", By.NAME)
    Select(b.find_element(By.NAME, "owner")).select_by_value("manager@acme.example")
    b.execute_script("arguments[0].value = arguments[1]", b.find_element(By.NAME, "due_on"),
                     timezone.localdate().isoformat())
    _submit(b)
    action = CorrectiveAction.objects.get()
    assert action.nonconformity_id == nc.pk and action.due_on == timezone.localdate()
    b.get(page)
    _submit(b, "#step-start_actions button")
    b.get(f"{b.base}/o/acme/nonconformities/corrective-actions/{action.pk}/")
    _type(b, f"outcome-{action.pk}", "Checklist v3 has the step.")
    _submit(b, "form[action$='/step/done'] button")
    b.get(page)
    _submit(b, "#step-submit button")
    nc.refresh_from_db()
    assert nc.state == "verifying" and nc.verify_after > timezone.localdate()
    # the manager raised it and owns the action: no verification form for them, the reason instead
    b.get(page)
    assert "You own one of its corrective actions" in b.page_source
    assert not b.find_elements(By.CSS_SELECTOR, "#step-close")

    Nonconformity.objects.filter(pk=nc.pk).update(verify_after=timezone.localdate())  # the interval has passed
    v = browser_for(auditor.user)
    v.get(page)
    _loaded(v)
    _type(v, "vnote-close", "Two later approvals both had an impact assessment.")
    _submit(v, "#step-close button")
    nc.refresh_from_db()
    assert nc.state == "closed" and nc.verified_by_id == auditor.user.pk and nc.effective is True
    assert Finding.objects.get().status == "closed"
    assert "Step: Closed" in v.page_source
