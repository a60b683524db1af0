"""PUT/GET /api/v1/orgs/{org}/ai-systems/{id}/ai-act: the current classification is stored on the system, earlier
ones kept as its history with who, when and what changed; each new one is audited (Regulation (EU) 2024/1689;
ISO/IEC 42001 7.5.3)."""

from forty2.aiact.models import AIActClassification
from forty2.core.models import AuditEvent

MINIMAL = {"is_ai_system": True, "role": "deployer", "deployer_public_body_or_public_service": True}
HIGH = {**MINIMAL, "annex_iii_areas": ["employment"], "annex_iii_point": "4(a)", "profiles_natural_persons": True}


def _system(api, name="CV screening", org="acme"):
    return api.post(f"/orgs/{org}/ai-systems", {"name": name, "purpose": "Rank applications"}).json_body["id"]


def test_get_is_404_before_the_first_classification(owner_api):
    sid = _system(owner_api)
    r = owner_api.get(f"/orgs/acme/ai-systems/{sid}/ai-act")
    assert r.status_code == 404 and r.json_body == {"detail": "Not found."}
    assert owner_api.get(f"/orgs/acme/ai-systems/{sid}/ai-act/history").json_body == {"items": [], "count": 0}


def test_put_stores_answers_and_result_and_get_returns_them(owner_api):
    sid = _system(owner_api)
    r = owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", HIGH)
    assert r.status_code == 201, r.json_body
    body = owner_api.get(f"/orgs/acme/ai-systems/{sid}/ai-act").json_body
    assert body["answers"] == HIGH
    assert body["result"]["tier"] == "high_risk" and body["result"]["fria_required"] is True
    assert body["classified_by"] == "owner@acme.example" and body["classified_at"]
    assert body["version"] == 1 and body["history_count"] == 0 and body["is_current"] is True
    assert body["signed_off_by"] is None and body["signed_off_at"] is None
    assert body["rules_version"].startswith("engine ")
    assert owner_api.get(f"/orgs/acme/ai-systems/{sid}").json_body["ai_act_tier"] == "high_risk"


def test_a_new_classification_keeps_the_history_and_says_what_changed(owner_api):
    sid = _system(owner_api)
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", HIGH)
    r = owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", MINIMAL)
    assert r.status_code == 200
    body = r.json_body
    assert body["version"] == 2 and body["history_count"] == 1 and body["result"]["tier"] == "minimal_risk"
    assert body["changes"]["result"]["tier"] == ["high_risk", "minimal_risk"]
    assert body["changes"]["answers"]["annex_iii_areas"] == [["employment"], []]
    removed = body["changes"]["obligations"]["removed"]
    assert any(a.startswith("Art. 27") for a in removed) and removed.index("Art. 26(2)") < removed.index("Art. 26(11)")
    history = owner_api.get(f"/orgs/acme/ai-systems/{sid}/ai-act/history").json_body
    assert history["count"] == 1
    assert [(h["version"], h["is_current"], h["result"]["tier"]) for h in history["items"]] == [
        (1, False, "high_risk")]
    assert AIActClassification.objects.filter(ai_system_id=sid, is_current=True).count() == 1


def test_each_stored_classification_is_audited_on_the_system(owner_api):
    sid = _system(owner_api)
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", HIGH)
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", MINIMAL)
    events = owner_api.get(f"/orgs/acme/audit-events?action=ai_act.classify&object_id={sid}").json_body["items"]
    assert len(events) == 2
    latest = events[0]
    assert latest["object_type"] == "aisystem" and latest["actor"] == "owner@acme.example"
    assert latest["changes"]["classification_version"] == [1, 2]
    assert latest["changes"]["tier"] == ["high_risk", "minimal_risk"]
    assert latest["changes"]["answers.annex_iii_point"] == ["4(a)", None]


def test_identical_answers_store_nothing(owner_api):
    sid = _system(owner_api)
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", HIGH)
    before = AuditEvent.objects.count()
    # Same meaning: an absent yes/no answer is "no", an empty list equals null.
    same = {**HIGH, "deep_fake": False, "prohibited_practices": None}
    r = owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", same)
    assert r.status_code == 200 and r.json_body["version"] == 1 and r.json_body["answers"] == HIGH
    assert AIActClassification.objects.filter(ai_system_id=sid).count() == 1
    assert AuditEvent.objects.count() == before


def test_training_compute_written_differently_is_the_same_answer(owner_api):
    sid = _system(owner_api, "Foundation model")
    gpai = {"general_purpose_model": True, "training_compute_flops": 3e24, "role": "provider"}
    owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", gpai)
    r = owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", {**gpai, "training_compute_flops": 3 * 10**24})
    assert r.json_body["version"] == 1


def test_bad_answers_are_422_and_store_nothing(owner_api):
    sid = _system(owner_api)
    r = owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", {"role": "owner", "is_ai_system": 1})
    assert r.status_code == 422
    assert {e["loc"][1] for e in r.json_body["detail"]} == {"role", "is_ai_system"}
    assert owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", raw="{").status_code == 422
    assert not AIActClassification.objects.exists()


def test_another_organisations_system_answers_like_an_unknown_one(owner_api, api_as, globex):
    globex_api = api_as("owner", globex)
    foreign = _system(globex_api, "Globex system", org="globex")
    assert globex_api.put(f"/orgs/globex/ai-systems/{foreign}/ai-act", HIGH).status_code == 201
    pairs = [(owner_api.get(f"/orgs/acme/ai-systems/{foreign}/ai-act"),
              owner_api.get("/orgs/acme/ai-systems/987654/ai-act")),
             (owner_api.put(f"/orgs/acme/ai-systems/{foreign}/ai-act", MINIMAL),
              owner_api.put("/orgs/acme/ai-systems/987654/ai-act", MINIMAL))]
    for r_foreign, r_unknown in pairs:
        assert r_foreign.status_code == r_unknown.status_code == 404
        assert r_foreign.json_body == r_unknown.json_body
    assert owner_api.get(f"/orgs/globex/ai-systems/{foreign}/ai-act").status_code == 404
    assert owner_api.get(f"/orgs/acme/ai-systems/{foreign}/ai-act/history").status_code == 404
    assert AIActClassification.objects.filter(ai_system_id=foreign).count() == 1


def test_an_archived_system_is_not_classified(owner_api):
    sid = _system(owner_api)
    owner_api.delete(f"/orgs/acme/ai-systems/{sid}")
    assert owner_api.put(f"/orgs/acme/ai-systems/{sid}/ai-act", HIGH).status_code == 404
