"""Issue #18 "done when", through the API end to end: an internal audit finds a major nonconformity, goes from plan
to an approved report, and the nonconformity goes through correction, root cause, corrective action and an
independent verification to closure (ISO/IEC 42001 9.2.1, 10.2); readiness shows it as a blocker until then."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.controls import readiness
from forty2.improvement.models import Nonconformity
from forty2.people.models import Person
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.json_body
    return response.json_body


def blockers(org):
    return [b for b in readiness.compute(org)["blockers"] if b["code"] == "open_major_nc"]


def test_audit_to_closed_nonconformity(acme, api_as):
    lead = api_as(Role.INTERNAL_AUDITOR, email="lead.auditor@acme.example")
    manager = api_as(Role.AIMS_MANAGER, email="manager@acme.example")
    owner = api_as(Role.OWNER, email="owner@acme.example")
    doer = api_as(Role.CONTRIBUTOR, email="doer@acme.example")
    now = timezone.now()
    auditor = Person.objects.create(organization=acme, name="Lead Auditor", user=lead.membership.user,
                                    created_at=now, updated_at=now)

    audit = ok(manager.post("/orgs/acme/audits", {"title": "Internal audit 2026", "kind": "internal",
                                                  "scope_clauses": ["6.1.4", "7.5.3"], "scope_controls": []}), 201)
    ok(lead.post(f"/orgs/acme/audits/{audit['id']}/auditors", {"person": auditor.pk, "role": "lead"}), 201)
    audit = ok(lead.post(f"/orgs/acme/audits/{audit['id']}/start", {"version": audit["version"]}))
    items = {i["ref"]: i for i in ok(lead.get(f"/orgs/acme/audits/{audit['id']}/items"))["items"]}
    ok(lead.patch(f"/orgs/acme/audits/{audit['id']}/items/{items['7.5.3']['id']}",
                  {"version": items["7.5.3"]["version"], "result": "conforming", "notes": "Register current."}))
    item = ok(lead.patch(f"/orgs/acme/audits/{audit['id']}/items/{items['6.1.4']['id']}",
                         {"version": items["6.1.4"]["version"], "result": "major_nc",
                          "notes": "No impact assessment for the high-risk triage system."}))
    assert blockers(acme) == []

    finding = ok(lead.post("/orgs/acme/findings", {
        "title": "No impact assessment for the triage system", "kind": "major_nc", "requirement_ref": "6.1.4",
        "source": "audit", "audit": audit["id"], "audit_item": item["id"], "owner": "manager@acme.example",
        "objective_evidence": "Register entry RT-3 has no assessment linked."}), 201)
    (blocker,) = blockers(acme)
    assert "triage" in blocker["message"] and blocker["ref"] == "6.1.4"

    audit = ok(lead.post(f"/orgs/acme/audits/{audit['id']}/report", {"version": audit["version"]}))
    audit = ok(lead.patch(f"/orgs/acme/audits/{audit['id']}", {"version": audit["version"],
                                                               "conclusion": "One major nonconformity (6.1.4).",
                                                               "report": "6.1.4 not met; 7.5.3 conforms."}))
    assert lead.post(f"/orgs/acme/audits/{audit['id']}/approve", {"version": audit["version"]}).status_code == 403
    ok(owner.post(f"/orgs/acme/audits/{audit['id']}/approve", {"version": audit["version"]}))
    audit = ok(lead.post(f"/orgs/acme/audits/{audit['id']}/complete", {"version": audit["version"]}))
    assert audit["status"] == "completed" and audit["report_approval"] == "approved"

    nc = next(n for n in ok(manager.get("/orgs/acme/nonconformities"))["items"] if n["finding"] == finding["id"])

    def step(api, name, status=200, **data):
        return ok(api.post(f"/orgs/acme/nonconformities/{nc['id']}/steps/{name}",
                           {"version": nc["version"], **data}), status)

    nc = step(manager, "correct", correction="Assessment of the triage system started.")
    nc = step(manager, "analyse", cause_method="categories", categories=["process"],
              cause_summary="Approval checklist has no impact-assessment step.", similar_elsewhere=False,
              similar_note="Both other high-risk systems have one.")
    action = ok(manager.post("/orgs/acme/corrective-actions", {
        "description": "Add the impact assessment step to the approval checklist", "nonconformity": nc["id"],
        "owner": "doer@acme.example", "due_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat()}), 201)
    nc = step(manager, "start_actions")
    ok(doer.post(f"/orgs/acme/corrective-actions/{action['id']}/steps/done",
                 {"version": action["version"], "outcome": "Checklist v3 has the step."}))
    nc = step(manager, "submit")
    Nonconformity.objects.filter(pk=nc["id"]).update(verify_after=timezone.localdate())  # the interval passed
    # neither the action owner nor the auditor who raised it may verify effectiveness
    assert doer.post(f"/orgs/acme/nonconformities/{nc['id']}/steps/close",
                     {"version": nc["version"], "note": "Done."}).status_code == 403
    assert lead.post(f"/orgs/acme/nonconformities/{nc['id']}/steps/close",
                     {"version": nc["version"], "note": "Done."}).status_code == 403
    assert blockers(acme)
    nc = step(manager, "close", note="Two later approvals both had an impact assessment.")
    assert nc["state"] == "closed" and nc["verified_by"] == "manager@acme.example"
    assert blockers(acme) == []
