"""GET /api/v1/orgs/{org}/risk-profile: the degree of AI integration and risk over the live AI systems in
operation, by EU AI Act tier and risk level, the highest level and the share supporting critical processes
(ISO/IEC 42001 4.1, 6.1.2)."""

from forty2.tenancy.models import Role

HIGH_RISK = {"is_ai_system": True, "role": "deployer", "annex_iii_areas": ["employment"],
             "annex_iii_point": "4(a)", "profiles_natural_persons": True}
INPUTS = {"personal_data": "personal", "automation": "decision_support", "vulnerable_groups": False}


def _system(api, name, stage, criticality, answers=None, **extra):
    sid = api.post("/orgs/acme/ai-systems", {"name": name, "purpose": "p", "lifecycle_stage": stage,
                                             "criticality": criticality, **INPUTS, **extra}).json_body["id"]
    if answers:
        api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", answers)
    return sid


def test_counts_systems_in_operation_by_tier_and_level(owner_api, api_as):
    _system(owner_api, "Screening", "operation_monitoring", "high", HIGH_RISK)
    _system(owner_api, "Forecaster", "deployment", "low", {"is_ai_system": True, "role": "provider"})
    _system(owner_api, "Unclassified", "re_evaluation", "medium")
    _system(owner_api, "Idea", "inception", "critical", HIGH_RISK)
    retired = _system(owner_api, "Old", "operation_monitoring", "critical", HIGH_RISK, status="retired")
    archived = _system(owner_api, "Gone", "deployment", "critical", HIGH_RISK)
    owner_api.delete(f"/orgs/acme/ai-systems/{archived}")
    body = api_as(Role.VIEWER).get("/orgs/acme/risk-profile").json_body
    assert body["total_systems"] == 5 and body["in_operation"] == 3, (body, retired)
    assert body["by_tier"]["high_risk"] == 1 and body["by_tier"]["minimal_risk"] == 1
    assert body["by_tier"]["unclassified"] == 1
    assert body["by_profile_level"]["high"] == 1 and body["by_profile_level"]["incomplete"] == 1
    assert body["highest_level"] == "high"
    assert body["high_or_critical_process_percent"] == 33.3
    assert "3 of 5 registered AI systems are in operation" in body["summary"]


def test_an_empty_register(owner_api):
    body = owner_api.get("/orgs/acme/risk-profile").json_body
    assert body["total_systems"] == 0 and body["highest_level"] is None
    assert body["summary"] == "No AI systems are registered yet."


def test_another_organisation_is_404(owner_api):
    assert owner_api.get("/orgs/globex/risk-profile").status_code == 404
