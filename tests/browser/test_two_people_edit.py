"""Two people editing the same AI system, risk, impact assessment or SoA entry in real browsers (issue "working
together safely", issue #15 "Edits lose work"): different fields both survive without a conflict screen; the same
field gives the three-way choice, naming who saved "theirs" (ISO/IEC 42001 7.5.3)."""

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forty2.controls import services as soa_services
from forty2.controls.models import SoAEntry
from forty2.inventory.models import AISystem
from forty2.risk import assessments
from forty2.risk import services as risk_services
from forty2.risk.models import ImpactAssessment, Risk
from forty2.tenancy.models import Role
from tests.web.fixtures import make_system
from tests.web.two_editors import named

pytestmark = pytest.mark.django_db(transaction=True)


def open_edit(driver, system):
    driver.get(f"{driver.base}/o/acme/ai-systems/{system.pk}/edit")
    assert "Edit" in driver.title


def open_page(driver, path):
    driver.get(driver.base + path)
    assert driver.find_elements(By.NAME, "base"), driver.title  # the edit form, with its merge base


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


def test_two_people_editing_a_risk_both_keep_their_changes_and_choose_on_the_same_field(browser_for, member):
    alice, bob = named(member(Role.OWNER), "Alice Lovelace"), member(Role.AIMS_MANAGER)
    risk = risk_services.create_risk(alice, {"title": "Model drift", "description": "Alerts drift."})
    path = f"/o/acme/risks/{risk.pk}/edit"
    a, b = browser_for(alice.user), browser_for(bob.user)

    open_page(b, path)  # Bob opens the form first …
    open_page(a, path)
    type_into(a, "description", "Alerts drift after analyser changes.")
    save(a)
    assert "/edit" not in a.current_url
    type_into(b, "treatment_plan", "Monthly checks with thresholds.")  # … and saves another field after Alice
    save(b)
    assert "/edit" not in b.current_url and "Choose what to keep" not in b.page_source
    risk = Risk.objects.get(pk=risk.pk)
    assert risk.description == "Alerts drift after analyser changes."  # Alice's change was not reverted
    assert risk.treatment_plan == "Monthly checks with thresholds."

    open_page(a, path)
    open_page(b, path)
    type_into(a, "description", "Alice's description.")
    save(a)
    type_into(b, "description", "Bob's description.")
    type_into(b, "own_controls", "OC-7 drift runbook")
    save(b)
    conflict = b.find_element(By.ID, "conflict-description").text
    for text in ("Alerts drift after analyser changes.", "Alice's description.", "Bob's description.",
                 "Saved by Alice Lovelace"):
        assert text in conflict
    assert b.find_element(By.NAME, "own_controls").get_attribute("value") == "OC-7 drift runbook"
    b.find_element(By.CSS_SELECTOR, "input[name=resolve_description][value=theirs]").click()
    save(b)
    assert "/edit" not in b.current_url
    risk = Risk.objects.get(pk=risk.pk)
    assert risk.description == "Alice's description." and risk.own_controls == "OC-7 drift runbook"
    assert risk.treatment_plan == "Monthly checks with thresholds."


def test_two_people_editing_an_soa_entry_both_keep_their_changes_and_choose_on_the_same_field(browser_for,
                                                                                             member):
    alice, bob = named(member(Role.OWNER), "Alice Lovelace"), member(Role.AIMS_MANAGER)
    soa_services.ensure_soa(alice.organization)
    path = "/o/acme/controls/A.6.2.4/"
    a, b = browser_for(alice.user), browser_for(bob.user)

    open_page(b, path)
    open_page(a, path)
    type_into(a, "justification", "Clinical models need verification.")
    save(a)
    assert "Changes saved" in a.page_source
    type_into(b, "implementation", "Validation protocol")
    save(b)
    assert "Changes saved" in b.page_source and "Choose what to keep" not in b.page_source
    entry = SoAEntry.objects.get(ref="A.6.2.4")
    assert entry.justification == "Clinical models need verification."
    assert entry.implementation == "Validation protocol"

    open_page(a, path)
    open_page(b, path)
    type_into(a, "implementation", "Protocol signed off by the CMO")
    save(a)
    type_into(b, "implementation", "Protocol with external review")
    type_into(b, "justification", "Every clinical model is verified.")
    save(b)
    conflict = b.find_element(By.ID, "conflict-implementation").text
    for text in ("Validation protocol", "Protocol signed off by the CMO", "Protocol with external review",
                 "Saved by Alice Lovelace"):
        assert text in conflict
    b.find_element(By.CSS_SELECTOR, "input[name=resolve_implementation][value=yours]").click()
    save(b)
    assert "Changes saved" in b.page_source
    entry = SoAEntry.objects.get(ref="A.6.2.4")
    assert entry.implementation == "Protocol with external review"
    assert entry.justification == "Every clinical model is verified."


def test_two_people_editing_an_impact_assessment_both_keep_their_changes_and_choose_on_the_same_field(
        browser_for, member):
    alice, bob = named(member(Role.OWNER), "Alice Lovelace"), member(Role.AIMS_MANAGER)
    system = make_system(alice, "Sepsis alert")
    ia = assessments.create_assessment(alice, {"title": "Sepsis alert impacts", "ai_system": system.pk,
                                               "measures": "Clinician reviews every alert.",
                                               "stakeholders": "Patients"})
    path = f"/o/acme/risks/impact-assessments/{ia.pk}/edit"
    a, b = browser_for(alice.user), browser_for(bob.user)

    open_page(b, path)  # Bob opens the form first …
    open_page(a, path)
    type_into(a, "measures", "Two clinicians review every alert.")
    save(a)
    assert "/edit" not in a.current_url
    type_into(b, "stakeholders", "Patients and carers")  # … and saves another field after Alice
    save(b)
    assert "/edit" not in b.current_url and "Choose what to keep" not in b.page_source
    ia = ImpactAssessment.objects.get(pk=ia.pk)
    assert ia.measures == "Two clinicians review every alert."  # Alice's change was not reverted
    assert ia.stakeholders == "Patients and carers"

    open_page(a, path)
    open_page(b, path)
    type_into(a, "measures", "Alice's measures.")
    save(a)
    type_into(b, "measures", "Bob's measures.")
    type_into(b, "foreseeable_misuse", "Used to triage outside the wards")
    save(b)
    conflict = b.find_element(By.ID, "conflict-measures").text
    for text in ("Two clinicians review every alert.", "Alice's measures.", "Bob's measures.",
                 "Saved by Alice Lovelace"):
        assert text in conflict
    assert b.find_element(By.NAME, "foreseeable_misuse").get_attribute("value") == "Used to triage outside the wards"
    b.find_element(By.CSS_SELECTOR, "input[name=resolve_measures][value=theirs]").click()
    save(b)
    assert "/edit" not in b.current_url
    ia = ImpactAssessment.objects.get(pk=ia.pk)
    assert ia.measures == "Alice's measures." and ia.foreseeable_misuse == "Used to triage outside the wards"
    assert ia.stakeholders == "Patients and carers"
