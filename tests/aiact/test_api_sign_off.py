"""POST …/ai-act/sign-off: an owner or AIMS manager who did not store the classification confirms the version
they reviewed (four eyes, ISO/IEC 42001 5.3, A.3.2). A new classification starts unsigned."""

import pytest

HIGH = {"is_ai_system": True, "role": "deployer", "annex_iii_areas": ["employment"], "annex_iii_point": "4(a)",
        "profiles_natural_persons": True}
MINIMAL = {"is_ai_system": True, "role": "deployer"}


@pytest.fixture
def classified(owner_api):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "CV screening", "purpose": "p"}).json_body["id"]
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", HIGH)
    return sid


def test_a_reviewer_signs_off_the_version_they_read(api_as, owner_api, classified):
    manager = api_as("aims_manager")
    r = manager.post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 1, "note": "Checked 4(a)."})
    assert r.status_code == 200, r.json_body
    assert r.json_body["signed_off_by"] == "aims_manager@acme.example" and r.json_body["signed_off_at"]
    assert r.json_body["sign_off_note"] == "Checked 4(a)."
    events = owner_api.get(f"/orgs/acme/audit-events?action=ai_act.sign_off&object_id={classified}").json_body
    assert events["count"] == 1 and events["items"][0]["changes"]["classification_version"] == 1


def test_the_classifier_may_not_sign_off_their_own_classification(owner_api, classified):
    r = owner_api.post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 1})
    assert r.status_code == 403 and "someone else" in r.json_body["detail"]


@pytest.mark.parametrize("role", ["contributor", "internal_auditor", "viewer"])
def test_roles_without_approval_may_not_sign_off(api_as, classified, role):
    r = api_as(role).post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 1})
    assert r.status_code == 403


def test_a_stale_version_or_a_second_sign_off_is_409(api_as, classified):
    manager = api_as("aims_manager")
    stale = manager.post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 7})
    assert stale.status_code == 409 and stale.json_body["current_version"] == 1
    assert manager.post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 1}).status_code == 200
    again = manager.post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 1})
    assert again.status_code == 409 and "already signed off" in again.json_body["detail"]


def test_bad_sign_off_bodies_are_422(api_as, classified):
    manager = api_as("aims_manager")
    assert manager.post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {}).status_code == 422
    r = manager.post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 1, "extra": True})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "extra"]


def test_nothing_to_sign_off_before_a_classification(api_as, owner_api):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "New", "purpose": "p"}).json_body["id"]
    assert api_as("aims_manager").post(f"/orgs/acme/ai-systems/{sid}/ai-act/sign-off",
                                       {"version": 1}).status_code == 409


def test_a_new_classification_needs_a_new_sign_off(api_as, owner_api, classified):
    manager = api_as("aims_manager")
    manager.post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 1})
    owner_api.put(f"/orgs/acme/ai-systems/{classified}/ai-act", MINIMAL)
    current = owner_api.get(f"/orgs/acme/ai-systems/{classified}/ai-act").json_body
    assert current["version"] == 2 and current["signed_off_by"] is None and current["signed_off_at"] is None
    assert current["changes"]["sign_off_cleared"] is True
    earlier = owner_api.get(f"/orgs/acme/ai-systems/{classified}/ai-act/history").json_body["items"][0]
    assert earlier["version"] == 1 and earlier["signed_off_by"] == "aims_manager@acme.example"
    event = owner_api.get(f"/orgs/acme/audit-events?action=ai_act.classify&object_id={classified}").json_body
    assert event["items"][0]["changes"]["signed_off_by"] == ["aims_manager@acme.example", None]
    assert manager.post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 2}).status_code == 200


def test_identical_answers_keep_the_sign_off(api_as, owner_api, classified):
    api_as("aims_manager").post(f"/orgs/acme/ai-systems/{classified}/ai-act/sign-off", {"version": 1})
    owner_api.put(f"/orgs/acme/ai-systems/{classified}/ai-act", HIGH)
    assert owner_api.get(f"/orgs/acme/ai-systems/{classified}/ai-act").json_body["signed_off_by"]
