"""History from the audit log reads as words: field labels, choice labels, linked records by name, dates like
the rest of the UI, before/after for EU AI Act classifications and risk profiles, and plain verbs."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forty2.aiact import services as aiact
from forty2.core.models import AuditEvent
from forty2.core.queries import org_events
from forty2.inventory import linked, services
from forty2.inventory.models import AIModel, Dataset
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Role
from forty2.web import history
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


def _rows(event):
    return {row.label: (row.before, row.after) for row in history.change_rows(event, history.link_names([event]))}


def test_a_created_system_lists_labels_and_choice_labels_not_codes(owner):
    m = owner.membership
    gpt = linked.create(AIModel, m, {"name": "GPT-4o", "model_version": "2024-08"})
    system = make_system(m, "Chatbot", lifecycle_stage="inception", criticality="high", ai_roles=["provider"],
                         model_ids=[gpt.pk])
    rows = _rows(org_events(m.organization, action="ai_system.create").get(object_id=str(system.pk)))
    assert rows["Life cycle stage"] == (None, "Inception")
    assert rows["Criticality"] == (None, "High")
    assert rows["AI roles"] == (None, "AI provider")
    assert rows["Models"] == (None, "GPT-4o 2024-08")
    html = owner.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    assert "<th scope=\"row\">Life cycle stage</th><td>Inception</td>" in html
    assert "inception</td>" not in html and "Model_ids" not in html and "Ai roles" not in html


def test_an_update_shows_before_and_after_in_words(owner):
    m = owner.membership
    system = make_system(m, "Chatbot", criticality="low")
    services.update_ai_system(m, system, {"criticality": "high", "lifecycle_stage": "deployment"},
                              version=system.version)
    rows = _rows(org_events(m.organization, action="ai_system.update").first())
    assert rows["Criticality"] == ("Low", "High")
    assert rows["Life cycle stage"] == ("Inception", "Deployment")


def test_linked_names_come_from_one_query_per_kind_for_a_whole_list(owner):
    m = owner.membership
    models = [linked.create(AIModel, m, {"name": f"Model {i}"}) for i in range(3)]
    data = linked.create(Dataset, m, {"name": "Notes"})
    for i in range(4):
        make_system(m, f"System {i}", model_ids=[models[i % 3].pk], dataset_ids=[data.pk])
    events = list(org_events(m.organization, action="ai_system.create"))
    with CaptureQueriesContext(connection) as queries:
        names = history.link_names(events)
    assert len(queries) == 2  # models and datasets; no supplier was named
    assert names[("model_ids", models[0].pk)] == "Model 0" and names[("dataset_ids", data.pk)] == "Notes"


def test_classification_and_risk_profile_events_have_before_and_after(owner):
    m = owner.membership
    system = make_system(m, "CV screening", personal_data="personal", criticality="high", vulnerable_groups=True,
                         automation="decision_support", lifecycle_stage="operation_monitoring")
    aiact.classify_system(m, system, {"is_ai_system": True, "role": "deployer", "annex_iii_areas": ["employment"],
                                      "annex_iii_point": "4(a)", "profiles_natural_persons": True})
    classify = _rows(org_events(m.organization, action="ai_act.classify").first())
    assert classify["EU AI Act tier"] == ("—", "High risk")
    assert classify["Is it an AI system?"] == ("No", "Yes")
    assert classify["Obligations added"][0] is None  # a list of articles, not a before/after pair
    profile = _rows(org_events(m.organization, action="risk_profile.change").first())
    assert profile["Risk profile"] == ("Incomplete", "High")  # the tier was the missing input
    based_on = profile["Based on"][1]
    assert "EU AI Act tier: High risk" in based_on.splitlines()
    assert "Criticality: High" in based_on.splitlines()
    assert "{" not in based_on and "'" not in based_on  # no Python reprs


def test_dates_in_changes_are_formatted_like_the_rest_of_the_ui(owner, member):
    viewer = member(Role.VIEWER)
    until = timezone.now() + dt.timedelta(days=30)
    tenancy.change_role(viewer, role=Role.EXTERNAL_AUDITOR, expires_at=until)
    event = AuditEvent.objects.filter(action="membership.update").latest("id")
    rows = _rows(event)
    assert rows["Role"] == ("Viewer", "External auditor")
    assert re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d\d:\d\d", rows["Access ends"][1])


@pytest.mark.parametrize("action, verb", [
    ("ai_act.sign_off", "signed off the EU AI Act classification of"),
    ("risk_profile.change", "re-derived the risk profile of"),
    ("ai_act.classify", "classified"),
    ("membership.create", "gave"),
    ("ai_system.approve", "approved the AI system"),
    ("ai_system.update", "changed the AI system"),
    ("api_token.revoke", "revoked the API token"),
])
def test_action_codes_become_plain_verbs(action, verb):
    from forty2.web.templatetags.forty2_ui import event_verb

    assert event_verb(action) == verb


def test_on_the_record_page_the_record_is_this_ai_system(owner):
    m = owner.membership
    system = make_system(m, "CV screening", lifecycle_stage="operation_monitoring")
    aiact.classify_system(m, system, {"is_ai_system": True, "role": "provider"})
    html = owner.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    assert "re-derived the risk profile of this AI system" in html
    assert "classified this AI system under the EU AI Act" in html
    dashboard = owner.get("/o/acme/").content.decode()
    assert "classified CV screening under the EU AI Act" in dashboard
