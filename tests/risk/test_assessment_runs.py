"""Risk assessment runs freeze the results on a date and show what changed since the previous run (8.2)."""


def test_second_run_shows_what_changed(owner_api, system):
    sid = system()
    a = owner_api.post("/orgs/acme/risks", {"title": "Drift", "ai_system_ids": [sid], "inherent_likelihood": "2",
                                            "inherent_consequence": "2"}).json_body
    first = owner_api.post("/orgs/acme/risk-assessments", {"title": "Q1", "performed_on": "2026-03-31"})
    assert first.status_code == 201, first.json_body
    assert first.json_body["results"][0]["inherent_level"] == "low" and first.json_body["previous"] is None
    owner_api.patch(f"/orgs/acme/risks/{a['id']}", {"version": 1, "inherent_likelihood": "5",
                                                   "inherent_consequence": "5"})
    owner_api.post("/orgs/acme/risks", {"title": "Bias", "ai_system_ids": [sid]})
    second = owner_api.post("/orgs/acme/risk-assessments", {"title": "Q2", "ai_system_ids": [sid]}).json_body
    assert second["previous"] == first.json_body["id"]
    assert [r["title"] for r in second["changes"]["added"]] == ["Bias"]
    changed = second["changes"]["changed"][0]
    assert changed["title"] == "Drift" and changed["fields"]["inherent_level"] == ["low", "critical"]
    # frozen: a later change does not alter the stored run
    owner_api.patch(f"/orgs/acme/risks/{a['id']}", {"version": 2, "title": "Renamed"})
    stored = owner_api.get(f"/orgs/acme/risk-assessments/{first.json_body['id']}").json_body
    assert stored["results"][0]["title"] == "Drift"
    assert owner_api.get("/orgs/acme/risk-assessments").json_body["count"] == 2


def test_scope_limits_the_frozen_risks(owner_api, system):
    one, two = system("One"), system("Two")
    owner_api.post("/orgs/acme/risks", {"title": "A", "ai_system_ids": [one]})
    owner_api.post("/orgs/acme/risks", {"title": "B", "ai_system_ids": [two]})
    run = owner_api.post("/orgs/acme/risk-assessments", {"title": "One only", "ai_system_ids": [one]}).json_body
    assert [r["title"] for r in run["results"]] == ["A"]
