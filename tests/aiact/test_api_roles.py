"""Who may classify (docs/architecture.md, "Roles"): whoever may edit the AI system; everyone in the organisation
may read."""

import pytest

from forty2.aiact.models import AIActClassification

ANSWERS = {"is_ai_system": True, "role": "provider"}


@pytest.fixture
def system_id(owner_api):
    return owner_api.post("/orgs/acme/ai-systems", {"name": "Forecaster", "purpose": "p"}).json_body["id"]


@pytest.mark.parametrize("role", ["viewer", "external_auditor", "internal_auditor"])
def test_read_only_roles_may_read_but_not_classify(api_as, owner_api, system_id, role):
    owner_api.put(f"/orgs/acme/ai-systems/{system_id}/ai-act", ANSWERS)
    api = api_as(role)
    assert api.get(f"/orgs/acme/ai-systems/{system_id}/ai-act").status_code == 200
    assert api.get(f"/orgs/acme/ai-systems/{system_id}/ai-act/history").status_code == 200
    r = api.put(f"/orgs/acme/ai-systems/{system_id}/ai-act", {**ANSWERS, "role": "deployer"})
    assert r.status_code == 403 and "may not" in r.json_body["detail"]
    # The role is checked before the answers: a viewer learns nothing from validation.
    assert api.put(f"/orgs/acme/ai-systems/{system_id}/ai-act", {"role": 1}).status_code == 403
    assert AIActClassification.objects.count() == 1


def test_aims_manager_may_classify_any_system(api_as, system_id):
    assert api_as("aims_manager").put(f"/orgs/acme/ai-systems/{system_id}/ai-act", ANSWERS).status_code == 201


def test_a_contributor_classifies_only_systems_they_own(api_as, system_id):
    contributor = api_as("contributor")
    assert contributor.put(f"/orgs/acme/ai-systems/{system_id}/ai-act", ANSWERS).status_code == 403
    own = contributor.post("/orgs/acme/ai-systems", {"name": "Mine", "purpose": "p"}).json_body["id"]
    assert contributor.put(f"/orgs/acme/ai-systems/{own}/ai-act", ANSWERS).status_code == 201
