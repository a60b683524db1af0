"""POST /api/v1/ai-act/classify: answers in, result out, nothing stored (Regulation (EU) 2024/1689).

Any valid token may call it; bad answers come back as one 422 naming every wrong field, never a 500."""

from forty2.aiact.models import AIActClassification
from forty2.core.models import AuditEvent
from tests.conftest import ApiClient

CV_SCREENING = {"is_ai_system": True, "role": "deployer", "deployer_public_body_or_public_service": True,
                "annex_iii_areas": ["employment"], "annex_iii_point": "4(a)", "profiles_natural_persons": True}


def test_valid_answers_give_the_tier_reasons_and_dated_obligations(owner_api):
    r = owner_api.post("/ai-act/classify", CV_SCREENING)
    assert r.status_code == 200, r.json_body
    body = r.json_body
    assert body["tier"] == "high_risk" and body["high_risk_route"] == "annex_iii"
    assert body["fria_required"] is True
    assert any("Annex III" in reason for reason in body["reasons"])
    fria = next(o for o in body["obligations"] if o["article"].startswith("Art. 27"))
    assert fria["applies_from"][:4].isdigit() and fria["duty"]
    assert not AIActClassification.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="ai_act").exists()


def test_a_viewer_token_may_classify_too(api_as):
    r = api_as("viewer").post("/ai-act/classify", {"is_ai_system": True, "role": "provider"})
    assert r.status_code == 200 and r.json_body["tier"] == "minimal_risk"


def test_every_wrong_field_is_listed_in_one_422(owner_api):
    r = owner_api.post("/ai-act/classify", {"is_ai_system": "yes", "role": "owner", "colour": "blue",
                                             "annex_iii_areas": ["employment"], "annex_iii_point": "5(b)"})
    assert r.status_code == 422
    locs = {tuple(e["loc"]) for e in r.json_body["detail"]}
    assert locs == {("body", "is_ai_system"), ("body", "role"), ("body", "colour"), ("body", "annex_iii_point")}
    assert all(e["msg"] and e["type"] for e in r.json_body["detail"])


def test_malformed_json_or_a_non_object_is_422(owner_api):
    for raw in ("{not json", "[1, 2]", "", "null", '"answers"', '{"is_ai_system": NaN}'):
        r = owner_api.post("/ai-act/classify", raw=raw)
        assert r.status_code == 422, (raw, r.status_code, r.json_body)
        assert r.json_body["detail"][0]["loc"][0] == "body"


def test_without_a_valid_token_it_is_401(db):
    assert ApiClient(None).post("/ai-act/classify", CV_SCREENING).status_code == 401
    assert ApiClient("f2_not-a-token").post("/ai-act/classify", CV_SCREENING).status_code == 401


def test_questions_and_relevance_for_api_clients(owner_api):
    questions = owner_api.get("/ai-act/questions").json_body
    assert questions["count"] == len(questions["items"]) > 10
    role = next(q for q in questions["items"] if q["key"] == "role")
    assert role["article"].startswith("Art. 3") and ["deployer", role["choices"][1][1]] in role["choices"]
    keys = owner_api.post("/ai-act/questions/relevant", {"is_ai_system": True, "role": "provider",
                                                         "prohibited_practices": ["social_scoring"]}).json_body
    assert keys[-1] == "prohibited_practices" and "annex_iii_areas" not in keys
