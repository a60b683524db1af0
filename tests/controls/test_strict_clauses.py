"""Strict clause checks (#19 item 1): three outcomes, evidence never passes a clause, a declared status that
contradicts its checks is a conflict that does not count, and nothing Forty2 creates by default passes."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.controls import checks, clauses, readiness
from forty2.controls.checks import Check
from forty2.controls.models import ClauseAssessment

pytestmark = pytest.mark.django_db


def _link_evidence(api, ref, valid_until=None):
    clauses.ensure_assessments(api.membership.organization)
    pk = ClauseAssessment.objects.get(organization__slug="acme", requirement__ref=ref,
                                      requirement__framework__slug="iso-iec-42001-2023").pk
    data = {"title": f"Evidence for {ref}", "url": "https://wiki.example/x", "record_type": "clause_assessment",
            "object_id": pk}
    if valid_until:
        data["valid_until"] = valid_until
    r = Client().post("/api/v1/orgs/acme/evidence", data, headers=api.headers)
    assert r.status_code == 201, r.content


def _declare(api, ref, status="conforming"):
    version = api.get(f"/orgs/acme/clause-assessments/{ref}").json_body["version"]
    r = api.patch(f"/orgs/acme/clause-assessments/{ref}", {"status": status, "version": version})
    assert r.status_code == 200, r.json_body
    return r.json_body


def test_a_fresh_organisation_passes_no_clause(acme):
    rows = clauses.clause_rows(acme)
    assert len(rows) == 32
    for row in rows:
        assert row.gaps, f"{row.ref} passes in an empty organisation"
        assert row.failing or row.reviewing
        assert row.effective_status == "not_assessed"
    # nothing Forty2 creates by default passes a check, except the "nothing is late" halves of 10.2, whose clause
    # still fails (nothing was looked for)
    passing = {r.check.code for row in rows for r in row.checks if r.ok}
    assert passing <= {"nonconformities_on_time", "nonconformities_closed_properly"}, passing


def test_evidence_alone_never_passes_a_managed_clause(owner_api, acme):
    _link_evidence(owner_api, "4.3")
    row = clauses.clause_row(acme, "4.3")
    assert row.evidence_count == 1 and all(r.outcome == "fails" for r in row.checks)
    assert row.checks[0].gap.startswith("Missing:")


def test_evidence_of_an_unmanaged_kind_needs_review_never_passes(owner_api, acme, monkeypatch):
    monkeypatch.setitem(checks.CHECKS, "9.3.3", [Check("board_minutes", "Board minutes")])
    assert clauses.clause_row(acme, "9.3.3").checks[0].outcome == "fails"
    _link_evidence(owner_api, "9.3.3", valid_until=(dt.date.today() - dt.timedelta(days=1)).isoformat())
    assert clauses.clause_row(acme, "9.3.3").checks[0].outcome == "fails"  # expired evidence is no evidence
    _link_evidence(owner_api, "9.3.3")
    body = _declare(owner_api, "9.3.3")
    result = body["checks"][0]
    assert result["outcome"] == "needs_review" and result["ok"] is False and "Needs review by a person" in result["gap"]
    assert body["effective_status"] == "needs_review" and body["status"] == "conforming" and not body["conflict"]
    groups = {g["ref"]: g["score"] for g in readiness.compute(acme)["groups"]}
    assert groups["9"] == 0  # needing review does not count as conforming


@pytest.mark.parametrize("ref", ["4.2", "4.4", "5.1", "5.3"])
def test_declared_conforming_with_nothing_behind_is_a_conflict(owner_api, acme, ref, client):
    body = _declare(owner_api, ref)
    assert body["declared_status"] == "conforming" and body["conflict"] is True
    assert body["effective_status"] == "not_conforming"
    assert all(c["fix_url"] for c in body["checks"] if not c["ok"])
    group = {g["ref"]: g["score"] for g in readiness.compute(acme)["groups"]}[ref.split(".")[0]]
    assert group == 0
    client.force_login(owner_api.membership.user)
    html = client.get(f"/o/acme/controls/clauses/{ref}/").content.decode()
    assert "Conflict: declared conforming" in html and "data-conflict" in html
    assert "Conflict: declared conforming" in client.get("/o/acme/controls/clauses/").content.decode()


def test_partial_with_a_failing_check_is_a_conflict_too(owner_api):
    body = _declare(owner_api, "4.1", "partial")
    assert body["conflict"] is True and body["effective_status"] == "not_conforming"
    body = _declare(owner_api, "4.1", "not_conforming")
    assert body["conflict"] is False and body["effective_status"] == "not_conforming"


def _all_pass(monkeypatch, refs):
    """Make every managed check of ``refs`` pass (the records they read are tested in their apps)."""
    for ref in refs:
        monkeypatch.setitem(checks.CHECKS, ref, [Check(c.code, c.label, (lambda org, ctx: True) if c.managed else None,
                                                       c.fix) for c in checks.CHECKS[ref]])


def _outcomes(org, ref):
    return {r.check.code: r.outcome for r in clauses.clause_row(org, ref).checks}


def test_4_4_composes_named_parts_each_with_its_fix(acme, monkeypatch):
    assert set(_outcomes(acme, "4.4").values()) == {"fails"}
    _all_pass(monkeypatch, ["4.3", "5.2", "5.3", "6.1.2"])
    assert set(_outcomes(acme, "4.4").values()) == {"passes"}
    monkeypatch.setitem(checks.CHECKS, "5.3", [Check("roles", "Roles", lambda org, ctx: False,
                                                     lambda org: "/o/acme/people/roles/")])
    row = clauses.clause_row(acme, "4.4")
    failed = {r.check.code: r.fix_url for r in row.failing}
    assert failed == {"roles_assigned": "/o/acme/people/roles/"}


def test_5_1_leadership_parts(acme, monkeypatch):
    _all_pass(monkeypatch, ["9.3.1", "9.3.3", "6.2"])
    outcomes = _outcomes(acme, "5.1")
    assert outcomes["top_management_at_review"] == outcomes["objectives_endorsed"] == "passes"
    assert outcomes["policy_approved_by_top_management"] == "fails"  # no AI policy approved by top management


def test_7_1_7_5_1_and_8_1_compose(acme, monkeypatch):
    _all_pass(monkeypatch, ["4.3", "6.1.2", "6.2", "7.2", "8.2", "8.4"])
    assert _outcomes(acme, "7.1") == {"system_people_resourced": "fails", "competence_defined": "passes",
                                      "objective_resources": "passes"}
    outcomes = _outcomes(acme, "7.5.1")
    assert outcomes["scope_document"] == outcomes["risk_methodology"] == outcomes["objectives_document"] == "passes"
    assert outcomes["soa_document"] == outcomes["ai_policy_document"] == "fails"
    outcomes = _outcomes(acme, "8.1")
    assert outcomes["operation_assessed"] == outcomes["risks_assessed"] == "passes"
    assert outcomes["soa_controls_implemented"] == "fails"
    # planned changes count once the planning app manages them (6.3)
    assert ("changes_controlled" in outcomes) == checks.find("6.3", "planned_changes").managed
    monkeypatch.setitem(checks.CHECKS, "6.3", [Check("planned_changes", "Changes", lambda org, ctx: False)])
    assert _outcomes(acme, "8.1")["changes_controlled"] == "fails"


def test_8_1_soa_controls_implemented(acme):
    from forty2.controls.models import ImplementationStatus, SoAEntry
    from forty2.controls.services import ensure_soa

    ensure_soa(acme)
    ctx = {"soa_approved": True, "soa_stale": False}
    assert not checks.soa_controls_implemented(acme, ctx)  # nothing decided
    SoAEntry.objects.for_org(acme).update(applicable=True, status=ImplementationStatus.IMPLEMENTED,
                                         justification="Needed.")
    assert checks.soa_controls_implemented(acme, ctx)
    assert not checks.soa_controls_implemented(acme, {"soa_approved": True, "soa_stale": True})
    SoAEntry.objects.for_org(acme).filter(pk=SoAEntry.objects.for_org(acme).first().pk).update(
        status=ImplementationStatus.PARTIAL)
    assert not checks.soa_controls_implemented(acme, ctx)


# --- documents: 7.5.2 and the AI policy approved by top management (5.1) ------------------------------------------

@pytest.fixture
def policy(member, acme):
    from forty2.documents import services
    from forty2.documents.models import DocumentKind

    author, reviewer, approver = (member(email=f"{n}@acme.example") for n in ("author", "reviewer", "approver"))
    doc = services.create_document(author, {"reference": "POL-01", "title": "AI policy", "kind": DocumentKind.AI_POLICY,
                                            "owner": author.user.email}, body="We use AI responsibly.")
    v = doc.versions.get()
    v = services.update_version(author, v, {"reviewer": reviewer.user.email}, version_number=v.version)
    v = services.submit(author, v, version_number=v.version)
    v = services.review(reviewer, v, version_number=v.version, note="Fine.")
    return {"doc": doc, "version": v, "author": author, "approver": approver, "approve": lambda who: services.approve(
        who, v, version_number=v.version)}


def test_7_5_2_approved_by_someone_other_than_its_author(acme, policy):
    from forty2.documents import checks as doc_checks
    from forty2.documents.models import DocumentVersion

    assert not doc_checks.approved_by_another(acme, {})  # nothing in force
    policy["approve"](policy["author"])  # the author may approve in the workflow, but 7.5.2 does not accept it
    assert doc_checks.approval_problems(acme) == ["POL-01 version 1 was approved by its own author."]
    DocumentVersion.objects.filter(pk=policy["version"].pk).update(approved_by=policy["approver"].user)
    assert doc_checks.approved_by_another(acme, {})
    DocumentVersion.objects.filter(pk=policy["version"].pk).update(
        approved_at=timezone.now() - dt.timedelta(days=400))
    assert "overdue for review" in doc_checks.approval_problems(acme)[0]


def test_5_1_ai_policy_approved_by_top_management(acme, policy):
    from forty2.people import checks as people_checks
    from forty2.people.models import AimsRole, Person, RoleAssignment, RoleKind

    policy["approve"](policy["approver"])
    assert not people_checks.policy_approved_by_top_management(acme, {})
    person = Person.objects.create(organization=acme, name="The CEO", user=policy["approver"].user)
    role = AimsRole.objects.create(organization=acme, name="Board", kind=RoleKind.TOP_MANAGEMENT)
    RoleAssignment.objects.create(organization=acme, role=role, person=person,
                                  start_date=timezone.localdate() + dt.timedelta(days=5))
    assert not people_checks.policy_approved_by_top_management(acme, {})  # not top management when approving
    RoleAssignment.objects.filter(person=person).update(start_date=None)
    assert people_checks.policy_approved_by_top_management(acme, {})


def test_7_1_people_for_every_in_scope_system(acme, member):
    from forty2.inventory.models import AISystem
    from forty2.people import checks as people_checks
    from forty2.people.models import AimsRole, Person, RoleAssignment, RoleKind

    assert not people_checks.systems_resourced(acme, {})  # no AI system in scope
    system = AISystem.objects.create(organization=acme, name="Triage", in_scope=True,
                                     lifecycle_stage="operation_monitoring")
    person = Person.objects.create(organization=acme, name="Owner")
    owner = AimsRole.objects.create(organization=acme, name="Owner", kind=RoleKind.AI_SYSTEM_OWNER)
    RoleAssignment.objects.create(organization=acme, role=owner, person=person, ai_system=system)
    assert not people_checks.systems_resourced(acme, {})  # in operation without an operator or overseer
    operator = AimsRole.objects.create(organization=acme, name="Operator", kind=RoleKind.AI_OPERATOR)
    RoleAssignment.objects.create(organization=acme, role=operator, person=person, ai_system=system)
    assert people_checks.systems_resourced(acme, {})
