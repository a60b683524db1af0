"""An organisation that admits single sign-on only (issue #14, item 6): the owner's setting on People and in the
API, audited; pages, API and cross-organisation lists refuse sessions signed in otherwise, saying why; API
tokens are revoked when it is turned on. The end-to-end flow is in tests/accounts/test_oidc_login.py."""

import time

import pytest
from django.test import Client

from forty2.accounts import sso
from forty2.accounts.models import ApiToken
from forty2.accounts.services import create_token
from forty2.accounts.sso_settings import oidc_apps
from forty2.core.errors import InvalidInput, PermissionDenied
from forty2.core.models import AuditEvent
from forty2.tenancy import services, work
from forty2.tenancy.models import Organization, Role

from ..conftest import ApiClient

REFUSAL = "admits members signed in with single sign-on only"


@pytest.fixture(autouse=True)
def provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_apps({
        "FORTY2_OIDC_ISSUER": "https://login.example.com", "FORTY2_OIDC_CLIENT_ID": "forty2",
        "FORTY2_OIDC_CLIENT_SECRET": "secret", "FORTY2_OIDC_NAME": "Acme login"})}}


def browser(user, *, via_sso: bool) -> Client:
    client = Client()
    client.force_login(user)
    if via_sso:  # what forty2.accounts.signals stores after a sign-in through the provider
        session = client.session
        session[sso.SESSION_KEY] = {"provider": "sso", "uid": "sub-1", "at": time.time()}
        session.save()
    return client


def session_api(client: Client, path: str, method="get", data=None):
    kwargs = {"content_type": "application/json", "data": data} if data is not None else {}
    return getattr(client, method)(f"/api/v1{path}", **kwargs)


@pytest.fixture
def sso_only(acme, member):
    owner = member(Role.OWNER)
    services.set_sso_only(acme, required=True, signed_in_with_sso=True, actor=owner.user, actor_membership=owner)
    return owner


def test_turning_it_on_needs_a_provider_and_a_single_sign_on_session(acme, member, settings):
    owner = member(Role.OWNER)
    with pytest.raises(InvalidInput, match="Sign in with single sign-on first"):
        services.set_sso_only(acme, required=True, signed_in_with_sso=False, actor_membership=owner)
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    with pytest.raises(InvalidInput, match="No single sign-on provider is configured"):
        services.set_sso_only(acme, required=True, signed_in_with_sso=True, actor_membership=owner)
    assert not Organization.objects.get(pk=acme.pk).sso_only


def test_only_an_owner_of_that_organisation_changes_it(acme, globex, member):
    with pytest.raises(PermissionDenied):
        services.set_sso_only(acme, required=True, signed_in_with_sso=True,
                              actor_membership=member(Role.AIMS_MANAGER))
    with pytest.raises(PermissionDenied):
        services.set_sso_only(acme, required=True, signed_in_with_sso=True,
                              actor_membership=member(Role.OWNER, org=globex))


def test_turning_it_on_revokes_the_organisations_tokens_and_is_audited(acme, globex, member, api_as):
    api = api_as(Role.CONTRIBUTOR)
    other = api_as(Role.CONTRIBUTOR, org=globex)
    assert api.get("/orgs/acme/audit-events").status_code in (200, 403)
    owner = member(Role.OWNER)
    services.set_sso_only(acme, required=True, signed_in_with_sso=True, actor=owner.user, actor_membership=owner)
    assert api.get("/orgs/acme/risks").status_code == 401  # made before: revoked
    assert other.get("/orgs/globex/risks").status_code == 200  # another organisation's: untouched
    event = AuditEvent.objects.filter(action="organization.update", organization=acme).latest("id")
    assert event.changes == {"sso_only": [False, True], "version": [1, 2], "api_tokens_revoked": 1}
    assert event.actor_label == owner.user.email
    # a token made afterwards (from a single sign-on session) works
    _token, raw = create_token(user=api.membership.user, organization=acme)
    assert ApiClient(raw).get("/orgs/acme/risks").status_code == 200


def test_pages_refuse_a_password_session_and_say_why(sso_only, member, globex):
    person = member(Role.CONTRIBUTOR).user
    member(Role.CONTRIBUTOR, org=globex, email=person.email)
    password = browser(person, via_sso=False)
    for path in ("/o/acme/", "/o/acme/risks/", "/o/acme/tokens/", "/o/acme/members/"):
        page = password.get(path)
        assert page.status_code == 403 and REFUSAL in page.content.decode(), path
    page = password.get("/o/acme/").content.decode()
    assert 'action="/accounts/oidc/sso/login/"' in page and "Sign in with Acme login" in page
    assert 'name="next" value="/o/acme/"' in page
    assert password.get("/o/globex/").status_code == 200  # another organisation keeps its own rules
    assert browser(person, via_sso=True).get("/o/acme/").status_code == 200


