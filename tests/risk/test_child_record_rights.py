"""Child records need edit rights on their parent (ISO/IEC 42001 A.3.2; issue #14 finding 4): a contributor who owns
nothing cannot add an impact to someone's impact assessment (and so become its "last editor") or add treatment
actions to any risk; on their own records they can. The rule lives in the services, so UI, API and CLI agree."""

import pytest

from forty2.risk.models import Impact, TreatmentAction
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
IMPACT = {"group": "society", "area": "public_trust", "description": "Trust in alerts"}


def _ia(api, sid):
    r = api.post("/orgs/acme/impact-assessments", {"title": "Sepsis IA", "ai_system": sid})
    assert r.status_code == 201, r.json_body
    return r.json_body["id"]


def test_a_contributor_who_owns_nothing_cannot_add_an_impact_to_someone_elses_assessment(owner_api, api_as,
                                                                                           system):
    ia = _ia(owner_api, system())
    outsider = api_as(Role.CONTRIBUTOR)
    r = outsider.post(f"/orgs/acme/impact-assessments/{ia}/impacts", IMPACT)
    assert r.status_code == 403 and "impact assessments you created" in r.json_body["detail"]
    assert not Impact.objects.exists()
    # so the author is still its only editor, and four eyes still refuse the author's own approval
    owner_api.post(f"/orgs/acme/impact-assessments/{ia}/impacts", IMPACT)
    version = owner_api.get(f"/orgs/acme/impact-assessments/{ia}").json_body["version"]
    assert owner_api.post(f"/orgs/acme/impact-assessments/{ia}/approve", {"version": version}).status_code == 403


def test_changing_someone_elses_impact_is_refused_too(owner_api, api_as, system):
    ia = _ia(owner_api, system())
    impact = owner_api.post(f"/orgs/acme/impact-assessments/{ia}/impacts", IMPACT).json_body
    outsider = api_as(Role.CONTRIBUTOR)
    r = outsider.patch(f"/orgs/acme/impact-assessments/{ia}/impacts/{impact['id']}",
                       {"version": impact["version"], "description": "Mine now"})
    assert r.status_code in (403, 404)
    assert Impact.objects.get().description == "Trust in alerts"


def test_a_contributor_adds_impacts_to_their_own_assessment(api_as, system):
    author = api_as(Role.CONTRIBUTOR)
    ia = _ia(author, system())
    assert author.post(f"/orgs/acme/impact-assessments/{ia}/impacts", IMPACT).status_code == 201


def test_a_contributor_who_owns_nothing_cannot_add_actions_to_any_risk(owner_api, api_as):
    risk = owner_api.post("/orgs/acme/risks", {"title": "Drift"}).json_body
    outsider = api_as(Role.CONTRIBUTOR)
    r = outsider.post(f"/orgs/acme/risks/{risk['id']}/actions", {"title": "Retrain monthly"})
    assert r.status_code == 403 and "risks you own or created" in r.json_body["detail"]
    assert not TreatmentAction.objects.exists()


def test_the_risk_owner_adds_actions_and_an_action_owner_reports_progress(owner_api, api_as):
    risk_owner, action_owner = api_as(Role.CONTRIBUTOR), api_as(Role.CONTRIBUTOR, email="doer@acme.example")
    risk = owner_api.post("/orgs/acme/risks", {"title": "Drift", "owner": risk_owner.membership.user.email}).json_body
    r = risk_owner.post(f"/orgs/acme/risks/{risk['id']}/actions",
                        {"title": "Retrain monthly", "owner": action_owner.membership.user.email})
    assert r.status_code == 201, r.json_body
    done = action_owner.patch(f"/orgs/acme/risks/{risk['id']}/actions/{r.json_body['id']}",
                              {"version": r.json_body["version"], "status": "done"})
    assert done.status_code == 200, done.json_body


def test_the_risk_page_refuses_an_outsiders_action_with_a_message(owner_api, api_as, client):
    risk = owner_api.post("/orgs/acme/risks", {"title": "Drift"}).json_body
    outsider = api_as(Role.CONTRIBUTOR)
    client.force_login(outsider.membership.user)
    page = client.post(f"/o/acme/risks/{risk['id']}/actions", {"title": "Retrain monthly", "status": "planned"},
                       follow=True)
    assert page.status_code == 200 and "risks you own or created" in page.content.decode()
    assert not TreatmentAction.objects.exists()
