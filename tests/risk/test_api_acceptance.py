"""Risk acceptance (ISO/IEC 42001 6.1.3): who may accept, what is recorded, and staleness after a change."""

from forty2.tenancy.models import Role


def _risk(api, owner=None, lk="2", ck="2"):
    data = {"title": "Chatbot gives wrong opening hours", "residual_likelihood": lk, "residual_consequence": ck,
            "treatment_option": "retain", "owner": owner or api.membership.user.email}
    r = api.post("/orgs/acme/risks", data)
    assert r.status_code == 201, r.json_body
    return r.json_body


def test_owner_accepts_and_the_record_says_who_when_what(owner_api, contributor_api):
    risk = _risk(owner_api, owner=contributor_api.membership.user.email)
    r = contributor_api.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": risk["version"],
                                                                        "note": "Monitored weekly"})
    assert r.status_code == 200, r.json_body
    assert r.json_body["acceptance"] == "accepted"
    detail = r.json_body["acceptance_detail"]
    assert detail["approved_by"] == contributor_api.membership.user.email
    assert detail["note"] == "Monitored weekly" and detail["stale"] is False and detail["approved_at"]
    events = owner_api.get(f"/orgs/acme/audit-events?object_type=risk&object_id={risk['id']}").json_body["items"]
    assert events[0]["action"] == "risk.accept"


def test_editing_an_accepted_risk_makes_the_acceptance_stale(owner_api):
    risk = _risk(owner_api)
    owner_api.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": 1})
    r = owner_api.patch(f"/orgs/acme/risks/{risk['id']}", {"version": 1, "treatment_plan": "New plan"})
    assert r.json_body["acceptance"] == "stale"
    assert r.json_body["acceptance_detail"]["stale"] is True
    assert owner_api.get("/orgs/acme/risks?acceptance=stale").json_body["count"] == 1
    # a new treatment action also changes what was accepted
    owner_api.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": 2})
    owner_api.post(f"/orgs/acme/risks/{risk['id']}/actions", {"title": "Weekly check"})
    assert owner_api.get(f"/orgs/acme/risks/{risk['id']}").json_body["acceptance"] == "stale"


def test_a_role_the_methodology_does_not_allow_gets_403_naming_the_allowed_roles(owner_api, api_as):
    risk = _risk(owner_api, lk="4", ck="4")  # high: only the owner role, and not the risk owner
    manager = api_as(Role.AIMS_MANAGER)
    r = manager.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": 1})
    assert r.status_code == 403
    assert "Owner" in r.json_body["detail"] and "high" in r.json_body["detail"]
    assert owner_api.get(f"/orgs/acme/risks/{risk['id']}").json_body["acceptance"] is None


def test_contributor_cannot_accept_someone_elses_risk(owner_api, contributor_api):
    risk = _risk(owner_api, owner=owner_api.membership.user.email, lk="3", ck="2")  # medium
    r = contributor_api.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": 1})
    assert r.status_code == 403 and "AIMS manager" in r.json_body["detail"]


def test_a_critical_risk_cannot_be_accepted(owner_api):
    risk = _risk(owner_api, lk="5", ck="5")
    r = owner_api.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": 1})
    assert r.status_code == 409 and "treat it further" in r.json_body["detail"]


def test_a_viewer_named_as_owner_cannot_accept(owner_api, api_as):
    viewer = api_as(Role.VIEWER)
    risk = _risk(owner_api, owner=viewer.membership.user.email, lk="1", ck="1")
    r = viewer.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": 1})
    assert r.status_code == 403


def test_another_organisations_risk_is_404(owner_api, api_as, globex):
    other = api_as(org=globex)
    gid = other.post("/orgs/globex/risks", {"title": "Theirs"}).json_body["id"]
    assert owner_api.get(f"/orgs/acme/risks/{gid}").status_code == 404
    assert owner_api.post(f"/orgs/acme/risks/{gid}/accept", {"version": 1}).status_code == 404
    assert owner_api.patch(f"/orgs/acme/risks/{gid}", {"version": 1, "title": "x"}).status_code == 404


def test_a_risk_without_residual_score_owner_or_treatment_decision_is_refused_422_naming_each(owner_api):
    """Issue #19: an identified risk with nothing decided was accepted in one click, and frozen as accepted."""
    risk = owner_api.post("/orgs/acme/risks", {"title": "Nothing decided yet"}).json_body
    assert risk["status"] == "identified"
    r = owner_api.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": risk["version"]})
    assert r.status_code == 422
    fields = {e["loc"][-1] for e in r.json_body["detail"]}
    assert fields == {"residual_likelihood", "owner", "treatment_option"}
    assert owner_api.get(f"/orgs/acme/risks/{risk['id']}").json_body["acceptance"] is None
    run = owner_api.post("/orgs/acme/risk-assessments", {"title": "Q1"})
    if run.status_code == 201:
        assert all(x["acceptance"] is None for x in run.json_body["results"])


def test_a_flagged_risk_is_not_accepted_and_its_acceptance_is_suspended(owner_api):
    from forty2.risk.models import Risk
    from forty2.risk.services import acceptance_word

    risk = _risk(owner_api)
    assert owner_api.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": 1}).status_code == 200
    Risk.objects.filter(pk=risk["id"]).update(reassessment_due=True, reassessment_reason="Incident INC-1")
    assert acceptance_word(Risk.objects.get(pk=risk["id"])) == "suspended"
    r = owner_api.post(f"/orgs/acme/risks/{risk['id']}/accept", {"version": 1})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "reassessment_due"
