"""An external auditor reaches only the audits whose team they are on, may record results there, and changes
nothing else (9.2; the certification body's auditors)."""

from forty2.audits import services
from forty2.tenancy.models import Role


def test_external_auditor_api_scope(api_as, audit, manager, person, acme):
    ext = api_as(Role.EXTERNAL_AUDITOR, email="jana@certifier.example")
    theirs = audit("Stage 2", kind="stage2", scope_clauses=["4.1"], scope_controls=[])
    other = audit("Internal only", scope_clauses=["4.2"], scope_controls=[])
    services.add_auditor(manager, theirs, person_id=person("Jana", acme, user=ext.membership.user).pk, role="lead")
    listed = ext.get("/orgs/acme/audits").json_body
    assert [a["title"] for a in listed["items"]] == ["Stage 2"] and listed["count"] == 1
    assert ext.get(f"/orgs/acme/audits/{other.pk}").status_code == 404
    assert ext.get(f"/orgs/acme/audits/{other.pk}/items").status_code == 404
    assert ext.get(f"/orgs/acme/audits/{other.pk}/history").status_code == 404
    assert ext.get(f"/orgs/acme/audits/{theirs.pk}/items").status_code == 200
    theirs.refresh_from_db()
    # they may not run the audit nor edit it
    assert ext.post(f"/orgs/acme/audits/{theirs.pk}/start", {"version": theirs.version}).status_code == 403
    assert ext.patch(f"/orgs/acme/audits/{theirs.pk}", {"version": theirs.version, "plan": "x"}).status_code == 403
    assert ext.post("/orgs/acme/audits", {"title": "Mine"}).status_code == 403
    theirs = services.audit_step(manager, theirs, "start", version=theirs.version)
    item = theirs.items.get()
    r = ext.patch(f"/orgs/acme/audits/{theirs.pk}/items/{item.pk}", {"version": item.version,
                                                                     "result": "minor_nc", "notes": "Gap."})
    assert r.status_code == 200 and r.json_body["result"] == "minor_nc"
    other = services.audit_step(manager, other, "start", version=other.version) if other.auditors.exists() else other
    item = other.items.get()
    assert ext.patch(f"/orgs/acme/audits/{other.pk}/items/{item.pk}",
                     {"version": item.version, "result": "conforming"}).status_code == 404


def test_internal_auditor_not_on_the_team_may_record(api_as, audit, manager, person, acme):
    ia = api_as(Role.INTERNAL_AUDITOR, email="ia@acme.example")
    viewer = api_as(Role.VIEWER, email="v@acme.example")
    a = audit(scope_clauses=["4.1"], scope_controls=[])
    services.add_auditor(manager, a, person_id=person("Lead", acme).pk, role="lead")
    a = services.audit_step(manager, a, "start", version=a.version)
    item = a.items.get()
    assert viewer.patch(f"/orgs/acme/audits/{a.pk}/items/{item.pk}",
                        {"version": item.version, "result": "conforming"}).status_code == 403
    assert ia.patch(f"/orgs/acme/audits/{a.pk}/items/{item.pk}",
                    {"version": item.version, "result": "conforming"}).status_code == 200
