"""A filter value the register does not know is a 422 naming the parameter, never a silently empty list."""


def test_unknown_enum_filter_is_a_422(owner_api):
    r = owner_api.get("/orgs/acme/ai-systems?lifecycle_stage=live")
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"][-1] == "lifecycle_stage"
    assert "inception" in r.json_body["detail"][0]["msg"]


def test_known_filter_values_work(owner_api):
    owner_api.post("/orgs/acme/ai-systems", {"name": "A", "purpose": "p", "criticality": "high"})
    assert owner_api.get("/orgs/acme/ai-systems?criticality=high&tier=unclassified").json_body["count"] == 1
    assert owner_api.get("/orgs/acme/ai-systems?ai_role=provider").json_body["count"] == 0
    assert owner_api.get("/orgs/acme/ai-systems/export?format=csv&status=bogus").status_code == 422
