"""People are shown by their display name, not their e-mail address (which stays on hover): in history, the
audit log, the dashboard's recent activity and on records they own. The audit log keeps storing (and hashing)
the address; names are looked up when shown, in one query per page (ISO/IEC 42001 7.4, 7.5.3)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forty2.accounts.models import User
from forty2.core import audit
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role
from tests.web import fixtures

web_as = fixtures.web_as
make_system = fixtures.make_system


def _name(membership, full_name):
    User.objects.filter(pk=membership.user_id).update(full_name=full_name)
    membership.user.refresh_from_db()


@pytest.fixture
def owner(web_as):
    client = web_as(Role.OWNER, email="alex.morgan@acme.example")
    _name(client.membership, "Alex Morgan")
    return client


def test_the_audit_log_names_the_actor_with_the_stored_address(owner):
    make_system(owner.membership, "Sepsis alert")
    html = owner.get("/o/acme/audit-log/").content.decode()
    # the address in sight, not only on hover: display names are anyone's to choose (issue #14, finding 12c)
    assert 'Alex Morgan <span class="person__email">(alex.morgan@acme.example)</span>' in html
    stored = AuditEvent.objects.filter(action="ai_system.create").get()
    assert stored.actor_label == "alex.morgan@acme.example" and '"actor":"alex.morgan@acme.example"' in stored.canonical
    assert all(report.ok for report in audit.verify())


def test_recent_activity_and_history_name_people_and_owners(owner, member):
    colleague = member(Role.CONTRIBUTOR, email="mei.chen@acme.example")
    _name(colleague, "Mei Chen")
    system = make_system(owner.membership, "Sepsis alert", business_owner="mei.chen@acme.example")
    dashboard = owner.get("/o/acme/").content.decode()
    assert 'Alex Morgan <span class="person__email">(alex.morgan@acme.example)</span>' in dashboard
    detail = owner.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    assert 'title="mei.chen@acme.example">Mei Chen<' in detail  # the owner, and in the history's changes
    assert "gave Mei Chen access" in owner.get("/o/acme/audit-log/").content.decode()


def test_people_without_a_name_keep_their_address(owner, member):
    plain = member(Role.VIEWER, email="no.name@acme.example")
    audit.record("auth.login", actor=plain.user, obj=plain.user, org=plain.organization)
    assert ">no.name@acme.example</span>" in owner.get("/o/acme/audit-log/").content.decode()


def test_names_cost_one_query_per_page_not_one_per_row(owner, member):
    people = [member(Role.CONTRIBUTOR, email=f"p{n}@acme.example") for n in range(6)]
    for n, m in enumerate(people):
        _name(m, f"Person {n}")
    make_system(owner.membership, "First")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert owner.get("/o/acme/audit-log/").status_code == 200
        return len(ctx)

    few = count()
    for m in people:
        make_system(m, f"System of {m.user.email}")
    assert count() == few


def test_a_person_sets_their_own_name_and_it_is_audited(web_as):
    client = web_as(Role.VIEWER, email="ruth@acme.example")
    assert "Your profile" in client.get("/o/acme/").content.decode()
    page = client.get("/profile/").content.decode()
    assert "ruth@acme.example" in page
    response = client.post("/profile/", {"full_name": "  Ruth   Adeyemi "})
    assert response.status_code == 302
    assert User.objects.get(email="ruth@acme.example").full_name == "Ruth Adeyemi"
    event = AuditEvent.objects.get(action="user.update")
    assert event.organization_id is None and event.changes == {"full_name": ["", "Ruth Adeyemi"]}
    assert "There is a problem" in client.post("/profile/", {"full_name": ""}).content.decode()
    assert "Account menu for </span>Ruth Adeyemi" in client.get("/profile/").content.decode()