def test_the_api_refuses_a_password_session_with_the_reason(sso_only, member):
    person = member(Role.CONTRIBUTOR).user
    refused = session_api(browser(person, via_sso=False), "/orgs/acme/risks")
    assert refused.status_code == 403 and REFUSAL in refused.json()["detail"]
    assert session_api(browser(person, via_sso=True), "/orgs/acme/risks").status_code == 200


@pytest.fixture
def work_everywhere(monkeypatch):
    """A work provider with one item in every organisation, titled after it."""
    monkeypatch.setitem(work.PROVIDERS, "test_sso", lambda m: [
        work.WorkItem(m.organization, "review", f"Review {m.organization.name}", "")])


def test_lists_across_organisations_leave_it_out_of_a_password_session(sso_only, member, globex, work_everywhere):
    person = member(Role.CONTRIBUTOR).user
    member(Role.CONTRIBUTOR, org=globex, email=person.email)
    password, by_sso = browser(person, via_sso=False), browser(person, via_sso=True)
    page = password.get("/my-work/").content.decode()
    assert "Review Globex" in page and "Review Acme" not in page
    titles = [i["title"] for i in session_api(password, "/me/work").json()["items"]]
    assert "Review Globex" in titles and "Review Acme" not in titles
    assert "Review Acme" in by_sso.get("/my-work/").content.decode()
    assert "Review Acme" in [i["title"] for i in session_api(by_sso, "/me/work").json()["items"]]
    portfolio = password.get("/").content.decode()
    assert "Acme" in portfolio and "–" in portfolio  # listed, its figures withheld
    assert "–" not in by_sso.get("/").content.decode()


def test_the_owner_turns_it_on_and_off_on_the_people_page(acme, member):
    owner = member(Role.OWNER).user
    by_password = browser(owner, via_sso=False)
    assert "Single sign-on only" in by_password.get("/o/acme/members/").content.decode()
    page = by_password.post("/o/acme/members/settings", {"sso_only": "on"}, follow=True).content.decode()
    assert "Sign in with single sign-on first" in page
    assert not Organization.objects.get(pk=acme.pk).sso_only
    by_sso = browser(owner, via_sso=True)
    page = by_sso.post("/o/acme/members/settings", {"sso_only": "on"}, follow=True).content.decode()
    assert "Only single sign-on opens this organisation now" in page
    assert Organization.objects.get(pk=acme.pk).sso_only
    assert by_password.get("/o/acme/members/").status_code == 403  # the password session is now refused
    by_sso.post("/o/acme/members/settings", {}, follow=True)
    assert not Organization.objects.get(pk=acme.pk).sso_only
    assert [e.changes["sso_only"] for e in AuditEvent.objects.filter(action="organization.update")
            .exclude(changes__sso_only=None).order_by("id")] == [[False, True], [True, False]]


