"""Impact assessments (ISO/IEC 42001 6.1.4, A.5): create, impacts, four-eyes approval, linked risk."""

from forty2.tenancy.models import Role


def _ia(api, sid, **fields):
    r = api.post("/orgs/acme/impact-assessments", {"title": "Sepsis IA", "ai_system": sid, **fields})
    assert r.status_code == 201, r.json_body
    return r.json_body


def test_starts_from_the_register_and_records_impacts(owner_api, system):
    sid = system(intended_use="ED clinicians")
    ia = _ia(owner_api, sid)
    assert ia["intended_use"] == "ED clinicians" and ia["system_description"] == "Flag sepsis risk early"
    r = owner_api.post(f"/orgs/acme/impact-assessments/{ia['id']}/impacts", {
        "group": "individuals", "area": "fairness", "description": "Worse sensitivity for some groups",
        "severity": "4", "likelihood": "3"})
    assert r.status_code == 201, r.json_body
    assert owner_api.get(f"/orgs/acme/impact-assessments/{ia['id']}").json_body["impacts"][0]["area"] == "fairness"


def test_four_eyes_refuses_approving_ones_own_edit(owner_api, api_as, system):
    sid = system()
    ia = _ia(owner_api, sid)
    owner_api.post(f"/orgs/acme/impact-assessments/{ia['id']}/impacts",
                   {"group": "society", "area": "public_trust", "description": "Trust in alerts"})
    version = owner_api.get(f"/orgs/acme/impact-assessments/{ia['id']}").json_body["version"]
    own = owner_api.post(f"/orgs/acme/impact-assessments/{ia['id']}/approve", {"version": version})
    assert own.status_code == 403 and "four-eyes" in own.json_body["detail"]
    manager = api_as(Role.AIMS_MANAGER)
    ok = manager.post(f"/orgs/acme/impact-assessments/{ia['id']}/approve", {"version": version, "note": "Reviewed"})
    assert ok.status_code == 200, ok.json_body
    assert ok.json_body["approval"]["approved_by"] == manager.membership.user.email
    assert ok.json_body["approval"]["stale"] is False and ok.json_body["next_review"]
    # a later edit makes the approval stale
    owner_api.patch(f"/orgs/acme/impact-assessments/{ia['id']}", {"version": version, "measures": "More training"})
    assert owner_api.get(f"/orgs/acme/impact-assessments/{ia['id']}").json_body["approval"]["stale"] is True


def test_contributor_cannot_approve(contributor_api, system):
    sid = system()
    ia = _ia(contributor_api, sid)
    r = contributor_api.post(f"/orgs/acme/impact-assessments/{ia['id']}/approve", {"version": ia["version"]})
    assert r.status_code == 403


def test_high_residual_impact_opens_then_updates_a_linked_risk(owner_api, system):
    sid = system()
    ia = _ia(owner_api, sid, residual_impact="high", residual_notes="Bias remains")
    risks = owner_api.get(f"/orgs/acme/risks?system={sid}").json_body["items"]
    assert len(risks) == 1 and risks[0]["source_assessment"] == ia["id"] and "Bias remains" in risks[0]["description"]
    owner_api.patch(f"/orgs/acme/impact-assessments/{ia['id']}", {"version": ia["version"],
                                                                  "residual_notes": "Bias reduced"})
    risks = owner_api.get(f"/orgs/acme/risks?system={sid}").json_body["items"]
    assert len(risks) == 1 and "Bias reduced" in risks[0]["description"]


def test_stale_version_is_409_and_nothing_changes(owner_api, system):
    sid = system()
    ia = _ia(owner_api, sid)
    owner_api.patch(f"/orgs/acme/impact-assessments/{ia['id']}", {"version": ia["version"], "measures": "A"})
    stale = owner_api.patch(f"/orgs/acme/impact-assessments/{ia['id']}", {"version": ia["version"], "measures": "B"})
    assert stale.status_code == 409 and stale.json_body["fields"] == {"measures": "A"}
    assert owner_api.get(f"/orgs/acme/impact-assessments/{ia['id']}").json_body["measures"] == "A"
    bad = owner_api.patch(f"/orgs/acme/impact-assessments/{ia['id']}", {"version": 2, "ai_system": sid})
    assert bad.status_code == 422
