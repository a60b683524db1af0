"""The role matrix through the API (docs/architecture.md, "Roles"; ISO/IEC 42001 5.3 roles, responsibilities
and authorities).

Who may register, change, approve and archive AI systems, who only reads, and what an external auditor sees
once their access period is over.
"""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.accounts.services import create_token
from forty2.core.errors import PermissionDenied
from forty2.inventory.models import AISystem
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership, Role
from tests.conftest import ApiClient

WRITERS = [Role.OWNER, Role.AIMS_MANAGER, Role.CONTRIBUTOR]
APPROVERS = [Role.OWNER, Role.AIMS_MANAGER]
READ_ONLY = [Role.INTERNAL_AUDITOR, Role.EXTERNAL_AUDITOR, Role.VIEWER]
ALL_ROLES = WRITERS + READ_ONLY


@pytest.fixture
def as_role(api_as):
    """Acting members get their own addresses, so an acting owner is not the owner who set the scene."""

    def make(role, org=None, email=None):
        return api_as(role, org, email or f"actor-{role}@acme.example")

    return make


@pytest.fixture
def system(owner_api):
    """A system registered by the owner; nobody else created or owns it."""
    return owner_api.post("/orgs/acme/ai-systems", {"name": "Sepsis alert", "purpose": "Flag sepsis"}).json_body


def _name(system_id):
    return AISystem.objects.get(pk=system_id).name


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_register(as_role, system, role):
    api = as_role(role)
    assert api.get("/orgs/acme/ai-systems").json_body["count"] == 1
    assert api.get(f"/orgs/acme/ai-systems/{system['id']}").status_code == 200
    for path in ("models", "datasets", "suppliers"):
        assert api.get(f"/orgs/acme/{path}").status_code == 200


@pytest.mark.parametrize("role,status", [(r, 201) for r in WRITERS] + [(r, 403) for r in READ_ONLY])
def test_who_may_register_an_ai_system(as_role, role, status):
    r = as_role(role).post("/orgs/acme/ai-systems", {"name": "Chatbot", "purpose": "Book appointments"})
    assert r.status_code == status, r.json_body
    assert AISystem.objects.filter(name="Chatbot").exists() == (status == 201)
    if status == 403:
        assert "may not" in r.json_body["detail"]


@pytest.mark.parametrize("role,status", [(r, 200) for r in APPROVERS]
                         + [(r, 403) for r in [Role.CONTRIBUTOR, *READ_ONLY]])
def test_who_may_change_someone_elses_ai_system(as_role, system, role, status):
    r = as_role(role).patch(f"/orgs/acme/ai-systems/{system['id']}", {"version": 1, "name": "Renamed"})
    assert r.status_code == status, r.json_body
    assert _name(system["id"]) == ("Renamed" if status == 200 else "Sepsis alert")


@pytest.mark.parametrize("role,status", [(r, 204) for r in APPROVERS]
                         + [(r, 403) for r in [Role.CONTRIBUTOR, *READ_ONLY]])
def test_who_may_archive_an_ai_system(as_role, system, role, status):
    assert as_role(role).delete(f"/orgs/acme/ai-systems/{system['id']}").status_code == status
    assert (AISystem.objects.get(pk=system["id"]).archived_at is not None) == (status == 204)


@pytest.mark.parametrize("role,status", [(r, 200) for r in APPROVERS]
                         + [(r, 403) for r in [Role.CONTRIBUTOR, *READ_ONLY]])
def test_who_may_approve_an_ai_system(as_role, system, role, status):
    api = as_role(role)
    r = api.patch(f"/orgs/acme/ai-systems/{system['id']}", {"version": 1, "status": "approved"})
    assert r.status_code == status, r.json_body
    stored = AISystem.objects.get(pk=system["id"])
    if status == 200:
        assert r.json_body["status"] == "approved"
        assert r.json_body["approved_by"] == api.membership.user.email
    else:
        assert (stored.status, stored.approved_by_id) == ("proposed", None)


