"""People and roles in a real browser (ISO/IEC 42001 5.3, A.3.2): add a person, give them an AIMS role, and make
them Accountable in the RACI grid, saved in one form."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from forty2.people import raci, services
from forty2.people.definitions import AIMS_ROLE, DEPARTMENT
from forty2.people.models import Person, RoleAssignment
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def submit(driver, selector="form button[type=submit].button--primary"):
    button = driver.find_element(By.CSS_SELECTOR, selector)
    button.click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete"
                                    and button not in d.find_elements(By.CSS_SELECTOR, selector))


def test_create_a_person_assign_a_role_and_edit_the_raci_grid(browser_for, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    department = services.create(DEPARTMENT, manager, {"name": "Radiology"})
    role = services.create(AIMS_ROLE, manager, {"name": "AIMS manager", "kind": "aims_manager",
                                                "responsibilities": "Runs the AIMS.", "authorities": "Approves."})
    driver = browser_for(manager.user)

    driver.get(f"{driver.base}/o/acme/people/new")
    driver.find_element(By.NAME, "name").send_keys("Nadia Hussain")
    driver.find_element(By.NAME, "email").send_keys("nadia@acme.example")
    Select(driver.find_element(By.NAME, "department")).select_by_visible_text("Radiology")
    submit(driver)
    person = Person.objects.get(name="Nadia Hussain")
    assert person.department == department and "Nadia Hussain" in driver.title

    driver.get(f"{driver.base}/o/acme/people/assignments/new")
    Select(driver.find_element(By.NAME, "role")).select_by_visible_text("AIMS manager")
    Select(driver.find_element(By.NAME, "person")).select_by_visible_text("Nadia Hussain")
    submit(driver)
    assert RoleAssignment.objects.filter(person=person, role=role).exists()

    driver.get(f"{driver.base}/o/acme/people/raci/")
    assert "0 of 18 processes are complete" in driver.page_source
    Select(driver.find_element(By.ID, f"cell-policy-{role.pk}")).select_by_value("A")
    Select(driver.find_element(By.ID, f"cell-soa-{role.pk}")).select_by_value("R")
    submit(driver)
    assert "RACI matrix saved" in driver.page_source and "1 of 18 processes are complete" in driver.page_source
    assert raci.cells(manager.organization) == {("policy", role.pk): "A", ("soa", role.pk): "R"}
