"""People page: owners add people with the least privilege by default and change roles on each row through
tenancy.services.change_role, whose refusals (last owner, auditor without an end date) are shown, not lost."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Membership, Role
from tests.web import fixtures

web_as = fixtures.web_as

PEOPLE = "/o/acme/members/"


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


def _role_post(target, role, expires=""):
    return {"action": "role", "membership": str(target.pk), f"m{target.pk}-role": role,
            f"m{target.pk}-expires_at": expires}


def test_the_add_form_defaults_to_viewer_not_owner(owner):
    html = owner.get(PEOPLE).content.decode()
    add_form = html[html.index("Add a person"):]
    assert re.search(r'<option value="viewer" selected>Viewer</option>', add_form)
    assert '<option value="owner" selected>' not in add_form


def test_an_owner_changes_a_role_on_the_row(owner, member):
    viewer = member(Role.VIEWER)
    html = owner.get(PEOPLE).content.decode()
    assert f'for="id_m{viewer.pk}-role">Role of viewer@acme.example</label>' in html
    assert "Save<span class=\"visually-hidden\"> role of viewer@acme.example</span>" in html
    response = owner.post(PEOPLE, _role_post(viewer, Role.CONTRIBUTOR))
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == Role.CONTRIBUTOR
    assert AuditEvent.objects.filter(action="membership.update").exists()
    assert "is now Contributor" in owner.get(PEOPLE).content.decode()


def test_an_external_auditor_needs_an_end_date_and_gets_one(owner, member):
    viewer = member(Role.VIEWER)
    response = owner.post(PEOPLE, _role_post(viewer, Role.EXTERNAL_AUDITOR))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "needs an expiry date" in html
    assert f'aria-describedby="id_m{viewer.pk}-expires_at_error"' in html
    viewer.refresh_from_db()
    assert viewer.role == Role.VIEWER
    until = (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    assert owner.post(PEOPLE, _role_post(viewer, Role.EXTERNAL_AUDITOR, until)).status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == Role.EXTERNAL_AUDITOR and viewer.expires_at is not None


def test_the_last_owner_cannot_demote_themselves_and_is_told_why(owner):
    me = owner.membership
    response = owner.post(PEOPLE, _role_post(me, Role.VIEWER))
    assert response.status_code == 200
    assert "An organisation needs at least one owner." in response.content.decode()
    me.refresh_from_db()
    assert me.role == Role.OWNER


def test_only_owners_see_and_use_the_role_controls(web_as, member):
    manager = web_as(Role.AIMS_MANAGER)
    viewer = member(Role.VIEWER)
    html = manager.get(PEOPLE).content.decode()
    assert "<select" not in html and "Add a person" not in html
    assert manager.post(PEOPLE, _role_post(viewer, Role.OWNER)).status_code == 404
    assert Membership.objects.get(pk=viewer.pk).role == Role.VIEWER