@pytest.mark.parametrize("status", ["approved", "restricted", "retired"])
def test_contributor_cannot_register_a_system_as_already_approved(as_role, status):
    r = as_role(Role.CONTRIBUTOR).post("/orgs/acme/ai-systems", {"name": "Self-approved", "purpose": "p",
                                                               "status": status})
    assert r.status_code == 403
    assert not AISystem.objects.filter(name="Self-approved").exists()


def test_contributor_edits_and_submits_a_system_they_registered_but_cannot_approve_or_archive_it(as_role):
    api = as_role(Role.CONTRIBUTOR)
    sid = api.post("/orgs/acme/ai-systems", {"name": "CV screening", "purpose": "Shortlist nurses"}).json_body["id"]
    r = api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "status": "under_review"})
    assert r.status_code == 200 and r.json_body["status"] == "under_review"
    assert api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 2, "status": "approved"}).status_code == 403
    assert api.delete(f"/orgs/acme/ai-systems/{sid}").status_code == 403
    assert AISystem.objects.get(pk=sid).status == "under_review"


@pytest.mark.parametrize("owner_field", ["business_owner", "technical_owner"])
def test_contributor_edits_a_system_they_are_named_owner_of(as_role, owner_api, owner_field):
    api = as_role(Role.CONTRIBUTOR)
    email = api.membership.user.email
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "Staffing forecast", "purpose": "p",
                                                   owner_field: email}).json_body["id"]
    r = api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "description": "Weekly rota forecast"})
    assert r.status_code == 200, r.json_body
    assert r.json_body["description"] == "Weekly rota forecast"


def test_a_contributor_cannot_edit_a_colleagues_system(as_role):
    mine = as_role(Role.CONTRIBUTOR, email="ann@acme.example")
    theirs = as_role(Role.CONTRIBUTOR, email="bob@acme.example")
    sid = mine.post("/orgs/acme/ai-systems", {"name": "Billing fraud", "purpose": "p"}).json_body["id"]
    r = theirs.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "name": "Bob's now"})
    assert r.status_code == 403
    assert _name(sid) == "Billing fraud"


@pytest.mark.parametrize("path", ["models", "datasets", "suppliers"])
@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_cannot_write_linked_records(as_role, owner_api, role, path):
    rid = owner_api.post(f"/orgs/acme/{path}", {"name": "Existing"}).json_body["id"]
    api = as_role(role)
    assert api.post(f"/orgs/acme/{path}", {"name": "New"}).status_code == 403
    assert api.patch(f"/orgs/acme/{path}/{rid}", {"version": 1, "name": "Changed"}).status_code == 403
    assert api.delete(f"/orgs/acme/{path}/{rid}").status_code == 403
    names = [i["name"] for i in owner_api.get(f"/orgs/acme/{path}").json_body["items"]]
    assert names == ["Existing"]


@pytest.mark.parametrize("role,status", [(Role.OWNER, 200), (Role.AIMS_MANAGER, 200), (Role.INTERNAL_AUDITOR, 200),
                                         (Role.EXTERNAL_AUDITOR, 200), (Role.CONTRIBUTOR, 403), (Role.VIEWER, 403)])
def test_who_may_read_the_audit_log(as_role, system, role, status):
    """roles.RULES["view_audit_log"]: auditors and managers read the log; contributors and viewers do not."""
    r = as_role(role).get("/orgs/acme/audit-events")
    assert r.status_code == status
    if status == 200:
        assert r.json_body["count"] >= 1


def _expire(membership):
    Membership.objects.filter(pk=membership.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))


def test_external_auditor_loses_access_when_their_period_ends(as_role, system):
    """An expired membership is no membership, and a token lives only as long as the membership it was
    issued under: every call answers 401."""
    api = as_role(Role.EXTERNAL_AUDITOR)
    assert api.get(f"/orgs/acme/ai-systems/{system['id']}").status_code == 200
    _expire(api.membership)
    for path in ("ai-systems", f"ai-systems/{system['id']}", "models", "audit-events"):
        assert api.get(f"/orgs/acme/{path}").status_code == 401, path


