"""Exclusions the AI register contradicts are flagged (ISO/IEC 42001 6.1.3 f); a 27001 exclusion is offered
with the contradiction shown."""

import pytest

from forty2.controls import register_rules
from forty2.controls.importexport import import_iso27001_soa
from forty2.inventory.services import create_ai_system

from .conftest import decide_all

pytestmark = pytest.mark.django_db


def test_excluding_development_controls_while_developing_a_system_is_flagged(owner_api, client):
    decide_all(owner_api)
    e = owner_api.get("/orgs/acme/soa/A.6.2.2").json_body
    owner_api.patch("/orgs/acme/soa/A.6.2.2", {"applicable": False, "justification": "We build nothing.",
                                               "version": e["version"]})
    create_ai_system(owner_api.membership, {"name": "Chatbot", "purpose": "Answers.", "ai_roles": ["customer"]})
    assert owner_api.get("/orgs/acme/soa?limit=100").json_body["soa"]["register_contradictions"] == []
    create_ai_system(owner_api.membership, {"name": "Forecaster", "purpose": "Forecasts.", "ai_roles": ["provider"]})
    flags = owner_api.get("/orgs/acme/soa?limit=100").json_body["soa"]["register_contradictions"]
    assert [f["ref"] for f in flags] == ["A.6.2.2"] and "Forecaster" in flags[0]["message"]
    client.force_login(owner_api.membership.user)
    assert "Excluding A.6.2.2 is contradicted" in client.get("/o/acme/controls/").content.decode()


def test_the_rule_table_maps_groups_to_register_facts():
    facts = {"develops": [], "datasets": ["Claims 2024"], "suppliers": []}
    assert "Claims 2024" in register_rules.contradiction("A.7.2", facts)
    assert register_rules.contradiction("A.6.2.2", facts) is None
    assert register_rules.contradiction("A.10.3", {"suppliers": ["Vendor"]})
    assert register_rules.contradiction("A.1.1", {"suppliers": ["Vendor"]}) is None


def test_a_27001_exclusion_the_register_contradicts_is_offered_with_the_contradiction(owner, tmp_path):
    create_ai_system(owner, {"name": "Forecaster", "purpose": "Forecasts demand.", "ai_roles": ["provider"]})
    path = tmp_path / "isms.csv"
    path.write_text("control,applicable,justification,status\nA.8.25,no,No in-house development,\n")
    with path.open("rb") as f:
        import_iso27001_soa(owner, f, "isms.csv")
    from forty2.controls.models import SoAEntry

    pending = {e.ref: e.suggestion for e in SoAEntry.objects.filter(suggestion_state="pending")}
    assert pending and all(s["applicable"] is False for s in pending.values())
    flagged = [ref for ref, s in pending.items() if "Forecaster" in s.get("contradiction", "")]
    assert flagged and all(ref.startswith(("A.6.1", "A.6.2")) for ref in flagged)


def _exclude_development_while_developing(api):
    decide_all(api)
    e = api.get("/orgs/acme/soa/A.6.2.2").json_body
    r = api.patch("/orgs/acme/soa/A.6.2.2", {"applicable": False, "justification": "We build nothing ourselves.",
                                             "version": e["version"]})
    assert r.status_code == 200, r.json_body
    create_ai_system(api.membership, {"name": "Forecaster", "purpose": "Forecasts.", "ai_roles": ["provider"]})


def test_an_unanswered_contradiction_blocks_the_soa_approval_naming_control_and_systems(owner_api):
    from forty2.controls.models import SoAVersion

    _exclude_development_while_developing(owner_api)
    r = owner_api.post("/orgs/acme/soa/versions", {"note": "Board"})
    assert r.status_code == 422
    messages = " ".join(e["msg"] for e in r.json_body["detail"])
    assert "A.6.2.2" in messages and "Forecaster" in messages
    assert not SoAVersion.objects.filter(organization=owner_api.membership.organization).exists()
    flags = owner_api.get("/orgs/acme/soa?limit=100").json_body["soa"]["register_contradictions"]
    assert [(f["ref"], f["answered"]) for f in flags] == [("A.6.2.2", False)]


def test_an_answered_contradiction_is_audited_stays_a_warning_and_lets_approval_proceed(owner_api):
    from forty2.core.models import AuditEvent

    _exclude_development_while_developing(owner_api)
    short = owner_api.post("/orgs/acme/soa/A.6.2.2/contradiction-answer", {"justification": "Fine."})
    assert short.status_code == 422 and short.json_body["detail"][0]["loc"][-1] == "justification"
    why = "The forecaster is a vendor model we only configure; A.6 is covered by the supplier's life cycle."
    r = owner_api.post("/orgs/acme/soa/A.6.2.2/contradiction-answer", {"justification": why})
    assert r.status_code == 200 and r.json_body["answered"] is True
    event = AuditEvent.objects.get(action="soa_entry.answer_contradiction")
    assert event.changes["answer"] == why and "Forecaster" in event.changes["contradiction"]
    flags = owner_api.get("/orgs/acme/soa?limit=100").json_body["soa"]["register_contradictions"]
    assert [(f["ref"], f["answered"], f["answer"]) for f in flags] == [("A.6.2.2", True, why)]  # still a warning
    assert owner_api.post("/orgs/acme/soa/versions", {"note": "Board"}).status_code in (200, 201)
    # a register change makes a new contradiction: the old answer does not cover it
    create_ai_system(owner_api.membership, {"name": "Triage model", "purpose": "Triage.", "ai_roles": ["producer"]})
    flags = owner_api.get("/orgs/acme/soa?limit=100").json_body["soa"]["register_contradictions"]
    assert flags[0]["answered"] is False and "Triage model" in flags[0]["message"]


def test_nothing_to_answer_is_a_conflict(owner_api):
    decide_all(owner_api)
    r = owner_api.post("/orgs/acme/soa/A.6.2.2/contradiction-answer",
                       {"justification": "A long enough answer to a contradiction that is not there."})
    assert r.status_code == 409