def test_the_setting_is_hidden_where_no_provider_is_configured(acme, member, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    owner = member(Role.OWNER).user
    assert "Single sign-on only" not in browser(owner, via_sso=False).get("/o/acme/members/").content.decode()


def test_the_api_reads_and_changes_it(acme, member, owner_api):
    assert owner_api.get("/orgs/acme/settings/sso-only").json_body == {"sso_only": False}
    refused = owner_api.put("/orgs/acme/settings/sso-only", {"sso_only": True})  # a token is no SSO sign-in
    assert refused.status_code == 422 and refused.json_body["detail"][0]["loc"] == ["body", "sso_only"]
    owner = owner_api.membership.user
    by_sso = browser(owner, via_sso=True)
    answer = session_api(by_sso, "/orgs/acme/settings/sso-only", "put", {"sso_only": True})
    assert answer.status_code == 200 and answer.json() == {"sso_only": True}
    assert session_api(by_sso, "/orgs/acme/settings/sso-only", "put", {"sso_only": "maybe"}).status_code == 422
    viewer = browser(member(Role.VIEWER).user, via_sso=True)
    assert session_api(viewer, "/orgs/acme/settings/sso-only", "put", {"sso_only": False}).status_code == 403
    assert session_api(viewer, "/orgs/acme/settings/sso-only").json() == {"sso_only": True}
    answer = session_api(by_sso, "/orgs/acme/settings/sso-only", "put", {"sso_only": False})
    assert answer.json() == {"sso_only": False}
    assert ApiToken.objects.filter(organization=acme, revoked_at__isnull=True).count() == 0


def test_the_versioned_settings_hold_sso_only_and_the_old_route_is_deprecated(acme, member, owner_api):
    """``sso_only`` is one of ``GET/PATCH /orgs/{org}/settings`` (versioned, ETag); /settings/sso-only stays for one
    release, marked deprecated in the OpenAPI document."""
    read = owner_api.get("/orgs/acme/settings")
    assert read.json_body == {"require_totp": False, "require_totp_for_tokens": False, "sso_only": False,
                              "version": 1} and read["ETag"] == f'"{acme.pk}-1"'
    refused = owner_api.patch("/orgs/acme/settings", {"sso_only": True, "version": 1})  # a token is no SSO sign-in
    assert refused.status_code == 422 and refused.json_body["detail"][0]["loc"] == ["body", "sso_only"]
    by_sso = browser(owner_api.membership.user, via_sso=True)
    no_version = session_api(by_sso, "/orgs/acme/settings", "patch", {"sso_only": True})
    assert no_version.status_code == 422 and no_version.json()["detail"][0]["loc"][-1] == "version"
    answer = by_sso.patch("/api/v1/orgs/acme/settings", {"sso_only": True}, content_type="application/json",
                          headers={"If-Match": read["ETag"]})
    assert answer.status_code == 200 and answer.json()["sso_only"] is True and answer.json()["version"] == 2
    assert ApiToken.objects.filter(organization=acme, revoked_at__isnull=True).count() == 0
    event = AuditEvent.objects.filter(action="organization.update").latest("id")
    assert event.changes["sso_only"] == [False, True] and event.changes["version"] == [1, 2]
    assert session_api(by_sso, "/orgs/acme/settings/sso-only").json() == {"sso_only": True}  # the old route agrees
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/orgs/{org}/settings/sso-only"]["put"]["deprecated"] is True
    assert paths["/api/v1/orgs/{org}/settings/sso-only"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/api/v1/orgs/{org}/settings"]["patch"]


def test_a_stale_settings_version_merges_unless_the_same_setting_changed(acme, member, owner_api):
    """Two owners, each on version 1: different settings both apply; the same setting changed back is a 409
    with the saved value (the API's PATCH rule, ISO/IEC 42001 7.5.3)."""
    from allauth.mfa.models import Authenticator

    second = member(Role.OWNER, email="second.owner@acme.example")
    for user in (owner_api.membership.user, second.user):
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    other = browser(second.user, via_sso=False)
    assert session_api(other, "/orgs/acme/settings", "patch", {"require_totp_for_tokens": True,
                                                                "version": 1}).status_code == 200
    merged = owner_api.patch("/orgs/acme/settings", {"require_totp": True, "version": 1})
    assert merged.status_code == 200, merged.content
    assert merged.json_body == {"require_totp": True, "require_totp_for_tokens": True, "sso_only": False,
                                "version": 3}
    conflict = owner_api.patch("/orgs/acme/settings", {"require_totp_for_tokens": False, "version": 1})
    assert conflict.status_code == 409
    assert conflict.json_body["current_version"] == 3
    assert conflict.json_body["fields"] == {"require_totp_for_tokens": True}
    assert Organization.objects.get(pk=acme.pk).require_totp_for_tokens is True
    same = owner_api.patch("/orgs/acme/settings", {"require_totp_for_tokens": True, "version": 1})
    assert same.status_code == 200 and same.json_body["version"] == 3  # nothing to change: no new version


def _page_paths(patterns, prefix=""):
    """Every URL of the site as a path with sample values (organisation "acme", ids 1, strings "x")."""
    import re

    from django.urls import URLResolver

    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _page_paths(pattern.url_patterns, route)
        else:
            route = re.sub(r"<slug:org>", "acme", route)
            yield "/" + re.sub(r"<(?:int:)?\w+>|<(?:str|slug|path|uuid):\w+>", lambda m: "1" if "int:" in m[0]
                               else "x", route).lstrip("^").rstrip("$")


def test_every_page_and_api_operation_of_the_organisation_refuses_a_password_session(sso_only, member):
    """Systematic: each URL under /o/<org>/ and each API operation under /orgs/{org} answers 403 (or 405/422
    before reaching any data) to a session signed in by password, so a new page or endpoint is covered."""
    import re

    from django.urls import get_resolver

    from forty2.api.urls import api

    client = browser(sso_only.user, via_sso=False)
    pages = sorted({p for p in _page_paths(get_resolver().url_patterns) if p.startswith("/o/acme/")})
    assert len(pages) > 30
    for path in pages:
        answer = client.get(path)
        if path == "/o/acme/two-factor/":  # shows nothing of the organisation: sends to its (refused) overview
            assert answer.status_code == 302 and answer["Location"] == "/o/acme/"
            continue
        assert answer.status_code in (403, 405), (path, answer.status_code)
    operations = [(method.lower(), path.replace("/api/v1", "").replace("{org}", "acme"))
                  for path, item in api.get_openapi_schema()["paths"].items() if "{org}" in path
                  for method in item]
    assert len(operations) > 50
    refused = 0
    for method, path in operations:
        path = re.sub(r"\{\w+\}", "1", path)  # other parameters: any value
        answer = getattr(client, method)(f"/api/v1{path}", content_type="application/json", data={}) \
            if method != "get" else client.get(f"/api/v1{path}")
        assert answer.status_code in (403, 422), (method, path, answer.status_code)
        refused += answer.status_code == 403
    assert refused > len(operations) / 2
    print(f"SSO only: {len(pages)} pages and {len(operations)} API operations refused a password session "
          f"({refused} with 403)")
