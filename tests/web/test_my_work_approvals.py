"""My work is fed from the records kit's approval registry (ISO/IEC 42001 5.3, 6.1.3 f, A.3.2, A.5.3; issue #15):
every approval waiting for this person — an impact assessment waiting for its four-eyes second approver, a
retained risk waiting for acceptance, a methodology draft — and every one gone stale (a risk acceptance after an
edit, an approved SoA whose entries changed); no invitation already used; no inferred statuses in frameworks the
organisation never chose; the same list on the page and in GET /api/v1/me/work."""

import pytest

from forty2.accounts.services import create_token
from forty2.catalog.models import Requirement
from forty2.catalog.services import set_status
from forty2.records import approvals
from forty2.risk import assessments, services
from forty2.tenancy import invitations
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Role
from tests.conftest import ApiClient
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as
pytestmark = pytest.mark.django_db


def _titles(membership):
    return [item.title for item in approvals.work(membership)]


def _assessment(membership, title="Sepsis alert impacts"):
    system = make_system(membership, f"System for {title}")
    ia = assessments.create_assessment(membership, {"title": title, "ai_system": system.pk})
    assessments.add_impact(membership, ia, {"group": "individuals", "area": "fairness",
                                            "description": "Alerts miss some patients."})
    ia.refresh_from_db()
    return ia


def test_an_impact_assessment_waits_for_its_four_eyes_second_approver_not_its_author(web_as):
    author, second = web_as(Role.AIMS_MANAGER), web_as(Role.OWNER)
    ia = _assessment(author.membership)
    assert "Approve the impact assessment ‘Sepsis alert impacts’" not in _titles(author.membership)
    page = second.get("/my-work/").content.decode()
    assert "Approve the impact assessment ‘Sepsis alert impacts’" in page
    assert f"/o/acme/risks/impact-assessments/{ia.pk}/" in page
    assessments.approve_assessment(second.membership, ia, version=ia.version)
    assert not any("Sepsis alert impacts" in t for t in _titles(second.membership))
    # changed after its approval: stale, and the approver who did not edit it is asked to approve it again
    ia.refresh_from_db()
    assessments.update_assessment(author.membership, ia, {"measures": "Two clinicians review."},
                                  version=ia.version)
    assert "Re-approve the impact assessment ‘Sepsis alert impacts’: changed since it was approved" in \
        _titles(second.membership)


def test_a_retained_risk_waits_for_acceptance_and_a_stale_acceptance_comes_back(member):
    owner = member(Role.OWNER)
    risk = services.create_risk(owner, {"title": "Wrong opening hours", "residual_likelihood": "1",
                                        "residual_consequence": "1", "treatment_option": "retain",
                                        "owner": owner.user.email})
    assert "Accept the residual risk of ‘Wrong opening hours’ (retained)" in _titles(owner)
    services.accept_risk(owner, risk, version=risk.version)
    assert not any("Wrong opening hours" in t for t in _titles(owner))
    risk.refresh_from_db()
    services.update_risk(owner, risk, {"treatment_plan": "Check the hours weekly."}, version=risk.version)
    assert "Accept ‘Wrong opening hours’ again: it changed since it was accepted" in _titles(owner)
    viewer = member(Role.VIEWER)
    assert _titles(viewer) == []


def test_a_changed_approved_soa_asks_for_re_approval(member):
    from forty2.controls import services as soa
    from forty2.controls.models import SoAEntry

    manager = member(Role.AIMS_MANAGER)
    soa.ensure_soa(manager.organization, manager.user)
    for entry in SoAEntry.objects.for_org(manager.organization):
        soa.update_entry(manager, entry, {"applicable": True, "justification": f"Needed for {entry.ref}."},
                         version=entry.version)
    soa.approve_soa(manager)
    assert not any("Statement of Applicability" in t for t in _titles(manager))
    entry = SoAEntry.objects.for_org(manager.organization).first()
    soa.update_entry(manager, entry, {"implementation": "Policy signed."}, version=entry.version)
    assert ("Re-approve the Statement of Applicability: its entries changed since it was approved"
            in _titles(manager))


def test_an_invitation_already_used_is_not_listed(web_as, member, globex):
    person = web_as(Role.VIEWER)
    owner = member(Role.OWNER, org=globex, email="boss@globex.example")
    invitations.invite(globex, email=person.membership.user.email, role=Role.CONTRIBUTOR, actor=owner.user,
                       actor_membership=owner, send=False)
    assert "Accept the invitation to Globex" in person.get("/my-work/").content.decode()
    # the administrator added the person meanwhile: the link has nothing left to give
    tenancy.add_member(globex, email=person.membership.user.email, role=Role.VIEWER)
    assert "Accept the invitation" not in person.get("/my-work/").content.decode()


def _req(slug, ref):
    return Requirement.objects.select_related("framework").get(framework__slug=slug, ref=ref)


def test_inferred_statuses_are_listed_only_in_frameworks_the_organisation_uses(web_as):
    owner = web_as(Role.OWNER)
    set_status(owner.membership, _req("iso-iec-42001-2023", "A.4.2"), status="conforming")
    page = owner.get("/my-work/").content.decode()
    assert "ISO/IEC 27001" not in page and "ISO 9001" not in page
    # once it records a status of its own in ISO/IEC 27001, that framework's inferences are its work too
    set_status(owner.membership, _req("iso-iec-27001-2022", "A.5.1"), status="conforming")
    assert "inferred status" in owner.get("/my-work/").content.decode()


def test_the_page_and_the_api_list_the_same_items(web_as, member):
    author, second = web_as(Role.AIMS_MANAGER), web_as(Role.OWNER)
    _assessment(author.membership, "Triage impacts")
    make_system(author.membership, "Chatbot", status="under_review")
    _token, raw = create_token(user=second.membership.user, organization=second.membership.organization)
    api = [item["title"] for item in ApiClient(raw).get("/me/work").json_body["items"]]
    page = second.get("/my-work/").content.decode()
    assert api and all(title in page for title in api)
    assert "Approve the impact assessment ‘Triage impacts’" in api
    assert "Approve or reject the AI system ‘Chatbot’" in api
