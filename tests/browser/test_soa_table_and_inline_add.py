"""In Chromium (issue #15 item 5): the SoA decided from one page — rows saved one by one without a reload and
several at once — and a supplier added from the new-AI-system form without losing what was typed (ISO/IEC 42001
6.1.3 f-f, A.10.3)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from forty2.controls import services as soa_services
from forty2.controls.models import SoAEntry
from forty2.inventory.models import AISystem, Supplier
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(driver, css, timeout=20):
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, css))


def decide(driver, pk, applicable, status, justification=""):
    Select(driver.find_element(By.ID, f"e{pk}-applicable")).select_by_value(applicable)
    Select(driver.find_element(By.ID, f"e{pk}-status")).select_by_value(status)
    box = driver.find_element(By.ID, f"e{pk}-justification")
    box.clear()
    box.send_keys(justification)


def test_one_soa_page_decides_several_entries(browser_for, member):
    owner = member(Role.OWNER)
    soa_services.ensure_soa(owner.organization, owner.user)
    ids = {e.ref: e.pk for e in SoAEntry.objects.filter(organization=owner.organization)}
    d = browser_for(owner.user)
    d.get(d.base + "/o/acme/controls/")
    d.find_element(By.LINK_TEXT, "Decide in one table").click()
    wait_for(d, "table[data-soa-table]")
    assert len(d.find_elements(By.CSS_SELECTOR, "tr[data-ref]")) == 38
    d.execute_script("window.notReloaded = true;")

    # one row saved on its own (htmx): the page is not reloaded, the row says it was saved
    decide(d, ids["A.2.2"], "true", "implemented", "Board-approved AI policy.")
    d.find_element(By.CSS_SELECTOR, f"#row-{ids['A.2.2']} button[name=save_row]").click()
    wait_for(d, f"#row-{ids['A.2.2']}[data-result=saved]")
    assert d.execute_script("return window.notReloaded === true;")

    # then several at once, one of them wrong: the others are saved, the wrong one names its field
    decide(d, ids["A.6.2.4"], "true", "partial", "Clinical models need verification.")
    decide(d, ids["A.10.4"], "false", "not_started", "")
    decide(d, ids["A.7.4"], "true", "planned")
    d.find_element(By.CSS_SELECTOR, "form button.button--primary[type=submit]").click()
    wait_for(d, "[data-counts]")
    assert "2 saved" in d.find_element(By.CSS_SELECTOR, "[data-counts]").text
    bad = d.find_element(By.ID, f"row-{ids['A.10.4']}")
    assert bad.get_attribute("data-result") == "error" and "Justification" in bad.text
    # the wrong row keeps what was typed; fixing it and saving the row finishes the job
    assert Select(d.find_element(By.ID, f"e{ids['A.10.4']}-applicable")).first_selected_option.get_attribute(
        "value") == "false"
    d.find_element(By.ID, f"e{ids['A.10.4']}-justification").send_keys("We supply no AI to customers.")
    d.find_element(By.CSS_SELECTOR, f"#row-{ids['A.10.4']} button[name=save_row]").click()
    wait_for(d, f"#row-{ids['A.10.4']}[data-result=saved]")

    saved = {e.ref: e for e in SoAEntry.objects.filter(ref__in=["A.2.2", "A.6.2.4", "A.10.4", "A.7.4"])}
    assert saved["A.2.2"].status == "implemented" and saved["A.6.2.4"].status == "partial"
    assert saved["A.7.4"].applicable is True and saved["A.10.4"].applicable is False
    assert saved["A.10.4"].justification == "We supply no AI to customers."


def test_a_supplier_added_inline_keeps_what_was_typed_on_the_new_system_form(browser_for, member):
    owner = member(Role.OWNER)
    d = browser_for(owner.user)
    d.get(d.base + "/o/acme/ai-systems/new")
    d.find_element(By.NAME, "name").send_keys("Sepsis alert")
    d.find_element(By.NAME, "purpose").send_keys("Flags sepsis risk on the wards.")
    d.find_element(By.NAME, "geography").send_keys("Ireland")
    d.find_element(By.CSS_SELECTOR, "details[data-inline-add=suppliers] summary").click()
    d.find_element(By.NAME, "new_suppliers-name").send_keys("MedAI GmbH")
    d.find_element(By.NAME, "new_suppliers-country").send_keys("Germany")
    d.find_element(By.CSS_SELECTOR, "button[name=add_linked][value=suppliers]").click()
    wait_for(d, "[data-added=suppliers]")

    supplier = Supplier.objects.get(name="MedAI GmbH")
    box = d.find_element(By.CSS_SELECTOR, f"input[name=supplier_ids][value='{supplier.pk}']")
    assert box.is_selected()
    assert d.find_element(By.NAME, "name").get_attribute("value") == "Sepsis alert"
    assert d.find_element(By.NAME, "purpose").get_attribute("value") == "Flags sepsis risk on the wards."
    assert d.find_element(By.NAME, "geography").get_attribute("value") == "Ireland"
    assert not AISystem.objects.exists()

    d.find_element(By.CSS_SELECTOR, ".form-actions button.button--primary").click()
    WebDriverWait(d, 20).until(lambda drv: "/new" not in drv.current_url)
    system = AISystem.objects.get(name="Sepsis alert")
    assert system.geography == "Ireland" and list(system.suppliers.all()) == [supplier]


def test_bulk_edit_on_the_register_list_with_htmx(browser_for, member):
    """Select rows (the "All" box ticks them), choose a field, its value appears in the bar, apply: a result per
    system and the list refreshed (forty2/records/bulk.py)."""
    from tests.web.fixtures import make_system

    owner = member(Role.OWNER)
    for name in ("Triage", "Radiology", "Sepsis alert"):
        make_system(owner, name)
    d = browser_for(owner.user)
    d.get(d.base + "/o/acme/ai-systems/")
    d.find_element(By.CSS_SELECTOR, "input[data-bulk-all]").click()
    assert all(box.is_selected() for box in d.find_elements(By.CSS_SELECTOR, "input[data-bulk-row]"))
    d.find_element(By.CSS_SELECTOR, "input[data-bulk-row]").click()  # untick one: "All" is unticked too
    assert not d.find_element(By.CSS_SELECTOR, "input[data-bulk-all]").is_selected()
    Select(d.find_element(By.NAME, "bulk_field")).select_by_value("criticality")
    wait_for(d, "input[name=set-criticality][value=high]").click()  # the kit's own widget: radios in a row
    d.find_element(By.CSS_SELECTOR, "button[name=step][value=apply]").click()
    wait_for(d, "[data-bulk-results]")
    assert len(d.find_elements(By.CSS_SELECTOR, "[data-bulk-results] tr[data-result=saved]")) == 2
    assert sorted(AISystem.objects.values_list("criticality", flat=True)) == ["", "high", "high"]
