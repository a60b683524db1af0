"""The risk methodology (6.1.1, 6.1.2): a default for every organisation, versions, approval, who may change it."""

from forty2.tenancy.models import Role


def test_every_organisation_starts_with_an_approved_default(owner_api):
    m = owner_api.get("/orgs/acme/risk-methodology").json_body
    assert m["number"] == 1 and m["status"] == "approved"
    assert len(m["likelihood_scale"]) == 5 and len(m["consequence_scale"]) == 5
    assert [d["key"] for d in m["dimensions"]] == ["organisation", "individuals", "society"]
    assert m["acceptance"]["critical"]["acceptable"] is False
    assert m["matrix"][4][4] == "critical" and m["matrix"][0][0] == "low"


def test_a_draft_changes_only_until_approved(owner_api):
    draft = owner_api.post("/orgs/acme/risk-methodology/versions", {"name": "2026 methodology"}).json_body
    assert draft["status"] == "draft" and draft["number"] == 2
    r = owner_api.patch(f"/orgs/acme/risk-methodology/versions/{draft['id']}",
                        {"version": draft["version"], "review_interval_days": 180})
    assert r.status_code == 200 and r.json_body["review_interval_days"] == 180
    approved = owner_api.post(f"/orgs/acme/risk-methodology/versions/{draft['id']}/approve",
                              {"version": r.json_body["version"]}).json_body
    assert approved["status"] == "approved"
    assert owner_api.get("/orgs/acme/risk-methodology").json_body["number"] == 2
    again = owner_api.patch(f"/orgs/acme/risk-methodology/versions/{draft['id']}",
                            {"version": approved["version"], "notes": "late"})
    assert again.status_code == 409
    versions = owner_api.get("/orgs/acme/risk-methodology/versions").json_body["items"]
    assert [(v["number"], v["status"]) for v in versions] == [(2, "approved"), (1, "superseded")]


def test_only_approvers_shape_the_methodology(api_as):
    contributor = api_as(Role.CONTRIBUTOR)
    r = contributor.post("/orgs/acme/risk-methodology/versions", {"name": "Mine"})
    assert r.status_code == 403


def test_bad_matrix_is_named(owner_api):
    r = owner_api.post("/orgs/acme/risk-methodology/versions", {"matrix": [["low"]]})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "matrix"]
    r = owner_api.post("/orgs/acme/risk-methodology/versions", {"acceptance": {"huge": {}}})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "acceptance"]


def test_heat_map_counts_inherent_and_residual(owner_api):
    owner_api.post("/orgs/acme/risks", {"title": "A", "inherent_likelihood": "4", "inherent_consequence": "4",
                                        "residual_likelihood": "2", "residual_consequence": "2"})
    owner_api.post("/orgs/acme/risks", {"title": "B", "inherent_likelihood": "4", "inherent_consequence": "4"})
    grid = owner_api.get("/orgs/acme/risks/heatmap").json_body
    assert grid["inherent"] == [{"likelihood": 4, "consequence": 4, "count": 2}]
    assert grid["residual"] == [{"likelihood": 2, "consequence": 2, "count": 1}]
