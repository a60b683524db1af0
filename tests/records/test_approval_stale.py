"""One approval pattern: an approval records who approved which content and turns stale when that content
changes afterwards; renewing it is an audited approval (ISO/IEC 42001 5.3, 7.5.2)."""

from forty2.core.models import AuditEvent
from forty2.inventory import services
from forty2.inventory.models import AISystem
from forty2.records.models import Approval
from forty2.tenancy.models import Role
from tests.web import fixtures

web_as = fixtures.web_as


def test_an_approval_goes_stale_after_an_edit_and_can_be_renewed(api_as, acme):
    manager = api_as(Role.AIMS_MANAGER)
    sid = manager.post("/orgs/acme/ai-systems", {"name": "Sepsis score", "purpose": "Early warning"}).json_body["id"]
    approved = manager.post(f"/orgs/acme/ai-systems/{sid}/approve", {"version": 1, "note": "Reviewed"})
    assert approved.status_code == 200 and approved.json_body["status"] == "approved"
    system = AISystem.objects.get(pk=sid)
    state = services.approval_state(system)
    assert state.approved and not state.stale
    assert state.approval.approved_by == manager.membership.user and state.approval.subject_version == 2

    edited = manager.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 2, "purpose": "Early warning of sepsis"})
    assert edited.status_code == 200 and edited.json_body["status"] == "approved"
    state = services.approval_state(AISystem.objects.get(pk=sid))
    assert state.stale and not state.approved

    renewed = manager.post(f"/orgs/acme/ai-systems/{sid}/approve", {"version": 3})
    assert renewed.status_code == 200
    assert services.approval_state(AISystem.objects.get(pk=sid)).approved
    assert Approval.objects.filter(object_id=sid, withdrawn_at__isnull=False).count() == 1  # the stale one
    assert AuditEvent.objects.filter(organization=acme, action="ai_system.approve").count() == 2


def test_a_role_that_may_not_approve_gets_403(api_as, acme):
    owner, contributor = api_as(Role.OWNER), api_as(Role.CONTRIBUTOR)
    sid = owner.post("/orgs/acme/ai-systems", {"name": "Chatbot", "purpose": "Bookings"}).json_body["id"]
    assert contributor.post(f"/orgs/acme/ai-systems/{sid}/approve", {"version": 1}).status_code == 403
    assert not Approval.objects.filter(object_id=sid).exists()


def test_a_stale_version_names_the_fields_that_differ(api_as):
    alice, bob = api_as(Role.OWNER), api_as(Role.AIMS_MANAGER)
    sid = alice.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "p"}).json_body["id"]
    alice.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "geography": "IE"})
    clash = bob.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "geography": "UK", "purpose": "p"})
    assert clash.status_code == 409
    assert clash.json_body["fields"] == {"geography": "IE"}  # purpose is unchanged, so it is not a difference


def test_the_system_page_says_when_its_approval_is_stale(web_as):
    manager = web_as(Role.AIMS_MANAGER)
    m = manager.membership
    system = services.create_ai_system(m, {"name": "Readmission risk", "purpose": "Discharge planning"})
    system = services.approve_ai_system(m, system, version=1)
    page = manager.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    assert "Approval stale" not in page
    services.update_ai_system(m, system, {"geography": "IE"}, version=system.version)
    page = manager.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    assert "Approval stale" in page and "changed since it was approved" in page


def test_an_ai_act_sign_off_is_an_approval_of_that_classification(api_as):
    from forty2.aiact import services as aiact
    from forty2.aiact.models import AIActClassification

    owner, manager = api_as(Role.OWNER), api_as(Role.AIMS_MANAGER)
    sid = owner.post("/orgs/acme/ai-systems", {"name": "CV screening", "purpose": "Rank"}).json_body["id"]
    owner.put(f"/orgs/acme/ai-systems/{sid}/ai-act", {"is_ai_system": True, "role": "deployer"})
    assert owner.post(f"/orgs/acme/ai-systems/{sid}/ai-act/sign-off", {"version": 1}).status_code == 403
    assert manager.post(f"/orgs/acme/ai-systems/{sid}/ai-act/sign-off", {"version": 1}).status_code == 200
    classification = AIActClassification.objects.get(ai_system_id=sid, is_current=True)
    approval = Approval.objects.get(record_type="ai_act_classification", object_id=classification.pk)
    assert approval.kind == "sign_off" and approval.approved_by == manager.membership.user
    assert approval.content_hash == aiact.approvals.content_hash(aiact.signed_content(classification))


def test_an_approval_ends_when_the_status_leaves_approved_and_keeps_its_note(api_as):
    manager, contributor = api_as(Role.AIMS_MANAGER), api_as(Role.CONTRIBUTOR)
    sid = contributor.post("/orgs/acme/ai-systems", {"name": "Forecast", "purpose": "Staffing"}).json_body["id"]
    manager.post(f"/orgs/acme/ai-systems/{sid}/approve", {"version": 1, "note": "Checked the DPIA"})
    approval = services.approval_state(AISystem.objects.get(pk=sid)).approval
    assert approval.note == "Checked the DPIA"
    assert contributor.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 2, "status": "proposed"}).status_code == 200
    state = services.approval_state(AISystem.objects.get(pk=sid))
    assert state.approval is None and not state.stale
    event = AuditEvent.objects.filter(action="ai_system.update").order_by("-seq").first()
    assert event.changes["approval_withdrawn"] == "status changed to proposed"


def test_a_prohibited_practice_cannot_have_its_approval_renewed(api_as):
    manager = api_as(Role.AIMS_MANAGER)
    sid = manager.post("/orgs/acme/ai-systems", {"name": "Scoring", "purpose": "p"}).json_body["id"]
    manager.post(f"/orgs/acme/ai-systems/{sid}/approve", {"version": 1})
    AISystem.objects.filter(pk=sid).update(ai_act_tier="prohibited")  # as a classification would set it
    manager.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 2, "geography": "IE"})
    refused = manager.post(f"/orgs/acme/ai-systems/{sid}/approve", {"version": 3})
    assert refused.status_code == 422 and refused.json_body["detail"][0]["type"] == "prohibited"
    assert services.approval_state(AISystem.objects.get(pk=sid)).stale
