"""The risk profile of an AI system follows its inputs (ISO/IEC 42001 6.1.2, A.5): a change to the EU AI Act tier,
personal data, automation, criticality or vulnerable people re-derives it, and a changed profile is audited."""

from forty2.core.models import AuditEvent

FULL = {"personal_data": "special_category", "automation": "decision_support", "criticality": "medium",
        "vulnerable_groups": True}
HIGH_RISK = {"is_ai_system": True, "role": "deployer", "annex_iii_areas": ["employment"],
             "annex_iii_point": "4(a)", "profiles_natural_persons": True}
MINIMAL = {"is_ai_system": True, "role": "deployer"}


def _create(api, **fields):
    body = api.post("/orgs/acme/ai-systems", {"name": "Sepsis score", "purpose": "p", **fields}).json_body
    return body["id"], body["version"]


def _profile(api, sid):
    return api.get(f"/orgs/acme/ai-systems/{sid}/risk-profile").json_body


def _profile_events(sid):
    return list(AuditEvent.objects.filter(action="risk_profile.change", object_id=str(sid)).order_by("seq"))


def test_a_new_system_is_incomplete_until_classified(owner_api):
    sid, _ = _create(owner_api, **FULL)
    profile = _profile(owner_api, sid)
    assert profile["level"] == "incomplete" and profile["missing"] == ["tier"]
    assert profile["inputs"]["personal_data"] == "special_category"
    assert owner_api.get(f"/orgs/acme/ai-systems/{sid}").json_body["risk_profile_level"] == "incomplete"
    assert _profile_events(sid) == []  # the creation event already lists every input


def test_classifying_derives_the_profile_and_audits_the_change(owner_api):
    sid, _ = _create(owner_api, **FULL)
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", HIGH_RISK)
    profile = _profile(owner_api, sid)
    assert profile["level"] == "high" and profile["missing"] == []
    assert any("high-risk AI system" in reason for reason in profile["reasons"])
    [event] = _profile_events(sid)
    assert event.changes["risk_profile_level"] == ["incomplete", "high"]
    assert event.changes["inputs"]["tier"] == "high_risk" and event.object_type == "aisystem"


def test_patching_criticality_re_derives_and_audits(owner_api):
    sid, version = _create(owner_api, **FULL)
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", MINIMAL)
    assert _profile(owner_api, sid)["level"] == "medium"  # 0 + 2 + 0 + 1 + 1 points
    r = owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": version, "criticality": "critical"})
    assert r.status_code == 200 and r.json_body["risk_profile_level"] == "high"
    event = _profile_events(sid)[-1]
    assert event.changes["risk_profile_level"] == ["medium", "high"]
    assert event.changes["inputs"]["criticality"] == "critical" and event.actor_label == "owner@acme.example"
    assert any("critical process" in r for r in event.changes["risk_profile_reasons"][1])


def test_a_change_that_keeps_the_profile_records_no_profile_event(owner_api):
    sid, version = _create(owner_api, **FULL)
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", MINIMAL)
    count = len(_profile_events(sid))
    owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": version, "purpose": "Predict sepsis"})
    assert len(_profile_events(sid)) == count


def test_clearing_an_input_makes_the_profile_incomplete_again(owner_api):
    sid, version = _create(owner_api, **FULL)
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", MINIMAL)
    r = owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": version, "automation": None})
    assert r.json_body["risk_profile_level"] == "incomplete"
    assert _profile(owner_api, sid)["missing"] == ["automation"]


def test_a_prohibited_practice_is_critical_even_with_inputs_missing(owner_api):
    sid, _ = _create(owner_api)
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", {"is_ai_system": True, "role": "provider",
                                                          "prohibited_practices": ["social_scoring"]})
    profile = _profile(owner_api, sid)
    assert profile["level"] == "critical" and "criticality" in profile["missing"]


def test_another_organisations_profile_is_404(owner_api, api_as, globex):
    other = api_as("owner", globex)
    sid = other.post("/orgs/globex/ai-systems", {"name": "G", "purpose": "p"}).json_body["id"]
    assert owner_api.get(f"/orgs/acme/ai-systems/{sid}/risk-profile").status_code == 404
