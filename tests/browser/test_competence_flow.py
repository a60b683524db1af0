"""The competence gap view in a real browser (ISO/IEC 42001 7.2 c): a manager opens the gap view, presses
"Plan an action" on a person's gap, finds the form filled in with the person and the requirement, adds a due
date and an owner, saves, and the gap view then shows the action against the gap instead of the button."""

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from forty2.competence.models import CompetenceAction, CompetenceRequirement
from forty2.people.models import AimsRole, Person, RoleAssignment, RoleKind
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_plan_an_action_from_the_gap_view(browser_for, acme, member):
    manager = member(Role.AIMS_MANAGER, email="manager@acme.example")
    role = AimsRole.objects.create(organization=acme, name="AI operator", kind=RoleKind.AI_OPERATOR)
    requirement = CompetenceRequirement.objects.create(organization=acme, role=role, title="AI literacy for operators")
    ann = Person.objects.create(organization=acme, name="Ann Operator")
    RoleAssignment.objects.create(organization=acme, role=role, person=ann)

    driver = browser_for(manager.user)
    driver.get(f"{driver.base}/o/acme/competence/?only_gaps=1")
    row = driver.find_element(By.CSS_SELECTOR, f"tr[data-person='{ann.pk}']")
    assert "AI literacy for operators" in row.text
    row.find_element(By.PARTIAL_LINK_TEXT, "Plan an action").click()
    WebDriverWait(driver, 20).until(lambda d: "/competence-actions/new" in d.current_url)

    assert Select(driver.find_element(By.NAME, "person")).first_selected_option.text == "Ann Operator"
    assert Select(driver.find_element(By.NAME, "requirement")).first_selected_option.text == requirement.title
    due = dt.date.today() + dt.timedelta(days=21)
    field = driver.find_element(By.NAME, "due_date")
    driver.execute_script("arguments[0].value = arguments[1]", field, due.isoformat())
    Select(driver.find_element(By.NAME, "owner")).select_by_value(manager.user.email)
    driver.find_element(By.NAME, "description").send_keys("Book the operators' course.")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit].button--primary").click()
    WebDriverWait(driver, 20).until(lambda d: "/competence-actions/new" not in d.current_url)

    action = CompetenceAction.objects.get(person=ann, requirement=requirement)
    assert (action.status, action.due_date, action.owner) == ("planned", due, manager.user)
    driver.get(f"{driver.base}/o/acme/competence/?only_gaps=1")
    row = driver.find_element(By.CSS_SELECTOR, f"tr[data-person='{ann.pk}']")
    assert "Planned" in row.text and "Open the action" in row.text
    assert not row.find_elements(By.PARTIAL_LINK_TEXT, "Plan an action")
