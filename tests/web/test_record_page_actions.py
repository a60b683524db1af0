"""Actions the API offers, on the records' own pages (issue #15): approving and re-approving an AI system with a
note (ISO/IEC 42001 5.3, 7.5.2), fulfilling and cancelling an evidence request (7.5, 9.2) — the same services, the
same refusals — and the approval state read the same way by the API and the pages for every type with
approvals (an AI system, an impact assessment, a risk acceptance)."""

import datetime as dt
import re

import pytest

from forty2.evidence import services as evidence
from forty2.evidence.models import EvidenceRequest
from forty2.inventory import services
from forty2.inventory.models import AISystem
from forty2.records.approvals import work
from forty2.risk import assessments
from forty2.risk import services as risks
from forty2.tenancy.models import Role
from tests.conftest import ApiClient
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as
pytestmark = pytest.mark.django_db


def _api(client):
    from forty2.accounts.services import create_token

    _token, raw = create_token(user=client.membership.user, organization=client.membership.organization)
    return ApiClient(raw)


def test_an_approver_approves_a_system_under_review_from_its_page_with_a_note(web_as):
    manager = web_as(Role.AIMS_MANAGER)
    system = make_system(manager.membership, "Triage", status="under_review")
    page = manager.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    assert f'action="/o/acme/ai-systems/{system.pk}/approve"' in page and "Approve this AI system" in page
    r = manager.post(f"/o/acme/ai-systems/{system.pk}/approve", {"version": system.version,
                                                                 "note": "Reviewed with the clinical lead."})
    assert r.status_code == 302
    system.refresh_from_db()
    assert system.status == "approved" and services.approval_state(system).approval.note == \
        "Reviewed with the clinical lead."
    page = manager.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    assert 'data-approval="approved"' in page and "Approve this AI system" not in page


def test_a_stale_approval_is_renewed_from_the_page_and_reads_stale_in_the_api_first(web_as):
    manager = web_as(Role.AIMS_MANAGER)
    system = services.approve_ai_system(manager.membership, make_system(manager.membership, "Triage"), version=1)
    system = services.update_ai_system(manager.membership, system, {"purpose": "Sorts referrals."},
                                       version=system.version)
    api = _api(manager).get(f"/orgs/acme/ai-systems/{system.pk}").json_body
    page = manager.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    assert api["approval_state"] == "stale" and 'data-approval="stale"' in page
    assert "Approve again as it is now" in page
    manager.post(f"/o/acme/ai-systems/{system.pk}/approve", {"version": system.version, "note": ""})
    assert _api(manager).get(f"/orgs/acme/ai-systems/{system.pk}").json_body["approval_state"] == "approved"
    assert 'data-approval="approved"' in manager.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()


def test_a_contributor_gets_no_button_and_a_403_and_a_stale_version_is_refused(web_as):
    manager, contributor = web_as(Role.AIMS_MANAGER), web_as(Role.CONTRIBUTOR)
    system = make_system(manager.membership, "Triage", status="under_review")
    assert "Approve this AI system" not in contributor.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    assert contributor.post(f"/o/acme/ai-systems/{system.pk}/approve", {"version": 1}).status_code == 403
    r = manager.post(f"/o/acme/ai-systems/{system.pk}/approve", {"version": 99}, follow=True)
    assert "changed since you opened it" in r.content.decode()
    assert AISystem.objects.get(pk=system.pk).status == "under_review"


def test_impact_assessment_and_risk_acceptance_read_stale_alike_in_the_api_and_the_pages(web_as):
    author, approver = web_as(Role.AIMS_MANAGER), web_as(Role.OWNER)
    system = make_system(author.membership, "Triage")
    ia = assessments.create_assessment(author.membership, {"title": "Triage impacts", "ai_system": system.pk})
    assessments.add_impact(author.membership, ia, {"group": "individuals", "area": "fairness",
                                                   "description": "Some referrals wait longer."})
    ia.refresh_from_db()
    assessments.approve_assessment(approver.membership, ia, version=ia.version)
    ia.refresh_from_db()
    assessments.update_assessment(author.membership, ia, {"measures": "Weekly audit."}, version=ia.version)
    api = _api(approver)
    assert api.get(f"/orgs/acme/impact-assessments/{ia.pk}").json_body["approval_state"] == "stale"
    listed = api.get("/orgs/acme/impact-assessments").json_body["items"]
    assert [i["approval_state"] for i in listed if i["id"] == ia.pk] == ["stale"]
    assert "Approval stale" in approver.get("/o/acme/risks/impact-assessments").content.decode()
    assert "Approval stale" in approver.get(f"/o/acme/risks/impact-assessments/{ia.pk}/").content.decode()

    risk = risks.create_risk(approver.membership, {"title": "Late referral", "residual_likelihood": "1",
                                                   "residual_consequence": "1", "treatment_option": "retain",
                                                   "owner": approver.membership.user.email})
    risks.accept_risk(approver.membership, risk, version=risk.version)
    risk.refresh_from_db()
    risks.update_risk(approver.membership, risk, {"treatment_plan": "Escalate after 48 h."}, version=risk.version)
    assert api.get(f"/orgs/acme/risks/{risk.pk}").json_body["acceptance"] == "stale"
    assert "Acceptance stale" in approver.get(f"/o/acme/risks/{risk.pk}/").content.decode()


@pytest.fixture
def asked(web_as):
    manager, contributor = web_as(Role.AIMS_MANAGER), web_as(Role.CONTRIBUTOR)
    r = evidence.request_evidence(manager.membership, {
        "title": "Bias test results", "assignee": contributor.membership.user.email,
        "due_date": (dt.date.today() + dt.timedelta(days=7)).isoformat()})
    report = evidence.add_link_evidence(contributor.membership, {"title": "Bias report Q3",
                                                                 "url": "https://wiki.example/bias"})
    return manager, contributor, r, report


def test_my_work_links_to_the_request_page_where_the_person_asked_fulfils_it(asked):
    manager, contributor, r, report = asked
    my_work = contributor.get("/my-work/").content.decode()
    assert "Provide the evidence asked for: ‘Bias test results’" in my_work
    assert f"/o/acme/evidence/requests/{r.pk}/" in my_work
    page = contributor.get(f"/o/acme/evidence/requests/{r.pk}/").content.decode()
    assert "Fulfil with this evidence" in page and "Cancel this request" not in page  # cancelling: approvers
    contributor.post(f"/o/acme/evidence/requests/{r.pk}/fulfil", {"evidence_id": report.pk})
    r.refresh_from_db()
    assert r.status == "fulfilled" and r.evidence_id == report.pk
    page = contributor.get(f"/o/acme/evidence/requests/{r.pk}/").content.decode()
    assert "Fulfil with this evidence" not in page and "Bias report Q3" in page
    assert "fulfilled this evidence request" in page
    assert "Bias test results" not in contributor.get("/my-work/").content.decode()


def test_an_approver_cancels_a_request_from_its_page_and_others_may_not(asked):
    manager, contributor, r, _report = asked
    assert contributor.post(f"/o/acme/evidence/requests/{r.pk}/cancel").status_code == 403
    page = manager.get(f"/o/acme/evidence/requests/{r.pk}/").content.decode()
    assert "Cancel this request" in page
    manager.post(f"/o/acme/evidence/requests/{r.pk}/cancel")
    assert EvidenceRequest.objects.get(pk=r.pk).status == "cancelled"
    page = manager.get(f"/o/acme/evidence/requests/{r.pk}/").content.decode()
    assert "Cancel this request" not in page and re.search(r"cancelled this evidence request", page)
    assert work(contributor.membership) == []
