"""The audit flow through the API: plan → start → results → reporting → report approved → completed (9.2.1),
with the 409s and 422s on the way."""

from forty2.audits.models import Audit, AuditItem
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role


def test_full_flow_through_the_api(api_as, person, acme):
    mgr = api_as(Role.AIMS_MANAGER, email="lead@acme.example")
    boss = api_as(Role.OWNER, email="boss@acme.example")
    lead = person("Lena Lead", acme, user=mgr.membership.user)
    r = mgr.post("/orgs/acme/audits", {"title": "Internal audit 2026", "kind": "internal",
                                       "scope_clauses": ["4.1", "9.2.2"], "scope_controls": ["A.6.2.6"],
                                       "planned_start": "2026-03-02", "planned_end": "2026-03-04"})
    assert r.status_code == 201, r.json_body
    audit = r.json_body
    assert audit["status"] == "planned" and audit["report_approval"] == "none"
    items = mgr.get(f"/orgs/acme/audits/{audit['id']}/items").json_body
    assert [i["ref"] for i in items["items"]] == ["4.1", "9.2.2", "A.6.2.6"]
    assert items["items"][0]["guidance"]

    # no team yet: 422 naming the auditors
    r = mgr.post(f"/orgs/acme/audits/{audit['id']}/start", {"version": audit["version"]})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "auditors"
    r = mgr.post(f"/orgs/acme/audits/{audit['id']}/auditors", {"person": lead.pk, "role": "lead"})
    assert r.status_code == 201 and r.json_body["flags"] == []
    r = mgr.post(f"/orgs/acme/audits/{audit['id']}/start", {"version": audit["version"]})
    assert r.status_code == 200, r.json_body
    audit = r.json_body
    assert audit["status"] == "in_progress" and audit["opening_meeting_at"]

    for item in items["items"]:
        r = mgr.patch(f"/orgs/acme/audits/{audit['id']}/items/{item['id']}",
                      {"version": item["version"], "result": "conforming", "notes": "Seen the records."})
        assert r.status_code == 200, r.json_body
        assert r.json_body["result"] == "conforming"
    # a stale item version: 409
    r = mgr.patch(f"/orgs/acme/audits/{audit['id']}/items/{items['items'][0]['id']}",
                  {"version": items["items"][0]["version"], "result": "minor_nc"})
    assert r.status_code == 409

    audit = mgr.post(f"/orgs/acme/audits/{audit['id']}/report", {"version": audit["version"]}).json_body
    assert audit["status"] == "reporting"
    # completing needs a conclusion
    r = mgr.post(f"/orgs/acme/audits/{audit['id']}/complete", {"version": audit["version"]})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "conclusion"
    audit = mgr.patch(f"/orgs/acme/audits/{audit['id']}", {"version": audit["version"],
                                                          "conclusion": "Conforming.",
                                                          "report": "All three items conform."}).json_body
    # four eyes: the report's author may not approve it
    r = mgr.post(f"/orgs/acme/audits/{audit['id']}/approve", {"version": audit["version"]})
    assert r.status_code == 403
    r = boss.post(f"/orgs/acme/audits/{audit['id']}/approve", {"version": audit["version"], "note": "Read."})
    assert r.status_code == 200, r.json_body
    assert r.json_body["report_approval"] == "approved"
    r = mgr.post(f"/orgs/acme/audits/{audit['id']}/complete", {"version": audit["version"]})
    assert r.status_code == 200, r.json_body
    assert r.json_body["status"] == "completed" and r.json_body["completed_at"]
    actions = set(AuditEvent.objects.filter(object_type="audit").values_list("action", flat=True))
    assert {"audit.create", "audit.start", "audit.report", "audit.complete", "audit.approve_report",
            "audit.add_auditor", "audit.record_result"} <= actions


def test_bad_scope_ref_is_a_422_naming_it(owner_api):
    r = owner_api.post("/orgs/acme/audits", {"title": "X", "scope_clauses": ["4.1", "11.9"],
                                            "scope_controls": ["A.99"]})
    assert r.status_code == 422
    # the API's schema names the field and the position of the bad ref in the list
    assert sorted(tuple(e["loc"]) for e in r.json_body["detail"]) == [("body", "scope_clauses", 1),
                                                                      ("body", "scope_controls", 0)]


def test_bad_scope_ref_through_the_service_names_the_ref(manager):
    import pytest

    from forty2.audits import services
    from forty2.core.errors import InvalidInput
    with pytest.raises(InvalidInput) as e:
        services.create_audit(manager, {"title": "X", "scope_clauses": ["4.1", "11.9"]})
    assert e.value.errors[0]["loc"][-1] == "scope_clauses" and "11.9" in e.value.errors[0]["msg"]


def test_scope_change_regenerates_keeping_results(audit, manager, person, acme):
    from forty2.audits import services
    a = audit(scope_clauses=["4.1", "4.2"], scope_controls=[])
    lead = person("Lead", acme, user=manager.user)
    services.add_auditor(manager, a, person_id=lead.pk, role="lead")
    a = services.audit_step(manager, a, "start", version=a.version)
    item = a.items.get(ref="4.1")
    services.record_result(manager, item, {"result": "ofi", "notes": "Could be clearer."}, version=item.version)
    a = services.update_audit(manager, Audit.objects.get(pk=a.pk), {"scope_clauses": ["4.1", "5.2"]},
                              version=Audit.objects.get(pk=a.pk).version)
    refs = dict(AuditItem.objects.filter(audit=a).values_list("ref", "result"))
    assert refs == {"4.1": "ofi", "5.2": ""}


def test_evidence_of_another_org_is_refused(audit, manager, person, acme, globex):
    from django.utils import timezone

    from forty2.audits import services
    from forty2.evidence.models import Evidence
    now = timezone.now()
    theirs = Evidence.objects.create(organization=globex, title="Theirs", kind="link", url="https://x.example",
                                     created_at=now, updated_at=now)
    a = audit(scope_clauses=["4.1"], scope_controls=[])
    services.add_auditor(manager, a, person_id=person("Lead", acme, user=manager.user).pk, role="lead")
    a = services.audit_step(manager, a, "start", version=a.version)
    item = a.items.get()
    import pytest

    from forty2.core.errors import InvalidInput
    with pytest.raises(InvalidInput) as e:
        services.record_result(manager, item, {"evidence_ids": [theirs.pk]}, version=item.version)
    assert e.value.errors[0]["loc"][-1] == "evidence_ids"
