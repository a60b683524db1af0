"""/api/v1/orgs/{org}/invitations: owners invite, list, re-send and revoke; every other role gets 403
(docs/architecture.md, "API conventions"; ISO/IEC 42001 5.3)."""

import pytest
from django.test import override_settings

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Invitation, Role

PATH = "/orgs/acme/invitations"


def test_an_owner_invites_and_gets_the_link_when_no_mail_server_is_configured(owner_api):
    r = owner_api.post(PATH, {"email": "New.Person@acme.example", "role": "contributor"})
    assert r.status_code == 201, r.json_body
    body = r.json_body
    assert body["email"] == "new.person@acme.example" and body["state"] == "invited"
    assert body["role_description"].startswith("Creates records")
    assert "/invitations/" in body["link"] and body["invited_by"] == owner_api.membership.user.email
    listed = owner_api.get(PATH).json_body
    assert listed["count"] == 1 and "link" not in listed["items"][0]


def test_with_smtp_the_link_is_only_in_the_mail(owner_api):
    with override_settings(FORTY2_MAIL_CONFIGURED=True):
        r = owner_api.post(PATH, {"email": "a@acme.example", "role": "viewer"})
    assert r.status_code == 201 and r.json_body["link"] is None and r.json_body["mail_sent"] is True


def test_resend_and_revoke(owner_api):
    created = owner_api.post(PATH, {"email": "a@acme.example", "role": "viewer"}).json_body
    resent = owner_api.post(f"{PATH}/{created['id']}/resend")
    assert resent.status_code == 200 and resent.json_body["link"] != created["link"]
    assert owner_api.delete(f"{PATH}/{created['id']}").status_code == 204
    assert Invitation.objects.get(pk=created["id"]).state == "revoked"
    assert owner_api.delete(f"{PATH}/{created['id']}").status_code == 409
    assert owner_api.get(f"{PATH}?state=revoked").json_body["count"] == 1
    assert set(AuditEvent.objects.filter(action__startswith="invitation.").values_list("action", flat=True)) == {
        "invitation.create", "invitation.resend", "invitation.revoke"}


@pytest.mark.parametrize("role", [Role.AIMS_MANAGER, Role.CONTRIBUTOR, Role.VIEWER, Role.INTERNAL_AUDITOR])
def test_only_owners_manage_invitations(api_as, owner_api, role):
    created = owner_api.post(PATH, {"email": "a@acme.example", "role": "viewer"}).json_body
    api = api_as(role, email=f"actor-{role}@acme.example")
    assert api.get(PATH).status_code == 403
    assert api.post(PATH, {"email": "b@acme.example", "role": "owner"}).status_code == 403
    assert api.post(f"{PATH}/{created['id']}/resend").status_code == 403
    assert api.delete(f"{PATH}/{created['id']}").status_code == 403
    assert Invitation.objects.count() == 1


def test_bad_input_and_other_organisations(owner_api, api_as, globex):
    r = owner_api.post(PATH, {"email": "not-an-address", "role": "viewer"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "email"]
    r = owner_api.post(PATH, {"email": "a@acme.example", "role": "external_auditor"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "access_expires_at"]
    assert owner_api.post(PATH, {"email": "a@acme.example", "role": "viewer", "x": 1}).status_code == 422
    other = api_as(Role.OWNER, org=globex).post("/orgs/globex/invitations", {"email": "z@x.example",
                                                                           "role": "viewer"}).json_body
    assert owner_api.delete(f"{PATH}/{other['id']}").status_code == 404
    assert owner_api.post(f"{PATH}/{other['id']}/resend").status_code == 404
    assert owner_api.get("/orgs/globex/invitations").status_code == 404


def test_inviting_a_member_or_twice_is_a_conflict(owner_api, member):
    member(Role.VIEWER, email="already@acme.example")
    assert owner_api.post(PATH, {"email": "already@acme.example", "role": "viewer"}).status_code == 409
    assert owner_api.post(PATH, {"email": "b@acme.example", "role": "viewer"}).status_code == 201
    r = owner_api.post(PATH, {"email": "b@acme.example", "role": "viewer"})
    assert r.status_code == 409 and "re-send" in r.json_body["detail"]
