"""The risk register through the API: create, score, list with filters, patch with versions (ISO/IEC 42001 6.1.2)."""


def test_a_risk_is_scored_under_the_default_methodology(owner_api, system):
    sid = system()
    r = owner_api.post("/orgs/acme/risks", {
        "title": "Model drift", "ai_system_ids": [sid], "sources": ["machine_learning"],
        "objectives": ["robustness"], "inherent_likelihood": "4", "inherent_consequence": "5",
        "residual_likelihood": "2", "residual_consequence": "4", "controls": ["A.6.2.6"],
        "treatment_option": "modify"})
    assert r.status_code == 201, r.json_body
    body = r.json_body
    assert body["inherent_level"] == "critical" and body["residual_level"] == "medium"
    assert body["methodology_version"] == 1
    assert body["ai_systems"] == [{"id": sid, "name": "Sepsis early warning"}]
    assert body["next_review"]  # by the methodology's interval
    assert body["version"] == 1


def test_list_shape_filters_and_ordering(owner_api, system):
    sid = system()
    for title, lk, ck in [("A", "1", "1"), ("B", "5", "5"), ("C", "3", "3")]:
        owner_api.post("/orgs/acme/risks", {"title": title, "inherent_likelihood": lk, "inherent_consequence": ck,
                                            "ai_system_ids": [sid] if title != "A" else []})
    page = owner_api.get("/orgs/acme/risks?ordering=-inherent_level").json_body
    assert page["count"] == 3 and [i["title"] for i in page["items"]] == ["B", "C", "A"]
    assert owner_api.get(f"/orgs/acme/risks?system={sid}").json_body["count"] == 2
    assert [i["title"] for i in owner_api.get("/orgs/acme/risks?level=critical").json_body["items"]] == ["B"]
    bad = owner_api.get("/orgs/acme/risks?level=huge")
    assert bad.status_code == 422


def test_patch_needs_the_current_version(owner_api):
    rid = owner_api.post("/orgs/acme/risks", {"title": "Bias"}).json_body["id"]
    ok = owner_api.patch(f"/orgs/acme/risks/{rid}", {"version": 1, "inherent_likelihood": "2",
                                                    "inherent_consequence": "2"})
    assert ok.status_code == 200 and ok.json_body["version"] == 2 and ok.json_body["inherent_level"] == "low"
    stale = owner_api.patch(f"/orgs/acme/risks/{rid}", {"version": 1, "title": "Other", "inherent_likelihood": "4"})
    assert stale.status_code == 409
    assert owner_api.get(f"/orgs/acme/risks/{rid}").json_body["title"] == "Bias"


def test_every_change_is_audited(owner_api):
    rid = owner_api.post("/orgs/acme/risks", {"title": "Bias"}).json_body["id"]
    owner_api.patch(f"/orgs/acme/risks/{rid}", {"version": 1, "status": "assessed"})
    events = owner_api.get(f"/orgs/acme/audit-events?object_type=risk&object_id={rid}").json_body["items"]
    assert [e["action"] for e in events] == ["risk.update", "risk.create"]
