"""An organisation may require two-factor authentication: the owner sets it on the People page (audited);
members without TOTP, new ones included, are taken to set it up before they can use the organisation, and the
API refuses their session and their tokens (issue #14, findings 3 and 9) (ISO/IEC 42001 5.3, 7.5.3)."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from forty2.core.models import AuditEvent
from forty2.tenancy import invitations
from forty2.tenancy.models import Organization, Role
from tests.web import fixtures

web_as = fixtures.web_as


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


def _require(owner, on=True):
    return owner.post("/o/acme/members/settings", {"require_totp": "on"} if on else {})


def _give_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


def test_the_owner_requires_totp_and_it_is_audited(owner):
    _give_totp(owner.membership.user)
    assert _require(owner).status_code == 302
    assert Organization.objects.get(slug="acme").require_totp
    event = AuditEvent.objects.get(action="organization.update")
    assert event.changes == {"require_totp": [False, True], "version": [1, 2]}
    assert "is now required" in owner.get("/o/acme/members/").content.decode()
    assert _require(owner, on=False).status_code == 302
    assert not Organization.objects.get(slug="acme").require_totp


def test_only_owners_change_the_requirement(web_as):
    manager = web_as(Role.AIMS_MANAGER)
    assert manager.get("/o/acme/two-factor/")["Location"] == "/o/acme/"  # nothing required: nothing to do
    assert _require(manager).status_code == 403
    assert not Organization.objects.get(slug="acme").require_totp
    assert "Sign-in security" not in manager.get("/o/acme/members/").content.decode()


def test_members_without_totp_are_asked_to_set_it_up_then_get_in(owner, web_as):
    _give_totp(owner.membership.user)
    _require(owner)
    viewer = web_as(Role.VIEWER)
    for path in ("/o/acme/", "/o/acme/ai-systems/", "/o/acme/members/"):
        response = viewer.get(path)
        assert response.status_code == 302 and response["Location"] == "/o/acme/two-factor/", path
    html = viewer.get("/o/acme/two-factor/").content.decode()
    assert "Acme requires every member to sign in with a second factor" in html
    assert "/accounts/2fa/totp/activate/" in html
    _give_totp(viewer.membership.user)
    assert viewer.get("/o/acme/").status_code == 200
    assert viewer.get("/o/acme/two-factor/")["Location"] == "/o/acme/"


def test_api_tokens_need_totp_where_the_organisation_requires_it(owner, api_as):
    _give_totp(owner.membership.user)
    api = api_as(Role.VIEWER, email="script@acme.example")
    _require(owner)
    assert api.get("/orgs/acme/ai-systems").status_code == 401  # the token's holder has no TOTP
    _give_totp(api.membership.user)
    assert api.get("/orgs/acme/ai-systems").status_code == 200


def test_a_password_only_session_is_refused_by_the_api_where_totp_is_required(owner, web_as):
    """Issue #14, finding 3: the session cookie of a member without TOTP answered 200 and 201 on the API."""
    _give_totp(owner.membership.user)
    _require(owner)
    viewer = web_as(Role.AIMS_MANAGER, email="pw.only@acme.example")
    assert viewer.get("/o/acme/")["Location"] == "/o/acme/two-factor/"  # the pages send them to set it up
    listing = viewer.get("/api/v1/orgs/acme/ai-systems")
    assert listing.status_code == 403 and "requires two-factor authentication" in listing.json()["detail"]
    created = viewer.post("/api/v1/orgs/acme/ai-systems", {"name": "Sneaky", "purpose": "Sneaky purpose."},
                          content_type="application/json")
    assert created.status_code == 403
    assert owner.get("/api/v1/orgs/acme/ai-systems").status_code == 200  # with TOTP the session works
    assert viewer.get("/api/v1/me/work").json()["count"] == 0


def test_an_invited_person_sets_up_totp_before_using_the_organisation(owner):
    _give_totp(owner.membership.user)
    _require(owner)
    sent = invitations.invite(owner.membership.organization, email="nora@acme.example", role=Role.VIEWER,
                              actor=owner.membership.user, actor_membership=owner.membership)
    path = "/" + sent.link.split("/", 3)[3]
    client = Client()
    assert "requires two-factor authentication" in client.get(path).content.decode()
    response = client.post(path, {"full_name": "Nora Quinn", "password": "a-long-enough-passphrase-42",
                                  "password_again": "a-long-enough-passphrase-42"}, follow=True)
    assert response.redirect_chain[-1][0] == "/o/acme/two-factor/"
    assert "Set up two-factor authentication" in response.content.decode()
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate.status_code == 200 and "svg" in activate.content.decode().lower()
