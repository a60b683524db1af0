"""Members and people (ISO/IEC 42001 5.3): a member is linked to their person by e-mail, by the service, the button
and an accepted invitation; the person's page says who they sign in as."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.core.models import AuditEvent
from forty2.people import services
from forty2.people.models import Person
from forty2.tenancy import invitations
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-passphrase-42"


def test_link_members_by_email_and_create_the_missing_people_when_asked(make, member):
    contributor = member(Role.CONTRIBUTOR, email="Mei.Chen@acme.example")
    viewer = member(Role.VIEWER, email="board@acme.example")
    auditor = member(Role.EXTERNAL_AUDITOR, email="auditor@certifier.example")
    mei = make.person("Mei Chen", email="mei.chen@ACME.example")
    result = services.link_members(make.by)
    mei.refresh_from_db()
    assert mei.user == contributor.user and [p.name for p, _m in result.linked] == ["Mei Chen"]
    assert not result.created and viewer in result.without
    assert AuditEvent.objects.filter(action="person.update", object_id=str(mei.pk)).exists()
    result = services.link_members(make.by, create_missing=True)
    created = {m.user.email for _p, m in result.created}
    assert created == {"board@acme.example", "manager@acme.example"}
    assert not Person.objects.filter(user=auditor.user).exists()  # an external auditor is not one of our people
    assert services.link_members(make.by, create_missing=True).summary() == "0 linked, 0 created"


def test_the_person_page_says_who_they_sign_in_as_and_the_button_links(make, member):
    mei = make.person("Mei Chen", email="mei@acme.example")
    member(Role.CONTRIBUTOR, email="mei@acme.example")
    browser = Client()
    browser.force_login(make.by.user)
    assert "does not sign in" in browser.get(f"/o/acme/people/{mei.pk}/").content.decode()
    response = browser.post("/o/acme/people/link-members")
    assert response.status_code == 302
    assert "Signs in as" in browser.get(f"/o/acme/people/{mei.pk}/").content.decode()
    page = browser.get("/o/acme/people/").content.decode()
    assert "Link members to people" in page and "Mei Chen" in page


def test_a_contributor_may_not_link_members(member, make):
    browser = Client()
    browser.force_login(member(Role.CONTRIBUTOR).user)
    assert browser.post("/o/acme/people/link-members").status_code == 403


def test_accepting_an_invitation_links_the_person_or_creates_one(make, member, acme):
    owner = member(Role.OWNER, email="owner@acme.example")
    jordan = make.person("Jordan Lee", email="jordan@acme.example")
    for email in ("jordan@acme.example", "new.one@acme.example", "auditor@certifier.example"):
        role = Role.EXTERNAL_AUDITOR if "certifier" in email else Role.CONTRIBUTOR
        kwargs = ({"access_expires_at": timezone.now() + dt.timedelta(days=30)}
                  if role == Role.EXTERNAL_AUDITOR else {})
        sent = invitations.invite(acme, email=email, role=role, actor=owner.user, actor_membership=owner,
                                  send=False, **kwargs)
        invitations.accept(sent.link.rstrip("/").rsplit("/", 1)[1], full_name=email.split("@")[0],
                           password=PASSWORD)
    jordan.refresh_from_db()
    assert jordan.user.email == "jordan@acme.example"
    created = Person.objects.get(email="new.one@acme.example")
    assert created.user is not None and created.name == "new.one"
    assert not Person.objects.filter(email="auditor@certifier.example").exists()
    assert AuditEvent.objects.filter(action="person.create", object_id=str(created.pk),
                                     actor__email="new.one@acme.example").exists()
