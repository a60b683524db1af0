"""A reporter's identity, when given, is seen only by the people who handle concerns: owners, AIMS managers and
holders of the concern and incident handler role; everyone else reads "identity withheld" on the page, in the API
and in exports (ISO/IEC 42001 A.3.3)."""

import datetime as dt

import pytest
from django.test import Client

from forty2.accounts.services import create_token
from forty2.incidents import services
from forty2.people.models import AimsRole, Person, RoleAssignment, RoleKind
from forty2.tenancy.models import Role
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Dana Whistle", "dana.whistle@example.org"


@pytest.fixture
def concern(channel_on):
    c, _code = services.submit_concern(channel_on.organization, subject="Unfair ranking", anonymous=False,
                                       name=NAME, email=EMAIL)
    return c


def _handler(member, email="handler@acme.example", **dates):
    m = member(Role.CONTRIBUTOR, email=email)
    person = Person.objects.create(organization=m.organization, name="Hana Handler", user=m.user)
    role = AimsRole.objects.create(organization=m.organization, name="Concern handler", kind=RoleKind.CONCERN_HANDLER)
    RoleAssignment.objects.create(organization=m.organization, role=role, person=person, **dates)
    return m


def _views(m, pk):
    client = Client()
    client.force_login(m.user)
    page = client.get(f"/o/acme/incidents/concerns/{pk}/").content.decode()
    _t, raw = create_token(user=m.user, organization=m.organization)
    api = ApiClient(raw)
    one = api.get(f"/orgs/acme/concerns/{pk}").json_body
    listed = api.get("/orgs/acme/concerns").json_body["items"][0]
    export = b"".join(client.get("/o/acme/incidents/concerns/export?format=csv").streaming_content).decode("utf-8-sig")
    api_export = api.client.get("/api/v1/orgs/acme/concerns/export", headers=api.headers).content.decode("utf-8-sig")
    return page, one, listed, export, api_export


@pytest.mark.parametrize("role", [Role.OWNER, Role.AIMS_MANAGER])
def test_owners_and_managers_see_the_identity(member, concern, role):
    page, one, listed, export, api_export = _views(member(role, email=f"{role}@x.example"), concern.pk)
    assert NAME in page and EMAIL in page
    assert one["reporter_name"] == NAME and one["reporter_email"] == EMAIL and listed["reporter_email"] == EMAIL
    assert EMAIL in export and EMAIL in api_export


def test_a_concern_handler_sees_the_identity(member, concern):
    page, one, _l, export, _e = _views(_handler(member), concern.pk)
    assert NAME in page and one["reporter_email"] == EMAIL and EMAIL in export


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.VIEWER, Role.INTERNAL_AUDITOR, Role.EXTERNAL_AUDITOR])
def test_everyone_else_reads_identity_withheld(member, concern, role):
    page, one, listed, export, api_export = _views(member(role, email=f"{role}@x.example"), concern.pk)
    for text in (page, str(one), str(listed), export, api_export):
        assert NAME not in text and EMAIL not in text and "dana" not in text.lower()
    assert "Identity withheld" in page
    assert one["reporter_name"] == "identity withheld" and listed["reporter_email"] == "identity withheld"
    assert "identity withheld" in export and "identity withheld" in api_export


def test_a_handler_role_that_ended_gives_no_sight(member, concern):
    ended = _handler(member, end_date=dt.date(2020, 1, 1))
    _p, one, *_ = _views(ended, concern.pk)
    assert one["reporter_email"] == "identity withheld"


def test_a_change_answers_with_the_identity_withheld_and_history_never_holds_it(member, concern):
    m = member(Role.AIMS_MANAGER, email="m2@x.example")
    _t, raw = create_token(user=m.user, organization=m.organization)
    api = ApiClient(raw)
    r = api.patch(f"/orgs/acme/concerns/{concern.pk}", {"version": concern.version, "outcome": "Looked into it."})
    assert r.status_code == 200 and EMAIL not in str(r.json_body)
    history = api.get(f"/orgs/acme/concerns/{concern.pk}/history").json_body
    assert EMAIL not in str(history) and NAME not in str(history)
