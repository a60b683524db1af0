"""My work: approvals and sign-offs waiting for a person, across their organisations, each dropping off once
done; the same list through GET /api/v1/me/work (ISO/IEC 42001 5.3, 7.3)."""

from forty2.accounts.services import create_token
from forty2.aiact import services as aiact
from forty2.inventory import services
from forty2.tenancy.models import Role
from tests.conftest import ApiClient
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as


def test_an_approver_sees_systems_and_classifications_waiting_and_they_drop_off_when_done(web_as, member):
    manager = web_as(Role.AIMS_MANAGER)
    owner = member(Role.OWNER, email="owner@acme.example")
    system = make_system(owner, "CV screening", status="under_review")
    aiact.classify_system(owner, system, {"is_ai_system": True, "role": "deployer"})

    page = manager.get("/my-work/").content.decode()
    assert "Approve or reject the AI system ‘CV screening’" in page
    assert "Sign off the EU AI Act classification of ‘CV screening’" in page
    assert f"/o/acme/ai-systems/{system.pk}/" in page

    aiact.sign_off(manager.membership, system, version=1)
    system.refresh_from_db()
    services.approve_ai_system(manager.membership, system, version=system.version)
    page = manager.get("/my-work/").content.decode()
    assert "CV screening" not in page and "Nothing waits for you" in page


def test_the_person_who_classified_is_not_asked_to_sign_off_and_viewers_get_nothing(web_as, member):
    owner = web_as(Role.OWNER)
    system = make_system(owner.membership, "Chatbot")
    aiact.classify_system(owner.membership, system, {"is_ai_system": True, "role": "deployer"})
    assert "Sign off" not in owner.get("/my-work/").content.decode()
    viewer = web_as(Role.VIEWER)
    assert "Nothing waits for you" in viewer.get("/my-work/").content.decode()


def test_a_stale_approval_asks_for_re_approval(web_as):
    manager = web_as(Role.AIMS_MANAGER)
    system = make_system(manager.membership, "Readmission risk")
    system = services.approve_ai_system(manager.membership, system, version=1)
    assert "Re-approve" not in manager.get("/my-work/").content.decode()
    services.update_ai_system(manager.membership, system, {"purpose": "New purpose"}, version=system.version)
    assert "Re-approve ‘Readmission risk’" in manager.get("/my-work/").content.decode()


def test_the_api_lists_the_work_of_the_tokens_organisation_and_the_dashboard_counts_it(web_as, member, globex):
    manager = web_as(Role.AIMS_MANAGER)
    make_system(member(Role.OWNER, email="o@acme.example"), "Triage", status="under_review")
    other = member(Role.AIMS_MANAGER, org=globex, email=manager.membership.user.email)
    make_system(member(Role.OWNER, org=globex, email="o@globex.example"), "Routing", status="under_review")
    _token, raw = create_token(user=manager.membership.user, organization=manager.membership.organization)
    body = ApiClient(raw).get("/me/work").json_body
    assert body["count"] == 1 and body["items"][0]["organization"] == "acme"
    assert body["items"][0]["kind"] == "approval" and body["items"][0]["url"].startswith("http")
    page = manager.get("/my-work/").content.decode()  # the browser session sees both organisations
    assert "Triage" in page and "Routing" in page and other.organization.name in page
    assert 'aria-label="1 item waiting for you"' in manager.get("/o/acme/").content.decode()


def test_an_invitation_to_another_organisation_waits_in_my_work(web_as, member, globex):
    from forty2.tenancy import invitations

    person = web_as(Role.VIEWER)
    owner = member(Role.OWNER, org=globex, email="boss@globex.example")
    invitations.invite(globex, email=person.membership.user.email, role=Role.CONTRIBUTOR, actor=owner.user,
                       actor_membership=owner, send=False)
    page = person.get("/my-work/").content.decode()
    assert "Accept the invitation to Globex as Contributor" in page


def test_checking_approvals_for_my_work_takes_the_same_queries_for_3_or_12_systems(member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forty2.records.approvals import work

    manager = member(Role.AIMS_MANAGER)
    counts = []
    for batch in (3, 9):  # 3 approved systems, then 12
        for i in range(batch):
            system = make_system(manager, f"System {len(counts)}-{i}")
            services.approve_ai_system(manager, system, version=1)
        with CaptureQueriesContext(connection) as queries:
            found = work(manager)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] and found == []
