"""Removing a person asks first, naming them; the buttons say whom they remove; an owner cannot remove
themselves from the People page."""

import pytest

from forty2.tenancy.models import Membership, Role
from tests.web import fixtures

web_as = fixtures.web_as

PEOPLE = "/o/acme/members/"


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


def test_remove_links_name_the_person_and_lead_to_a_confirmation(owner, member):
    viewer = member(Role.VIEWER)
    html = owner.get(PEOPLE).content.decode()
    url = f"/o/acme/members/{viewer.pk}/remove"
    assert f'href="{url}">Remove<span class="visually-hidden"> viewer@acme.example</span></a>' in html
    page = owner.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Remove viewer@acme.example from Acme?" in text
    assert "revokes their API tokens" in text
    assert Membership.objects.filter(pk=viewer.pk).exists()  # asking removes nothing


def test_confirming_removes_the_person(owner, member):
    viewer = member(Role.VIEWER)
    response = owner.post(f"/o/acme/members/{viewer.pk}/remove")
    assert response.status_code == 302 and response["Location"] == PEOPLE
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    assert "viewer@acme.example no longer has access to Acme." in owner.get(PEOPLE).content.decode()


def test_an_owner_cannot_remove_themselves_here(owner, member):
    member(Role.OWNER, email="other.owner@acme.example")
    me = owner.membership
    html = owner.get(PEOPLE).content.decode()
    assert f"/o/acme/members/{me.pk}/remove" not in html
    assert owner.post(f"/o/acme/members/{me.pk}/remove").status_code == 302
    assert Membership.objects.filter(pk=me.pk).exists()


def test_an_old_direct_remove_post_goes_to_the_confirmation(owner, member):
    viewer = member(Role.VIEWER)
    response = owner.post(PEOPLE, {"action": "remove", "membership": str(viewer.pk)})
    assert response["Location"] == f"/o/acme/members/{viewer.pk}/remove"
    assert Membership.objects.filter(pk=viewer.pk).exists()


def test_non_owners_cannot_reach_the_confirmation(web_as, member):
    viewer = member(Role.VIEWER)
    manager = web_as(Role.AIMS_MANAGER)
    assert manager.get(f"/o/acme/members/{viewer.pk}/remove").status_code == 403
    assert manager.post(f"/o/acme/members/{viewer.pk}/remove").status_code == 403
    assert Membership.objects.filter(pk=viewer.pk).exists()
