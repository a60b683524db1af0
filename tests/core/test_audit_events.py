"""Every change is recorded once in the organisation's audit log, with what it was before and after
(ISO/IEC 42001 7.5.3 control of documented information; docs/architecture.md, "Audit chain")."""

import pytest

from forty2.accounts.services import create_token, revoke_token
from forty2.core.models import AuditEvent
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Role


def _events(org=None):
    qs = AuditEvent.objects.filter(organization=org) if org else AuditEvent.objects.filter(chain="installation")
    return list(qs.order_by("seq"))


def _one_new_event(before, org=None):
    after = _events(org)
    assert len(after) == len(before) + 1, [e.action for e in after[len(before):]]
    return after[-1]


def test_registering_a_system_records_its_full_snapshot(owner_api, acme):
    before = _events(acme)
    body = owner_api.post("/orgs/acme/ai-systems", {"name": "Sepsis alert", "purpose": "Flag sepsis",
                                                    "lifecycle_stage": "deployment",
                                                    "business_owner": "owner@acme.example"}).json_body
    event = _one_new_event(before, acme)
    assert (event.action, event.object_type, event.object_id) == ("ai_system.create", "aisystem", str(body["id"]))
    assert event.actor_label == "owner@acme.example"
    assert event.changes["name"] == "Sepsis alert"
    assert event.changes["purpose"] == "Flag sepsis"
    assert event.changes["lifecycle_stage"] == "deployment"
    assert event.changes["business_owner"] == "owner@acme.example"
    assert event.changes["model_ids"] == []


def test_changing_a_system_records_old_and_new_values_of_changed_fields_only(owner_api, acme):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "Chatbot", "purpose": "Book"}).json_body["id"]
    mid = owner_api.post("/orgs/acme/models", {"name": "GPT", "model_version": "4"}).json_body["id"]
    before = _events(acme)
    owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "name": "Appointment bot", "purpose": "Book",
                                                     "model_ids": [mid]})
    event = _one_new_event(before, acme)
    assert event.action == "ai_system.update"
    assert event.changes == {"name": ["Chatbot", "Appointment bot"], "model_ids": [[], [mid]]}


def test_approving_is_recorded_as_an_approval(owner_api, acme):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "p"}).json_body["id"]
    before = _events(acme)
    owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "status": "approved"})
    event = _one_new_event(before, acme)
    assert event.action == "ai_system.approve"
    assert event.changes == {"status": ["proposed", "approved"]}


def test_a_patch_that_changes_nothing_records_nothing_and_keeps_the_version(owner_api, acme):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "p"}).json_body["id"]
    before = _events(acme)
    r = owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "name": "Triage", "purpose": "p"})
    assert r.status_code == 200 and r.json_body["version"] == 1
    assert len(_events(acme)) == len(before)


def test_archiving_is_recorded(owner_api, acme):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "Old", "purpose": "p"}).json_body["id"]
    before = _events(acme)
    owner_api.delete(f"/orgs/acme/ai-systems/{sid}")
    event = _one_new_event(before, acme)
    assert event.action == "ai_system.archive" and event.object_id == str(sid)
    assert event.changes["archived_at"]


@pytest.mark.parametrize("path,model_name,body", [
    ("models", "aimodel", {"name": "Whisper", "model_version": "3", "licence": "MIT"}),
    ("datasets", "dataset", {"name": "Admissions", "personal_data": "special_category"}),
    ("suppliers", "supplier", {"name": "RadiologyCo", "country": "NL"}),
])
def test_linked_records_record_create_update_and_delete(owner_api, acme, path, model_name, body):
    before = _events(acme)
    rid = owner_api.post(f"/orgs/acme/{path}", body).json_body["id"]
    created = _one_new_event(before, acme)
    assert created.action == f"{model_name}.create"
    assert created.changes["name"] == body["name"]

    before = _events(acme)
    owner_api.patch(f"/orgs/acme/{path}/{rid}", {"version": 1, "name": body["name"] + " v2"})
    updated = _one_new_event(before, acme)
    assert updated.action == f"{model_name}.update"
    assert updated.changes == {"name": [body["name"], body["name"] + " v2"]}

    before = _events(acme)
    assert owner_api.delete(f"/orgs/acme/{path}/{rid}").status_code == 204
    deleted = _one_new_event(before, acme)
    assert deleted.action == f"{model_name}.delete"
    assert deleted.changes["name"] == body["name"] + " v2"


def test_membership_changes_go_on_the_organisations_chain(member, acme):
    """Who may do what is the organisation's record (5.3), so its auditors see it in its own log; creating the
    person's account is an installation event."""
    owner = member(Role.OWNER)
    before_install, before = _events(), _events(acme)
    m = tenancy.add_member(acme, email="ann@acme.example", role=Role.VIEWER, actor=owner.user,
                           actor_membership=owner)
    assert [e.action for e in _events()[len(before_install):]] == ["user.create"]
    created = _one_new_event(before, acme)
    assert created.action == "membership.create"
    assert created.changes == {"organization": "acme", "user": "ann@acme.example", "role": "viewer",
                               "expires_at": None}
    before = _events(acme)
    tenancy.change_role(m, role=Role.CONTRIBUTOR, actor=owner.user, actor_membership=owner)
    changed = _one_new_event(before, acme)
    assert changed.changes == {"organization": "acme", "user": "ann@acme.example",
                               "role": ["viewer", "contributor"]}
    before = _events(acme)
    tenancy.remove_member(m, actor=owner.user, actor_membership=owner)
    assert _one_new_event(before, acme).action == "membership.delete"


def test_token_creation_and_revocation_are_recorded(member, acme):
    m = member(Role.VIEWER)
    before = _events(acme)
    token, _raw = create_token(user=m.user, organization=acme)
    assert _one_new_event(before, acme).action == "api_token.create"
    before = _events(acme)
    revoke_token(token, actor=m.user)
    assert _one_new_event(before, acme).action == "api_token.revoke"


def test_a_refused_write_records_nothing(owner_api, api_as, acme):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "p"}).json_body["id"]
    viewer = api_as(Role.VIEWER)
    before = _events(acme)
    assert owner_api.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "p"}).status_code == 422
    assert owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 7, "name": "X"}).status_code == 409
    assert viewer.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "name": "X"}).status_code == 403
    assert viewer.delete(f"/orgs/acme/ai-systems/{sid}").status_code == 403
    assert len(_events(acme)) == len(before)
