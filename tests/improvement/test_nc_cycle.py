"""A major nonconformity through the API from the finding to closure and reopening (ISO/IEC 42001 10.2): the
correction, the structured root cause with the 10.2 b answer, corrective actions, verification of effectiveness
by someone independent, no sooner than the minimum interval, and every step audited."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.core.models import AuditEvent
from forty2.improvement.models import Nonconformity
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(api_as):
    """The raiser (an internal auditor), the NC owner (a manager), an action owner (a contributor) and an
    independent verifier (a second internal auditor)."""
    return {"raiser": api_as(Role.INTERNAL_AUDITOR, email="auditor@acme.example"),
            "owner": api_as(Role.AIMS_MANAGER, email="manager@acme.example"),
            "doer": api_as(Role.CONTRIBUTOR, email="doer@acme.example"),
            "verifier": api_as(Role.INTERNAL_AUDITOR, email="verifier@acme.example")}


def raise_major(api, **extra):
    r = api.post("/orgs/acme/findings", {"title": "No impact assessment for the triage system", "kind": "major_nc",
                                         "requirement_ref": "6.1.4", "source": "other",
                                         "source_note": "Pre-audit walkthrough",
                                         "objective_evidence": "The system register shows no assessment.", **extra})
    assert r.status_code == 201, r.json_body
    return r.json_body


def nc_of(api, finding_id):
    items = api.get("/orgs/acme/nonconformities").json_body["items"]
    return next(i for i in items if i["finding"] == finding_id)


def step(api, nc, name, expect=200, **data):
    r = api.post(f"/orgs/acme/nonconformities/{nc['id']}/steps/{name}", {"version": nc["version"], **data})
    assert r.status_code == expect, r.json_body
    return r.json_body


def analysis(**over):
    return {"cause_method": "five_whys", "whys": ["The approval checklist has no impact step",
                                                  "The checklist predates the AIMS"],
            "cause_summary": "The approval checklist was never updated for 6.1.4.", "similar_elsewhere": True,
            "similar_note": "Checked the other two high-risk systems: same gap on one.", **over}


def to_actions(team, nc):
    nc = step(team["owner"], nc, "correct", correction="Assessment started for the triage system.")
    nc = step(team["owner"], nc, "analyse", **analysis())
    r = team["owner"].post("/orgs/acme/corrective-actions", {
        "description": "Add the impact assessment step to the approval checklist", "nonconformity": nc["id"],
        "owner": "doer@acme.example", "due_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat()})
    assert r.status_code == 201, r.json_body
    return step(team["owner"], nc, "start_actions"), r.json_body


def finish_action(api, action):
    r = api.post(f"/orgs/acme/corrective-actions/{action['id']}/steps/done",
                 {"version": action["version"], "outcome": "Checklist v3 has the step; used on two systems."})
    assert r.status_code == 200, r.json_body
    return r.json_body


def test_the_full_cycle_to_closure_and_reopening(team):
    finding = raise_major(team["raiser"], owner="manager@acme.example")
    assert finding["status"] == "open" and finding["raised_by"] == "auditor@acme.example"
    nc = nc_of(team["owner"], finding["id"])
    assert nc["state"] == "open" and nc["severity"] == "major_nc" and nc["owner"] == "manager@acme.example"
    assert nc["correction_due"] and nc["analysis_due"] and nc["verify_interval_days"] == 30
    nc, action = to_actions(team, nc)
    assert nc["state"] == "actions" and nc["root_cause"]["whys"][0].startswith("The approval")
    assert nc["similar_elsewhere"] is True
    step(team["owner"], nc, "submit", expect=409)  # the action is not done yet
    finish_action(team["doer"], action)
    nc = step(team["owner"], nc_of(team["owner"], finding["id"]), "submit")
    assert nc["state"] == "verifying"
    assert nc["verify_after"] == (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    # too early: the minimum interval is enforced (409), even for an independent verifier
    r = team["verifier"].post(f"/orgs/acme/nonconformities/{nc['id']}/steps/close",
                              {"version": nc["version"], "note": "Checked two approvals."})
    assert r.status_code == 409 and "can be verified from" in r.json_body["detail"]
    Nonconformity.objects.filter(pk=nc["id"]).update(verify_after=timezone.localdate())  # the interval has passed
    nc = step(team["verifier"], nc, "close", note="Two later approvals both had an impact assessment.")
    assert nc["state"] == "closed" and nc["effective"] is True and nc["verified_by"] == "verifier@acme.example"
    assert team["owner"].get(f"/orgs/acme/findings/{finding['id']}").json_body["status"] == "closed"
    # reopen: a note is required; the count goes up and the finding opens again
    r = team["verifier"].post(f"/orgs/acme/nonconformities/{nc['id']}/steps/reopen", {"version": nc["version"]})
    assert r.status_code == 422
    nc = step(team["verifier"], nc, "reopen_analysis", note="A third system was approved without one.")
    assert nc["state"] == "analysed" and nc["reopened_count"] == 1 and nc["closed_at"] is None
    assert team["owner"].get(f"/orgs/acme/findings/{finding['id']}").json_body["status"] == "open"
    actions = set(AuditEvent.objects.filter(object_type="nonconformity", object_id=str(nc["id"]))
                  .values_list("action", flat=True))
    assert {"nonconformity.create", "nonconformity.correct", "nonconformity.analyse",
            "nonconformity.start_actions", "nonconformity.submit", "nonconformity.close",
            "nonconformity.reopen_analysis"} <= actions
    assert AuditEvent.objects.filter(action="corrective_action.done").exists()
    assert AuditEvent.objects.filter(action="finding.close").exists()
    history = team["owner"].get(f"/orgs/acme/nonconformities/{nc['id']}/history").json_body
    assert history["count"] >= 7


def test_the_action_owner_and_the_raiser_cannot_verify(team, api_as):
    finding = raise_major(team["raiser"])
    nc, action = to_actions(team, nc_of(team["owner"], finding["id"]))
    finish_action(team["doer"], action)
    nc = step(team["owner"], nc_of(team["owner"], finding["id"]), "submit")
    Nonconformity.objects.filter(pk=nc["id"]).update(verify_after=timezone.localdate() - dt.timedelta(days=1))
    # the person who raised the finding
    r = team["raiser"].post(f"/orgs/acme/nonconformities/{nc['id']}/steps/close",
                            {"version": nc["version"], "note": "Looks fine."})
    assert r.status_code == 403 and "raised the finding" in r.json_body["detail"]
    # an action owner, even as a manager
    boss = api_as(Role.OWNER, email="boss@acme.example")
    r = boss.patch(f"/orgs/acme/corrective-actions/{action['id']}", {"owner": "boss@acme.example",
                                                                      "version": action["version"] + 1})
    assert r.status_code == 409  # a done action is not changed
    r = boss.post(f"/orgs/acme/nonconformities/{nc['id']}/steps/close", {"version": nc["version"], "note": "ok"})
    assert r.status_code == 200  # the owner is neither


def test_an_action_owner_is_refused_as_verifier(team, api_as):
    finding = raise_major(team["owner"])
    nc, action = to_actions(team, nc_of(team["owner"], finding["id"]))
    verifier_owned = team["owner"].post("/orgs/acme/corrective-actions", {
        "description": "Train approvers", "nonconformity": nc["id"], "owner": "verifier@acme.example",
        "due_on": timezone.localdate().isoformat()}).json_body
    finish_action(team["doer"], action)
    finish_action(team["owner"], verifier_owned)
    nc = step(team["owner"], nc_of(team["owner"], finding["id"]), "submit")
    Nonconformity.objects.filter(pk=nc["id"]).update(verify_after=timezone.localdate())
    r = team["verifier"].post(f"/orgs/acme/nonconformities/{nc['id']}/steps/close",
                              {"version": nc["version"], "note": "Fine."})
    assert r.status_code == 403 and "action owner" in r.json_body["detail"]
    # the raiser here is the manager: also refused
    r = team["owner"].post(f"/orgs/acme/nonconformities/{nc['id']}/steps/close",
                           {"version": nc["version"], "note": "Fine."})
    assert r.status_code == 403
    assert Nonconformity.objects.get(pk=nc["id"]).state == "verifying"


def test_not_effective_goes_back_with_the_note(team):
    finding = raise_major(team["raiser"])
    nc, action = to_actions(team, nc_of(team["owner"], finding["id"]))
    finish_action(team["doer"], action)
    nc = step(team["owner"], nc_of(team["owner"], finding["id"]), "submit")
    # not effective may be found before the interval ends
    nc = step(team["verifier"], nc, "ineffective_actions", note="The checklist is not used by the second team.")
    assert nc["state"] == "actions" and nc["effective"] is False
    assert nc["verification_note"].startswith("The checklist")


def test_the_minimum_interval_is_configurable_per_nonconformity(team):
    finding = raise_major(team["raiser"])
    nc = nc_of(team["owner"], finding["id"])
    r = team["owner"].patch(f"/orgs/acme/nonconformities/{nc['id']}", {"verify_interval_days": 0,
                                                                       "version": nc["version"]})
    assert r.status_code == 200, r.json_body
    nc, action = to_actions(team, r.json_body)
    finish_action(team["doer"], action)
    nc = step(team["owner"], nc_of(team["owner"], finding["id"]), "submit")
    assert nc["verify_after"] == timezone.localdate().isoformat()
    assert step(team["verifier"], nc, "close", note="Checked.")["state"] == "closed"


def test_bad_input_names_the_field(team):
    api = team["owner"]
    r = api.post("/orgs/acme/findings", {"title": "X", "kind": "minor_nc", "requirement_ref": "6.1.4",
                                         "source": "audit"})
    assert r.status_code == 422 and any(e["loc"][-1] == "audit" for e in r.json_body["detail"])
    r = api.post("/orgs/acme/findings", {"title": "X", "kind": "minor_nc", "requirement_ref": "9.9.9",
                                         "source": "other", "source_note": "x"})
    assert r.status_code == 422 and any(e["loc"][-1] == "requirement_ref" for e in r.json_body["detail"])
    r = api.post("/orgs/acme/findings", {"title": "X", "kind": "minor_nc", "source": "incident"})
    fields = {e["loc"][-1] for e in r.json_body["detail"]}
    assert r.status_code == 422 and {"incident", "requirement_ref"} <= fields
    nc = nc_of(api, raise_major(api)["id"])
    r = api.post(f"/orgs/acme/nonconformities/{nc['id']}/steps/correct", {"version": nc["version"]})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "correction"
    nc = step(api, nc, "correct", correction="Done.")
    for bad, field in ((analysis(whys=[]), "whys"), (analysis(whys=["a"] * 6), "whys"),
                       (analysis(cause_method="categories"), "categories"),
                       (analysis(similar_elsewhere=None), "similar_elsewhere"),
                       (analysis(similar_note=""), "similar_note"), (analysis(cause_summary=""), "cause_summary")):
        r = api.post(f"/orgs/acme/nonconformities/{nc['id']}/steps/analyse", {"version": nc["version"], **bad})
        assert r.status_code == 422, bad
        assert field in {e["loc"][-1] for e in r.json_body["detail"]}, (bad, r.json_body)
    ok = step(api, nc, "analyse", **analysis(cause_method="categories", whys=None,
                                            categories=["process", "governance"]))
    assert ok["root_cause"] == {"categories": ["process", "governance"]} and ok["cause_method"] == "categories"
    r = api.post(f"/orgs/acme/nonconformities/{nc['id']}/steps/start_actions", {"version": ok["version"]})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "actions"
    stale = api.post(f"/orgs/acme/nonconformities/{nc['id']}/steps/start_actions", {"version": 1})
    assert stale.status_code == 409


def test_who_may_raise_a_finding(api_as):
    viewer = api_as(Role.VIEWER)
    r = viewer.post("/orgs/acme/findings", {"title": "X", "kind": "ofi", "source": "other", "source_note": "y"})
    assert r.status_code == 403
    external = api_as(Role.EXTERNAL_AUDITOR)
    r = external.post("/orgs/acme/findings", {"title": "X", "kind": "ofi", "source": "other", "source_note": "y"})
    assert r.status_code == 403 and "external auditor" in r.json_body["detail"]
    auditor = api_as(Role.INTERNAL_AUDITOR)
    r = auditor.post("/orgs/acme/findings", {"title": "Logs could be kept longer", "kind": "ofi",
                                             "source": "other", "source_note": "walkthrough"})
    assert r.status_code == 201 and not Nonconformity.objects.filter(finding_id=r.json_body["id"]).exists()
    r = auditor.post(f"/orgs/acme/findings/{r.json_body['id']}/steps/close", {"version": r.json_body["version"]})
    assert r.status_code == 403  # closing an observation is an edit: managers or its owner


def test_an_observation_closes_on_its_own_and_a_nc_finding_does_not(api_as):
    api = api_as(Role.AIMS_MANAGER)
    obs = api.post("/orgs/acme/findings", {"title": "Minutes are terse", "kind": "observation",
                                           "source": "management_review", "source_note": "Review 2026"}).json_body
    r = api.post(f"/orgs/acme/findings/{obs['id']}/steps/close", {"version": obs["version"]})
    assert r.status_code == 200 and r.json_body["status"] == "closed"
    major = raise_major(api)
    r = api.post(f"/orgs/acme/findings/{major['id']}/steps/close", {"version": major["version"]})
    assert r.status_code == 409
    r = api.delete(f"/orgs/acme/findings/{major['id']}")
    assert r.status_code == 409
    r = api.patch(f"/orgs/acme/findings/{major['id']}", {"kind": "ofi", "version": major["version"]})
    assert r.status_code == 409 and "stays one" in r.json_body["detail"]
    r = api.patch(f"/orgs/acme/findings/{major['id']}", {"kind": "minor_nc", "version": major["version"]})
    assert r.status_code == 200
    assert Nonconformity.objects.get(finding_id=major["id"]).severity == "minor_nc"


def test_the_nonconformity_page_offers_no_delete(team, member):
    """A nonconformity is kept (10.2 g): its page has no Delete for anyone, and the delete URL is a 404."""
    nc = nc_of(team["owner"], raise_major(team["raiser"])["id"])
    client = Client()
    client.force_login(member(Role.OWNER, email="owner@acme.example").user)
    page = client.get(f"/o/acme/nonconformities/{nc['id']}/")
    assert page.status_code == 200
    assert f"/o/acme/nonconformities/{nc['id']}/delete" not in page.content.decode()
    assert client.post(f"/o/acme/nonconformities/{nc['id']}/delete").status_code == 404
