"""A significant change to an AI system flags its risks and impact assessments "re-assessment due", with the
cause (ISO/IEC 42001 8.2, 8.4)."""


def test_changing_the_purpose_flags_risks_and_impact_assessments(owner_api, system):
    sid = system()
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift", "ai_system_ids": [sid]}).json_body["id"]
    other = owner_api.post("/orgs/acme/risks", {"title": "Unrelated"}).json_body["id"]
    ia = owner_api.post("/orgs/acme/impact-assessments", {"title": "IA", "ai_system": sid}).json_body
    owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "purpose": "Also predict length of stay"})
    risk = owner_api.get(f"/orgs/acme/risks/{rid}").json_body
    assert risk["reassessment_due"] is True and "what is it for" in risk["reassessment_reason"]
    assert "Sepsis early warning" in risk["reassessment_reason"]
    assert owner_api.get(f"/orgs/acme/risks/{other}").json_body["reassessment_due"] is False
    assert owner_api.get(f"/orgs/acme/impact-assessments/{ia['id']}").json_body["reassessment_due"] is True
    assert owner_api.get("/orgs/acme/risks?reassessment_due=true").json_body["count"] == 1


def test_a_minor_change_flags_nothing(owner_api, system):
    sid = system()
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift", "ai_system_ids": [sid]}).json_body["id"]
    owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "geography": "IE"})
    assert owner_api.get(f"/orgs/acme/risks/{rid}").json_body["reassessment_due"] is False


def test_re_scoring_clears_the_flag(owner_api, system):
    sid = system()
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift", "ai_system_ids": [sid]}).json_body["id"]
    owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "automation": "fully_automated"})
    r = owner_api.patch(f"/orgs/acme/risks/{rid}", {"version": 1, "inherent_likelihood": "3",
                                                   "inherent_consequence": "3"})
    assert r.json_body["reassessment_due"] is False and r.json_body["reassessment_reason"] is None


def test_a_new_methodology_version_flags_but_never_rescales(owner_api):
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift", "inherent_likelihood": "5",
                                              "inherent_consequence": "5"}).json_body["id"]
    v2 = owner_api.post("/orgs/acme/risk-methodology/versions", {
        "likelihood_scale": [{"label": "Low"}, {"label": "Medium"}, {"label": "High"}]}).json_body
    owner_api.post(f"/orgs/acme/risk-methodology/versions/{v2['id']}/approve", {"version": v2["version"]})
    risk = owner_api.get(f"/orgs/acme/risks/{rid}").json_body
    assert risk["inherent_likelihood"] == "5" and risk["methodology_version"] == 1
    assert risk["reassessment_due"] is True and "version 2" in risk["reassessment_reason"]
    r = owner_api.patch(f"/orgs/acme/risks/{rid}", {"version": 1, "inherent_likelihood": "3"})
    assert r.status_code == 200 and r.json_body["methodology_version"] == 2


def test_the_flag_and_its_cause_are_visible_on_the_pages(owner_api, system):
    from django.test import Client

    sid = system()
    rid = owner_api.post("/orgs/acme/risks", {"title": "Drift", "ai_system_ids": [sid]}).json_body["id"]
    ia = owner_api.post("/orgs/acme/impact-assessments", {"title": "IA", "ai_system": sid}).json_body["id"]
    owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "intended_use": "Also for children"})
    browser = Client()
    browser.force_login(owner_api.membership.user)
    for url in (f"/o/acme/risks/{rid}/", f"/o/acme/risks/impact-assessments/{ia}/"):
        page = browser.get(url).content.decode()
        assert "Re-assessment due" in page and "intended use" in page, url
    assert "Re-assessment due" in browser.get(f"/o/acme/ai-systems/{sid}/").content.decode()
