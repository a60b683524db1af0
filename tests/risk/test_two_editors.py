"""Two people editing one risk, impact assessment or treatment action in their browsers (issue #15 "Edits lose
work"): different fields both keep their changes; the same field offers original / theirs / yours naming who
saved theirs, and the choice is saved and audited (ISO/IEC 42001 7.5.3, 6.1.2-6.1.4)."""

import pytest

from forty2.risk import assessments, services
from forty2.risk.models import ImpactAssessment, Risk, TreatmentAction
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system
from tests.web.two_editors import different_fields_both_kept, named, same_field_offers_a_choice

web_as = fixtures.web_as
pytestmark = pytest.mark.django_db


@pytest.fixture
def two(web_as):
    alice, bob = web_as(Role.OWNER), web_as(Role.AIMS_MANAGER)
    named(alice.membership, "Alice Lovelace")
    named(bob.membership, "Bob Hopper")
    return alice, bob


def a_risk(alice):
    risk = services.create_risk(alice.membership, {"title": "Model drift", "description": "Alerts drift.",
                                                   "treatment_plan": "Monthly checks."})
    return f"/o/acme/risks/{risk.pk}/edit", lambda: Risk.objects.get(pk=risk.pk)


def an_assessment(alice):
    system = make_system(alice.membership, "Sepsis alert")
    ia = assessments.create_assessment(alice.membership, {"title": "Sepsis alert impacts", "ai_system": system.pk,
                                                          "measures": "Clinician reviews every alert.",
                                                          "stakeholders": "Patients"})
    return f"/o/acme/risks/impact-assessments/{ia.pk}/edit", lambda: ImpactAssessment.objects.get(pk=ia.pk)


def an_action(alice):
    risk = services.create_risk(alice.membership, {"title": "Model drift"})
    action = services.add_action(alice.membership, risk, {"title": "Add drift alert", "due_date": "2027-01-31"})
    return (f"/o/acme/risks/{risk.pk}/actions/{action.pk}/edit", lambda: TreatmentAction.objects.get(pk=action.pk))


CASES = {
    "risk": (a_risk, "risk.update", ("description", "Alerts drift after analyser changes."),
             ("treatment_plan", "Weekly checks with thresholds."), "Alerts drift on new wards."),
    "impact assessment": (an_assessment, "impact_assessment.update", ("measures", "Two clinicians review."),
                          ("stakeholders", "Patients and carers"), "A nurse reviews every alert."),
    "treatment action": (an_action, "risk_action.update", ("title", "Add drift alert and runbook"),
                         ("due_date", "2027-02-28"), "Add drift dashboard"),
}


@pytest.mark.parametrize("kind", CASES)
def test_two_people_changing_different_fields_both_keep_their_changes(two, kind):
    setup, action, x, y, _ = CASES[kind]
    url, read = setup(two[0])
    different_fields_both_kept(*two, url, read, x, y, action)


@pytest.mark.parametrize(("kind", "choice"), [("risk", "theirs"), ("impact assessment", "yours"),
                                              ("treatment action", "original")])
def test_the_same_field_offers_original_theirs_and_yours_naming_who_saved_theirs(two, kind, choice):
    setup, action, x, y, bobs_x = CASES[kind]
    url, read = setup(two[0])
    same_field_offers_a_choice(*two, url, read, x, bobs_x, y, action, choice, "Alice Lovelace")


def test_a_stale_form_without_its_merge_base_saves_nothing_and_names_the_changed_fields(two):
    """A page opened before merging existed (or a tampered one) posts no base: nothing is overwritten."""
    from tests.web.two_editors import opened

    alice, bob = two
    url, read = a_risk(alice)
    bobs, alices = opened(bob, url), opened(alice, url)
    alices["description"] = "Alerts drift after analyser changes."
    assert alice.post(url, alices).status_code == 302
    del bobs["base"]
    bobs["description"] = "Bob's description"
    page = bob.post(url, bobs)
    html = page.content.decode()
    assert page.status_code == 200 and "Someone else changed this risk (Description)" in html
    assert read().description == "Alerts drift after analyser changes."