def test_expired_external_auditor_cannot_get_a_new_token(member, acme):
    from django.core.management import CommandError, call_command

    m = member(Role.EXTERNAL_AUDITOR)
    _expire(m)
    with pytest.raises(CommandError) as exc:
        call_command("token", "create", "--email", m.user.email, "--org", "acme")
    assert exc.value.returncode == 2


def test_a_deactivated_users_token_stops_working(as_role):
    api = as_role(Role.AIMS_MANAGER)
    user = api.membership.user
    user.is_active = False
    user.save()
    assert api.get("/orgs/acme/ai-systems").status_code == 401


def test_an_external_auditor_needs_an_end_date(member, acme):
    owner = member(Role.OWNER)
    from forty2.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        tenancy.add_member(acme, email="auditor@cert.example", role=Role.EXTERNAL_AUDITOR, actor_membership=owner)
    assert exc.value.errors[0]["loc"] == ["body", "expires_at"]
    assert not Membership.objects.filter(user__email="auditor@cert.example").exists()


@pytest.mark.parametrize("role", [Role.AIMS_MANAGER, Role.CONTRIBUTOR, Role.INTERNAL_AUDITOR,
                                  Role.EXTERNAL_AUDITOR, Role.VIEWER])
def test_only_owners_manage_members(member, acme, role):
    actor = member(role)
    target = member(Role.VIEWER, email="target@acme.example")
    with pytest.raises(PermissionDenied):
        tenancy.add_member(acme, email="new@acme.example", role=Role.VIEWER, actor=actor.user,
                           actor_membership=actor)
    with pytest.raises(PermissionDenied):
        tenancy.change_role(target, role=Role.OWNER, actor=actor.user, actor_membership=actor)
    with pytest.raises(PermissionDenied):
        tenancy.remove_member(target, actor=actor.user, actor_membership=actor)
    assert not Membership.objects.filter(user__email="new@acme.example").exists()
    assert Membership.objects.get(pk=target.pk).role == Role.VIEWER


def test_an_owner_adds_changes_and_removes_members(member, acme):
    owner = member(Role.OWNER)
    m = tenancy.add_member(acme, email="new@acme.example", role=Role.VIEWER, actor=owner.user,
                           actor_membership=owner)
    _token, raw = create_token(user=m.user, organization=acme)
    api = ApiClient(raw)
    assert api.post("/orgs/acme/ai-systems", {"name": "X", "purpose": "p"}).status_code == 403
    tenancy.change_role(m, role=Role.CONTRIBUTOR, actor=owner.user, actor_membership=owner)
    assert api.post("/orgs/acme/ai-systems", {"name": "X", "purpose": "p"}).status_code == 201
    tenancy.remove_member(m, actor=owner.user, actor_membership=owner)
    assert api.get("/orgs/acme/ai-systems").status_code == 401


def test_an_owner_manages_only_their_own_organisations_members(member, acme, globex):
    """Cross-organisation access is refused by the service itself, not only by the page that calls it."""
    globex_owner = member(Role.OWNER, globex, email="boss@globex.example")
    acme_viewer = member(Role.VIEWER, acme, email="viewer@acme.example")
    with pytest.raises(PermissionDenied):
        tenancy.add_member(acme, email="mole@globex.example", role=Role.OWNER, actor=globex_owner.user,
                           actor_membership=globex_owner)
    with pytest.raises(PermissionDenied):
        tenancy.change_role(acme_viewer, role=Role.OWNER, actor=globex_owner.user, actor_membership=globex_owner)
    with pytest.raises(PermissionDenied):
        tenancy.remove_member(acme_viewer, actor=globex_owner.user, actor_membership=globex_owner)
    assert not Membership.objects.filter(user__email="mole@globex.example").exists()
    assert Membership.objects.get(pk=acme_viewer.pk).role == Role.VIEWER
