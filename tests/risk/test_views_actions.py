"""Treatment actions in the browser: add, change, set status, remove; each change makes an acceptance stale."""

from django.test import Client

from forty2.risk.models import TreatmentAction


def test_actions_through_the_risk_page(owner_api):
    browser = Client()
    browser.force_login(owner_api.membership.user)
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift", "residual_likelihood": "1",
                                              "residual_consequence": "1", "treatment_option": "retain",
                                              "owner": owner_api.membership.user.email}).json_body["id"]
    browser.post(f"/o/acme/risks/{rid}/actions", {"title": "Add drift alert", "due_date": "2027-01-31",
                                                  "owner": owner_api.membership.user.email})
    action = TreatmentAction.objects.get()
    owner_api.post(f"/orgs/acme/risks/{rid}/accept", {"version": 1})
    assert browser.get(f"/o/acme/risks/{rid}/actions/{action.pk}/edit").status_code == 200
    r = browser.post(f"/o/acme/risks/{rid}/actions/{action.pk}/edit", {
        "version": action.version, "title": "Add drift alert and runbook", "due_date": "2027-02-28", "owner": ""})
    assert r.status_code == 302
    action.refresh_from_db()
    assert action.title == "Add drift alert and runbook" and str(action.due_date) == "2027-02-28"
    page = browser.get(f"/o/acme/risks/{rid}/").content.decode()
    assert "Acceptance stale" in page
    browser.post(f"/o/acme/risks/{rid}/actions/{action.pk}/status", {"version": action.version, "status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    browser.post(f"/o/acme/risks/{rid}/actions/{action.pk}/delete")
    assert not TreatmentAction.objects.exists()
