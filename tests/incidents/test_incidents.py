"""AI incidents through the API and the pages: the Art. 73 deadline for each case on a high-risk system, who
reports to whom, the workflow (closing needs root cause and actions), and isolation between organisations
(ISO/IEC 42001 A.8.4; EU AI Act Art. 26(5), 73)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.aiact.models import AIActClassification
from forty2.core.models import AuditEvent
from forty2.incidents import services
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_api(api_as):
    return api_as(Role.AIMS_MANAGER)


def _incident(api, **fields):
    r = api.post("/orgs/acme/incidents", {"title": "Missed urgent scan", "aware_on": timezone.localdate().isoformat(),
                                          **fields})
    assert r.status_code == 201, r.json_body
    return r.json_body


@pytest.mark.parametrize("fields, days, provisional", [
    ({"serious": True}, 15, False),
    ({"serious": True, "death": True}, 10, False),
    ({"serious": True, "widespread": True}, 2, False),
    ({}, 15, True),
])
def test_an_incident_on_a_high_risk_system_shows_its_deadline(manager_api, system, fields, days, provisional):
    s = system(tier="high_risk", ai_roles=["provider"], geography="Ireland")
    body = _incident(manager_api, ai_system_ids=[s.pk], **fields)
    art73 = body["art73"]
    assert art73["applies"] and art73["days"] == days and art73["provisional"] is provisional
    assert art73["due"] == (timezone.localdate() + dt.timedelta(days=days)).isoformat()
    assert art73["state"] == "running" and "left" in art73["countdown"]
    assert art73["reports_to"][0]["role"] == "provider"
    assert "market surveillance authority of Ireland" in art73["reports_to"][0]["reports_to"]
    client = Client()
    client.force_login(manager_api.membership.user)
    page = client.get(f"/o/acme/incidents/{body['id']}/").content.decode()
    assert "EU AI Act Art. 73 reporting" in page and "Time left:" in page and f"{days} days" in page
    assert ("Provisional" in page) is provisional


def test_no_deadline_when_not_high_risk_or_not_serious(manager_api, system):
    low = system("Chatbot", tier="limited_risk")
    assert not _incident(manager_api, ai_system_ids=[low.pk], serious=True)["art73"]["applies"]
    high = system(tier="high_risk")
    assert not _incident(manager_api, ai_system_ids=[high.pk], serious=False)["art73"]["applies"]


def test_a_deployer_informs_the_provider_first(manager_api, manager, system):
    s = system(tier="high_risk", ai_roles=["provider"])  # the EU AI Act answer says deployer: it wins
    AIActClassification.objects.create(organization=manager.organization, ai_system=s, answers={"role": "deployer"},
                                       result={}, tier="high_risk", rules_version="t")
    from forty2.inventory.linked import create as create_linked
    from forty2.inventory.models import Supplier

    vendor = create_linked(Supplier, manager, {"name": "Radiant Imaging Ltd"})
    s.suppliers.add(vendor)
    body = _incident(manager_api, ai_system_ids=[s.pk], serious=True, aware_on=(
        timezone.localdate() - dt.timedelta(days=20)).isoformat())
    route = body["art73"]["reports_to"][0]
    assert route["role"] == "deployer" and route["reports_to"] == "Radiant Imaging Ltd"
    assert "Art. 26(5)" in route["steps"][0] and body["art73"]["state"] == "overdue"
    assert body["art73"]["countdown"].startswith("Overdue by")
    client = Client()
    client.force_login(manager.user)
    page = client.get(f"/o/acme/incidents/{body['id']}/").content.decode()
    assert "inform the provider first: Radiant Imaging Ltd" in page and "Provider informed on:" in page
    assert "Overdue:" in page
    r = manager_api.patch(f"/orgs/acme/incidents/{body['id']}", {"version": body["version"],
                                                                  "reported_on": timezone.localdate().isoformat()})
    assert r.json_body["art73"]["state"] == "late"


def test_closing_needs_root_cause_and_actions_and_every_step_is_audited(manager_api):
    body = _incident(manager_api)
    pk = body["id"]
    for step in ("investigate", "resolve"):
        r = manager_api.post(f"/orgs/acme/incidents/{pk}/{step}", {"version": body["version"]})
        assert r.status_code == 200, r.json_body
        body = r.json_body
    r = manager_api.post(f"/orgs/acme/incidents/{pk}/close", {"version": body["version"]})
    assert r.status_code == 422 and {e["loc"][-1] for e in r.json_body["detail"]} == {"root_cause",
                                                                                      "corrective_actions"}
    body = manager_api.patch(f"/orgs/acme/incidents/{pk}", {"version": body["version"], "root_cause": "Stale FAQ",
                                                            "corrective_actions": "FAQ from the source"}).json_body
    r = manager_api.post(f"/orgs/acme/incidents/{pk}/close", {"version": body["version"]})
    assert r.status_code == 200 and r.json_body["status"] == "closed" and r.json_body["closed_at"]
    assert manager_api.post(f"/orgs/acme/incidents/{pk}/reopen", {"version": r.json_body["version"]}
                            ).status_code == 422  # a note is required
    assert manager_api.post(f"/orgs/acme/incidents/{pk}/close", {"version": r.json_body["version"]}
                            ).status_code == 409  # already closed
    actions = set(AuditEvent.objects.filter(object_type="incident", object_id=str(pk)).values_list("action", flat=True))
    assert {"incident.create", "incident.investigate", "incident.resolve", "incident.update",
            "incident.close"} <= actions


def test_concern_steps_answer_needs_an_answer(manager_api, channel_on):
    concern, _code = services.submit_concern(channel_on.organization, subject="Odd advice")
    api = manager_api
    r = api.post(f"/orgs/acme/concerns/{concern.pk}/triage", {"version": 1})
    assert r.status_code == 200 and r.json_body["status"] == "triage"
    r2 = api.post(f"/orgs/acme/concerns/{concern.pk}/answer", {"version": r.json_body["version"]})
    assert r2.status_code == 422 and r2.json_body["detail"][0]["loc"][-1] == "answer"
    assert api.post(f"/orgs/acme/concerns/{concern.pk}/triage", {"version": 1}).status_code == 409  # stale


def test_another_organisation_sees_none_of_it(manager_api, api_as, globex, system, channel_on):
    s = system(tier="high_risk")
    body = _incident(manager_api, ai_system_ids=[s.pk])
    concern, _code = services.submit_concern(channel_on.organization, subject="Mine")
    theirs = api_as(Role.OWNER, org=globex, email="owner@globex.example")
    for path in (f"/orgs/acme/incidents/{body['id']}", "/orgs/acme/incidents", f"/orgs/acme/concerns/{concern.pk}",
                 "/orgs/acme/concerns"):
        assert theirs.get(path).status_code == 404, path
    assert theirs.get(f"/orgs/globex/incidents/{body['id']}").status_code == 404
    assert theirs.get(f"/orgs/globex/concerns/{concern.pk}").status_code == 404
    assert theirs.get("/orgs/globex/incidents").json_body["count"] == 0
    assert theirs.post("/orgs/globex/incidents", {"title": "X", "aware_on": "2026-01-01",
                                                  "ai_system_ids": [s.pk]}).status_code == 422
    assert theirs.post(f"/orgs/globex/incidents/{body['id']}/investigate", {"version": 1}).status_code == 404
    assert Client().get("/c/globex/").status_code == 404  # their channel is off


def test_contributors_cannot_turn_the_channel_on(api_as, manager_api):
    contributor = api_as(Role.CONTRIBUTOR)
    assert contributor.put("/orgs/acme/concern-channel", {"enabled": True}).status_code == 403
    r = manager_api.put("/orgs/acme/concern-channel", {"enabled": True, "intro": "Tell us."})
    assert r.status_code == 200 and r.json_body == {"enabled": True, "intro": "Tell us.", "public_page": "/c/acme/"}
    assert contributor.get("/orgs/acme/concern-channel").json_body["enabled"] is True


def test_the_pages_list_and_step(manager, system):
    client = Client()
    client.force_login(manager.user)
    incident = services.open_incident(manager, title="Drift alarm", ai_system_ids=[system().pk], source="monitoring")
    assert "Drift alarm" in client.get("/o/acme/incidents/").content.decode()
    page = client.get(f"/o/acme/incidents/{incident.pk}/").content.decode()
    assert "Start investigating" in page and "Risks to re-assess" in page
    r = client.post(f"/o/acme/incidents/{incident.pk}/step/investigate", {"version": incident.version})
    assert r.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "investigating"
    assert client.get("/o/acme/incidents/concerns/").status_code == 200
    assert client.get("/o/acme/incidents/channel/").status_code == 200
    assert client.get("/o/acme/incidents/new").status_code == 200


def test_triage_links_a_concern_to_the_registers_system_of_the_same_organisation(manager_api, system, channel_on,
                                                                                   api_as, globex):
    concern, _code = services.submit_concern(channel_on.organization, subject="Odd ranking",
                                             system_text="the x-ray thing")
    s = system()
    r = manager_api.patch(f"/orgs/acme/concerns/{concern.pk}", {"version": 1, "ai_system": s.pk})
    assert r.status_code == 200 and r.json_body["ai_system"] == s.pk
    assert manager_api.get(f"/orgs/acme/concerns?ai_system={s.pk}").json_body["count"] == 1
    from forty2.inventory import services as inventory

    theirs = inventory.create_ai_system(api_as(Role.OWNER, org=globex, email="o@globex.example").membership,
                                        {"name": "Theirs", "purpose": "x"})
    bad = manager_api.patch(f"/orgs/acme/concerns/{concern.pk}", {"version": 2, "ai_system": theirs.pk})
    assert bad.status_code == 422 and bad.json_body["detail"][0]["loc"][-1] == "ai_system"
