"""A system classified as a prohibited AI practice (EU AI Act Art. 5) cannot be approved or put into operation."""

PROHIBITED = {"is_ai_system": True, "role": "deployer", "prohibited_practices": ["social_scoring"]}


def test_prohibited_system_cannot_be_approved_or_deployed(owner_api):
    system = owner_api.post("/orgs/acme/ai-systems", {"name": "Citizen score", "purpose": "p"}).json_body
    r = owner_api.put(f"/orgs/acme/ai-systems/{system['id']}/ai-act", PROHIBITED)
    assert r.status_code in (200, 201), r.json_body
    version = owner_api.get(f"/orgs/acme/ai-systems/{system['id']}").json_body["version"]
    refused = owner_api.patch(f"/orgs/acme/ai-systems/{system['id']}",
                              {"version": version, "status": "approved", "lifecycle_stage": "deployment"})
    assert refused.status_code == 422
    assert {e["loc"][-1] for e in refused.json_body["detail"]} == {"status", "lifecycle_stage"}
    assert "Art. 5" in refused.json_body["detail"][0]["msg"]
    restricted = owner_api.patch(f"/orgs/acme/ai-systems/{system['id']}", {"version": version, "status": "restricted"})
    assert restricted.status_code == 200
