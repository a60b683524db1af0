"""Bad input is refused with a message naming the field or rule, and nothing is half-written (issue "Bad input")."""

from forty2.risk.models import Risk, RiskMethodology


def test_level_outside_the_methodology_scale(owner_api):
    v = owner_api.post("/orgs/acme/risk-methodology/versions", {
        "likelihood_scale": [{"label": "Low"}, {"label": "Medium"}, {"label": "High"}]}).json_body
    assert v["matrix"] and len(v["matrix"]) == 3
    assert owner_api.post(f"/orgs/acme/risk-methodology/versions/{v['id']}/approve",
                          {"version": v["version"]}).status_code == 200
    r = owner_api.post("/orgs/acme/risks", {"title": "Drift", "inherent_likelihood": "4",
                                            "inherent_consequence": "2"})
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"] == ["body", "inherent_likelihood"]
    assert "1 to 3" in r.json_body["detail"][0]["msg"]
    assert not Risk.objects.exists()


def test_score_not_on_any_scale(owner_api):
    r = owner_api.post("/orgs/acme/risks", {"title": "Drift", "residual_consequence": "9"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "residual_consequence"


def test_unknown_or_other_organisations_ai_system(owner_api, api_as, globex):
    other = api_as(org=globex)
    gid = other.post("/orgs/globex/ai-systems", {"name": "G", "purpose": "p"}).json_body["id"]
    r = owner_api.post("/orgs/acme/risks", {"title": "Drift", "ai_system_ids": [gid]})
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"] == ["body", "ai_system_ids"] and str(gid) in r.json_body["detail"][0]["msg"]
    r = owner_api.post("/orgs/acme/impact-assessments", {"title": "IA", "ai_system": gid})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "ai_system"]
    assert not Risk.objects.exists()


def test_methodology_scale_with_too_many_levels(owner_api):
    r = owner_api.post("/orgs/acme/risk-methodology/versions",
                       {"consequence_scale": [{"label": str(i)} for i in range(6)]})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "consequence_scale"]
    assert "3 to 5" in r.json_body["detail"][0]["msg"]


def test_deleting_a_methodology_version_that_risks_use(owner_api):
    owner_api.post("/orgs/acme/risks", {"title": "Drift", "inherent_likelihood": "2", "inherent_consequence": "2"})
    v1 = owner_api.get("/orgs/acme/risk-methodology").json_body
    v2 = owner_api.post("/orgs/acme/risk-methodology/versions", {"notes": "v2"}).json_body
    owner_api.post(f"/orgs/acme/risk-methodology/versions/{v2['id']}/approve", {"version": v2["version"]})
    r = owner_api.delete(f"/orgs/acme/risk-methodology/versions/{v1['id']}")
    assert r.status_code == 409 and "used by 1 risk" in r.json_body["detail"]
    assert RiskMethodology.objects.filter(pk=v1["id"]).exists()
    current = owner_api.delete(f"/orgs/acme/risk-methodology/versions/{v2['id']}")
    assert current.status_code == 409 and "in force" in current.json_body["detail"]
