"""Segregation of duties (ISO/IEC 42001 A.3.2, 5.3; issue #14 finding 4): under four eyes the approver differs from
everyone who edited the record since its last approval, and loosening the methodology's approval rules needs four
eyes itself, whatever the loosening version's own flags say."""

import pytest

from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
M = "/orgs/acme/risk-methodology"


def _ia(api, sid):
    r = api.post("/orgs/acme/impact-assessments", {"title": "Sepsis IA", "ai_system": sid})
    assert r.status_code == 201, r.json_body
    return r.json_body["id"]


def _impact(api, ia, description):
    return api.post(f"/orgs/acme/impact-assessments/{ia}/impacts",
                    {"group": "society", "area": "public_trust", "description": description})


def _approve_ia(api, ia):
    version = api.get(f"/orgs/acme/impact-assessments/{ia}").json_body["version"]
    return api.post(f"/orgs/acme/impact-assessments/{ia}/approve", {"version": version})


def test_the_author_cannot_approve_after_someone_else_made_the_last_edit(api_as, owner_api, system):
    author, helper = api_as(Role.AIMS_MANAGER), owner_api
    reviewer = api_as(Role.AIMS_MANAGER, email="rev@acme.example")
    ia = _ia(author, system())
    assert _impact(author, ia, "Trust in alerts").status_code == 201
    assert _impact(helper, ia, "A second opinion").status_code == 201  # the helper is now the last editor
    own = _approve_ia(author, ia)
    assert own.status_code == 403 and "four-eyes" in own.json_body["detail"]
    assert _approve_ia(helper, ia).status_code == 403  # the helper edited it too
    assert _approve_ia(reviewer, ia).status_code == 200
    # after that approval only later edits count: the author edits again, the helper (not since) may approve
    r = author.patch(f"/orgs/acme/impact-assessments/{ia}",
                     {"version": author.get(f"/orgs/acme/impact-assessments/{ia}").json_body["version"],
                      "measures": "Monthly review"})
    assert r.status_code == 200
    assert _approve_ia(author, ia).status_code == 403
    assert _approve_ia(helper, ia).status_code == 200


def test_one_manager_alone_cannot_switch_four_eyes_off_and_approve_his_own_assessment(api_as, owner_api, system):
    """The reproduction of the finding: draft without four eyes, approve it himself, approve his own impact
    assessment, switch four eyes back on."""
    manager, colleague = api_as(Role.AIMS_MANAGER), owner_api
    draft = manager.post(f"{M}/versions", {"impact_four_eyes": False}).json_body
    own = manager.post(f"{M}/versions/{draft['id']}/approve", {"version": draft["version"]})
    assert own.status_code == 403 and "four-eyes" in own.json_body["detail"]
    assert "no longer need four eyes" in own.json_body["detail"]
    assert manager.get(M).json_body["impact_four_eyes"] is True  # nothing changed
    ia = _ia(manager, system())
    _impact(manager, ia, "Trust in alerts")
    assert _approve_ia(manager, ia).status_code == 403
    # a second person who did not write the draft may put it in force
    assert colleague.post(f"{M}/versions/{draft['id']}/approve", {"version": draft["version"]}).status_code == 200
    assert manager.get(M).json_body["impact_four_eyes"] is False


WIDER_HIGH = {"low": {"acceptable": True, "risk_owner": True, "roles": ["owner", "aims_manager", "contributor"]},
              "medium": {"acceptable": True, "risk_owner": True, "roles": ["owner", "aims_manager"]},
              "high": {"acceptable": True, "risk_owner": False, "roles": ["owner", "aims_manager"]},
              "critical": {"acceptable": False, "risk_owner": False, "roles": []}}
CRITICAL_OK = {"low": {"acceptable": True, "risk_owner": True, "roles": ["owner"]},
               "critical": {"acceptable": True, "risk_owner": False, "roles": ["owner"]}}
THREE = [{"label": "Low"}, {"label": "Medium"}, {"label": "High"}]


@pytest.mark.parametrize("change, words", [
    ({"acceptance": WIDER_HIGH}, "AIMS manager could accept high risks"),
    ({"acceptance": CRITICAL_OK}, "critical risks would become acceptable"),
    ({"likelihood_scale": THREE, "consequence_scale": THREE, "matrix": [["low"] * 3] * 3}, "lower level"),
])
def test_widening_who_may_accept_what_needs_a_second_approver(api_as, change, words):
    manager, colleague = api_as(Role.AIMS_MANAGER), api_as(Role.OWNER)
    draft = manager.post(f"{M}/versions", change)
    assert draft.status_code == 201, draft.json_body
    draft = draft.json_body
    own = manager.post(f"{M}/versions/{draft['id']}/approve", {"version": draft["version"]})
    assert own.status_code == 403 and words in own.json_body["detail"]
    assert colleague.post(f"{M}/versions/{draft['id']}/approve", {"version": draft["version"]}).status_code == 200


def test_an_edit_by_the_approver_counts_even_when_someone_else_started_the_draft(api_as):
    manager, colleague = api_as(Role.AIMS_MANAGER), api_as(Role.OWNER)
    draft = colleague.post(f"{M}/versions", {"notes": "2027"}).json_body
    r = manager.patch(f"{M}/versions/{draft['id']}", {"version": draft["version"], "impact_four_eyes": False})
    assert r.status_code == 200
    assert manager.post(f"{M}/versions/{draft['id']}/approve", {"version": r.json_body["version"]}).status_code == 403
    assert colleague.post(f"{M}/versions/{draft['id']}/approve",
                          {"version": r.json_body["version"]}).status_code == 403  # both wrote it
    third = api_as(Role.AIMS_MANAGER, email="third@acme.example")
    assert third.post(f"{M}/versions/{draft['id']}/approve", {"version": r.json_body["version"]}).status_code == 200


def test_tightening_or_rescaling_needs_no_second_approver(owner_api):
    tighter = owner_api.post(f"{M}/versions", {"acceptance": {
        "low": {"acceptable": True, "risk_owner": True, "roles": ["owner"]},
        "medium": {"acceptable": True, "risk_owner": False, "roles": ["owner"]},
        "high": {"acceptable": False}, "critical": {"acceptable": False}}}).json_body
    assert owner_api.post(f"{M}/versions/{tighter['id']}/approve", {"version": tighter["version"]}).status_code == 200
    rescaled = owner_api.post(f"{M}/versions", {
        "likelihood_scale": [{"label": "Low"}, {"label": "Medium"}, {"label": "High"}]}).json_body
    assert owner_api.post(f"{M}/versions/{rescaled['id']}/approve",
                          {"version": rescaled["version"]}).status_code == 200


def test_the_methodology_page_says_who_must_approve_a_loosening_draft(api_as, client):
    manager = api_as(Role.AIMS_MANAGER)
    manager.post(f"{M}/versions", {"impact_four_eyes": False})
    client.force_login(manager.membership.user)
    page = client.get("/o/acme/risks/methodology").content.decode()
    assert "loosens the approval rules" in page and "another owner or AIMS manager must approve it" in page
    assert "Approve version 2" not in page
