"""Risk and methodology forms: errors next to the field, nothing typed is lost, nothing saved."""

from django.test import Client

from forty2.risk.models import Risk, RiskMethodology


def _browser(api):
    c = Client()
    c.force_login(api.membership.user)
    return c


def test_score_outside_the_scale_is_shown_next_to_the_field(owner_api):
    v = owner_api.post("/orgs/acme/risk-methodology/versions", {
        "consequence_scale": [{"label": "Low"}, {"label": "Medium"}, {"label": "High"}]}).json_body
    owner_api.post(f"/orgs/acme/risk-methodology/versions/{v['id']}/approve", {"version": v["version"]})
    page = _browser(owner_api).post("/o/acme/risks/new", {"title": "Drift (typed)", "status": "identified",
                                                          "inherent_consequence": "5"}).content.decode()
    assert "There is a problem" in page and "outside the consequence scale" in page
    assert 'value="Drift (typed)"' in page
    assert not Risk.objects.exists()


def test_methodology_form_refuses_a_bad_interval_and_saves_a_draft(owner_api):
    browser = _browser(owner_api)
    form = browser.get("/o/acme/risks/methodology/new").content.decode()
    assert "Likelihood scale" in form
    data = {"name": "2027", "review_interval_days": "5"}
    for scale in ("likelihood_scale", "consequence_scale"):
        for i in range(5):
            data[f"{scale}-{i}-label"] = f"L{i + 1}"
    page = browser.post("/o/acme/risks/methodology/new", data).content.decode()
    assert "30 to 1095" in page and RiskMethodology.objects.count() == 1
    data["review_interval_days"] = "90"
    data["acc-low-acceptable"] = "1"
    data["acc-low-role-aims_manager"] = "1"
    data["impact_four_eyes"] = "1"  # switching four eyes off would need a second approver (test_segregation_of_duties)
    r = browser.post("/o/acme/risks/methodology/new", data)
    assert r.status_code == 302
    draft = RiskMethodology.objects.get(number=2)
    assert draft.status == "draft" and draft.review_interval_days == 90
    assert draft.acceptance["low"] == {"acceptable": True, "risk_owner": False, "roles": ["aims_manager"]}
    assert draft.acceptance["high"]["acceptable"] is False
    page = browser.post(f"/o/acme/risks/methodology/{draft.pk}/approve", {"version": draft.version},
                        follow=True).content.decode()
    assert "Version 2 is now in force" in page
