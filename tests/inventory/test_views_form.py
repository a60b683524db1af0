"""Registering and editing an AI system in the browser: errors keep the input, stale edits are caught,
and only the right roles may write."""

import re

import pytest

from forty2.inventory import linked, services
from forty2.inventory.models import AIModel, AISystem, Dataset
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as

NEW = "/o/acme/ai-systems/new"


def edit_url(system):
    return f"/o/acme/ai-systems/{system.pk}/edit"


def form_data(system=None, **changes):
    """What the browser posts: every field of the form, as strings."""
    data = {"name": "Sepsis alert", "purpose": "Flags sepsis risk.", "intended_use": "", "description": "",
            "business_owner": "", "technical_owner": "", "business_unit": "", "lifecycle_stage": "inception",
            "status": "proposed", "deployment_context": "", "geography": "", "affected_people": "",
            "vulnerable_groups": "unknown", "automation": "", "human_oversight": "", "personal_data": "",
            "personal_data_notes": "", "criticality": ""}
    if system is not None:
        data.update(name=system.name, purpose=system.purpose, version=str(system.version),
                    lifecycle_stage=system.lifecycle_stage, status=system.status)
    data.update(changes)
    return data


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


def test_register_a_system_with_every_kind_of_field(owner):
    m = owner.membership
    model = linked.create(AIModel, m, {"name": "GPT-4o", "version": "2024-08"})
    data = linked.create(Dataset, m, {"name": "EHR vitals", "personal_data": "special_category"})
    response = owner.post(NEW, form_data(
        business_owner=m.user.email, lifecycle_stage="deployment", criticality="high", automation="human_in_the_loop",
        personal_data="special_category", vulnerable_groups="true", ai_roles=["provider", "customer"],
        model_ids=[str(model.pk)], dataset_ids=[str(data.pk)], geography="EU, UK"))
    system = AISystem.objects.get(name="Sepsis alert")
    assert response.status_code == 302
    assert response["Location"] == f"/o/acme/ai-systems/{system.pk}/"
    assert system.business_owner == m.user and system.created_by == m.user
    assert system.ai_roles == ["provider", "customer"]
    assert system.vulnerable_groups is True and system.criticality == "high"
    assert list(system.ai_models.all()) == [model] and list(system.datasets.all()) == [data]
    page = owner.get(response["Location"]).content.decode()
    assert "added to the register" in page


def test_missing_fields_are_reported_and_nothing_typed_is_lost(owner):
    response = owner.post(NEW, form_data(name="", purpose="", geography="Somewhere specific",
                                         criticality="high", vulnerable_groups="false", ai_roles=["partner"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert re.search(r"<a href=\"#id_name\">Name: This field is required", html)
    assert 'id="id_purpose_error"' in html and 'aria-invalid="true"' in html
    assert 'value="Somewhere specific"' in html
    assert re.search(r'<input type="radio" name="criticality" value="high"[^>]*checked', html)
    assert re.search(r'<input type="radio" name="vulnerable_groups" value="false"[^>]*checked', html)
    assert re.search(r'<input type="checkbox" name="ai_roles" value="partner"[^>]*checked', html)
    assert not AISystem.objects.exists()


def test_service_errors_appear_next_to_their_field(owner):
    make_system(owner.membership, "Sepsis alert")
    response = owner.post(NEW, form_data(name="sepsis ALERT", geography="UK"))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_name_error">.*already exists', html)
    assert 'value="UK"' in html


def test_the_form_is_grouped_in_fieldsets_with_clause_hints(owner):
    html = owner.get(NEW).content.decode()
    legends = re.findall(r'<fieldset class="form-section"[^>]*>\s*<legend>([^<]+)</legend>', html)
    assert legends == ["Identity and purpose", "Ownership", "Life cycle and status", "AIMS scope",
                       "Use and people affected", "Automation and oversight", "Data", "Links"]
    assert "A.9.3" in html and "data-warn-unsaved" in html


def test_edit_saves_and_shows_the_new_values(owner):
    system = make_system(owner.membership, "Chatbot")
    response = owner.post(edit_url(system), form_data(system, geography="UK", vulnerable_groups="true"))
    assert response.status_code == 302
    system.refresh_from_db()
    assert system.geography == "UK" and system.vulnerable_groups is True and system.version == 2
    html = owner.get(edit_url(system)).content.decode()
    assert re.search(r'name="vulnerable_groups" value="true"[^>]*checked', html)
    assert 'name="version" value="2"' in html


def test_a_stale_edit_keeps_the_input_and_explains_what_changed(owner, member):
    system = make_system(owner.membership, "Chatbot")
    stale = form_data(system, geography="My typed geography", purpose="My new purpose")
    services.update_ai_system(member(Role.AIMS_MANAGER), system, {"purpose": "Their purpose"}, version=1)

    response = owner.post(edit_url(system), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this AI system" in html
    assert "aims_manager@acme.example" in html and "Their purpose" in html  # who, and the saved value now
    assert 'value="My typed geography"' in html and "My new purpose" in html
    assert 'name="version" value="2"' in html  # saving again is a deliberate overwrite
    system.refresh_from_db()
    assert system.purpose == "Their purpose" and system.geography == ""

    stale["version"] = "2"
    assert owner.post(edit_url(system), stale).status_code == 302
    system.refresh_from_db()
    assert system.purpose == "My new purpose" and system.geography == "My typed geography"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EXTERNAL_AUDITOR, Role.INTERNAL_AUDITOR])
def test_read_only_roles_cannot_create_or_edit(web_as, role, member):
    system = make_system(member(Role.OWNER, email="boss@acme.example"), "Chatbot")
    client = web_as(role)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert client.get(edit_url(system)).status_code == 403
    assert client.post(edit_url(system), form_data(system, geography="x")).status_code == 403
    assert "/edit" not in client.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    system.refresh_from_db()
    assert system.geography == ""


def test_contributor_edits_only_systems_they_own(web_as, member):
    contributor = web_as(Role.CONTRIBUTOR)
    boss = member(Role.OWNER, email="boss@acme.example")
    mine = make_system(boss, "Mine", business_owner=contributor.membership.user.email)
    theirs = make_system(boss, "Theirs")
    mine_data = form_data(mine, geography="UK", business_owner=contributor.membership.user.email)
    assert contributor.post(edit_url(mine), mine_data).status_code == 302
    assert contributor.get(edit_url(theirs)).status_code == 403
    assert contributor.post(edit_url(theirs), form_data(theirs, geography="UK")).status_code == 403
    theirs.refresh_from_db()
    assert theirs.geography == ""


def test_contributor_is_not_offered_approval_statuses(web_as):
    contributor = web_as(Role.CONTRIBUTOR)
    html = contributor.get(NEW).content.decode()
    status_select = re.search(r'<select name="status".*?</select>', html, re.S).group(0)
    assert "under_review" in status_select and "approved" not in status_select
    response = contributor.post(NEW, form_data(status="approved"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not AISystem.objects.exists()


def test_a_new_system_is_in_scope_unless_someone_says_why_not(owner):
    html = owner.get(NEW).content.decode()
    assert re.search(r'name="in_scope" value="True"[^>]*checked', html)
    response = owner.post(NEW, form_data(in_scope="False"))
    assert response.status_code == 200 and "Say why the system is outside the AIMS scope" in response.content.decode()
    response = owner.post(NEW, form_data(in_scope="False", scope_note="Run by our parent company's own AIMS."))
    system = AISystem.objects.get(name="Sepsis alert")
    assert response.status_code == 302 and system.in_scope is False and system.scope_note.startswith("Run by")
