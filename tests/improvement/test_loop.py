"""Closing the loop (ISO/IEC 42001 10.1, 10.2): the improvement log fed by OFI findings and closed nonconformities
(once each), clause check 10.1 on the log's content, findings on the SoA entry's and the clause's pages with the
conformity nonconforming while the nonconformity is open, and readiness counting it 0 until closed."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.controls import clauses, readiness
from forty2.controls.models import SoAEntry
from forty2.controls.services import ensure_soa
from forty2.core.models import AuditEvent
from forty2.improvement import log_checks, log_services, services
from forty2.improvement.models import Improvement, Nonconformity
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def close(nc, *, owner, verifier, runner):
    """Take ``nc`` through correction, cause, one action (owned by ``owner``) and verification by ``verifier``."""
    nc = services.correct(runner, nc, version=nc.version, correction="Assessment written for the system.")
    nc = services.analyse(runner, nc, version=nc.version, cause_method="categories", categories=["process"],
                          cause_summary="No step required it before go-live.", similar_elsewhere=False,
                          similar_note="Checked the other two systems.")
    action = services.create_action(runner, {"description": "Add the assessment to the go-live checklist",
                                             "owner": owner.user.email, "nonconformity": nc.pk,
                                             "due_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat()})
    nc.refresh_from_db()
    nc = services.start_actions(runner, nc, version=nc.version)
    services.action_step(owner, action, "done", version=action.version, outcome="Checklist updated.")
    Nonconformity.objects.filter(pk=nc.pk).update(verify_interval_days=0)
    nc.refresh_from_db()
    nc = services.submit_for_verification(runner, nc, version=nc.version)
    return services.verify(verifier, nc, version=nc.version, effective=True, note="Two go-lives since, both had it.")


@pytest.fixture
def people(member, manager):
    return {"manager": manager, "owner": member(Role.CONTRIBUTOR, email="owner@acme.example"),
            "auditor": member(Role.INTERNAL_AUDITOR, email="auditor@acme.example")}


def raise_nc(membership, ref="6.1.4", kind="major_nc", title="No impact assessment for radiology triage"):
    finding = services.raise_finding(membership, {"title": title, "kind": kind, "requirement_ref": ref,
                                                  "source": "other", "source_note": "Walkthrough"})
    return Nonconformity.objects.get(finding=finding)


# --- the automatic feed -------------------------------------------------------------------------------------------

def test_an_ofi_finding_adds_a_proposed_improvement_once(people):
    auditor = people["auditor"]  # an internal auditor may raise findings but not create records: the log still gets it
    finding = services.raise_finding(auditor, {"title": "Share the model cards with support", "kind": "ofi",
                                               "source": "other", "source_note": "Interview with support",
                                               "objective_evidence": "Support answered from memory."})
    entry = Improvement.objects.get()
    assert (entry.source, entry.status, entry.finding_id, entry.created_by) == ("opportunity", "proposed",
                                                                                finding.pk, None)
    assert "Support answered from memory." in entry.description
    assert AuditEvent.objects.filter(action="improvement.create", actor=auditor.user).exists()
    assert log_services.from_opportunity(auditor, finding) is None  # idempotent
    services.raise_finding(auditor, {"title": "Observation only", "kind": "observation", "source": "other",
                                     "source_note": "x"})
    assert Improvement.objects.count() == 1  # an observation is no opportunity


def test_closing_a_nonconformity_adds_the_lesson_learnt_once(people):
    nc = raise_nc(people["manager"])
    assert not Improvement.objects.exists()
    nc = close(nc, owner=people["owner"], verifier=people["auditor"], runner=people["manager"])
    assert nc.state == "closed"
    entry = Improvement.objects.get()
    assert entry.source == "nonconformity" and entry.nonconformity_id == nc.pk and entry.created_by is None
    assert "No step required it before go-live." in entry.description and entry.status == "proposed"
    # reopened and closed again: still one entry
    nc = services.reopen(people["auditor"], nc, version=nc.version, note="Happened again", to="analysed")
    nc = services.start_actions(people["manager"], nc, version=nc.version)
    Nonconformity.objects.filter(pk=nc.pk).update(state="verifying")
    nc.refresh_from_db()
    services.verify(people["auditor"], nc, version=nc.version, effective=True, note="Fine now.")
    assert Improvement.objects.count() == 1


# --- clause check 10.1 --------------------------------------------------------------------------------------------

def _check(org):
    return next(r for r in clauses.clause_row(org, "10.1").checks if r.check.code == "improvement_log")


def test_check_10_1_fails_until_a_person_plans_an_improvement_and_when_one_is_overdue(people, acme):
    manager = people["manager"]
    assert not _check(acme).ok  # an empty log
    services.raise_finding(people["auditor"], {"title": "Share the model cards", "kind": "ofi", "source": "other",
                                               "source_note": "x"})
    assert not _check(acme).ok  # fed automatically and untouched: nobody accepted it
    entry = Improvement.objects.get()
    entry = log_services.update_improvement(manager, entry, {"owner": manager.user.email, "due_on": (
        timezone.localdate() + dt.timedelta(days=20)).isoformat()}, version=entry.version)
    entry = log_services.improvement_step(manager, entry, "plan", version=entry.version)
    assert _check(acme).ok
    Improvement.objects.filter(pk=entry.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    assert not _check(acme).ok  # overdue
    Improvement.objects.filter(pk=entry.pk).update(due_on=timezone.localdate() + dt.timedelta(days=1))
    AuditEvent.objects.filter(action="improvement.plan").update(created_at=timezone.now() - dt.timedelta(days=400))
    assert not _check(acme).ok  # planned more than twelve months ago and not done since
    Improvement.objects.filter(pk=entry.pk).update(status="done", done_on=timezone.localdate(), benefit_seen="y")
    assert _check(acme).ok  # done within the twelve months


def test_a_proposed_entry_a_person_typed_does_not_count_until_planned(people, acme):
    manager = people["manager"]
    log_services.create_improvement(manager, {"title": "Idea", "source": "suggestion"})
    assert not _check(acme).ok
    assert log_checks.accepted_recently(acme) == 0


# --- findings on the SoA entry and the clause; conformity and readiness ---------------------------------------

def _score(org, ref):
    r = readiness.compute(org)
    return next(g["score"] for g in r["groups"] if g["ref"] == ref)


def test_clause_page_shows_the_finding_and_is_nonconforming_until_closed(people, acme, monkeypatch):
    from forty2.controls import checks

    # the declaration has its records behind it (no conflict, #19): only the nonconformity makes it not conforming
    monkeypatch.setitem(checks.CHECKS, "6.1.4", [checks.Check("impact_assessments", "Impact assessments",
                                                              lambda org, ctx: True)])
    manager = people["manager"]
    clauses.update_clause(manager, "6.1.4", {"status": "conforming"}, version=clauses.clause_row(acme, "6.1.4")
                          .assessment.version)
    before = _score(acme, "6")
    nc = raise_nc(manager)
    row = clauses.clause_row(acme, "6.1.4")
    assert row.nonconforming and row.status_value == "not_conforming" and row.assessed_value == "conforming"
    assert _score(acme, "6") < before
    client = Client()
    client.force_login(manager.user)
    page = client.get("/o/acme/controls/clauses/6.1.4/").content.decode()
    assert "No impact assessment for radiology triage" in page and "data-nonconforming" in page
    assert "Nonconforming (open nonconformity)" in page
    api = client.get("/api/v1/orgs/acme/clauses/6.1.4")
    if api.status_code == 200:
        assert api.json()["status"] == "not_conforming"
    close(nc, owner=people["owner"], verifier=people["auditor"], runner=manager)
    row = clauses.clause_row(acme, "6.1.4")
    assert not row.nonconforming and row.status_value == "conforming"
    assert _score(acme, "6") == before
    page = client.get("/o/acme/controls/clauses/6.1.4/").content.decode()
    assert "No impact assessment for radiology triage" in page and "data-nonconforming" not in page


def test_soa_entry_page_shows_the_finding_and_the_control_counts_as_not_implemented(people, acme):
    manager = people["manager"]
    ensure_soa(acme)
    SoAEntry.objects.for_org(acme).filter(ref="A.6.2.4").update(applicable=True, status="implemented",
                                                                justification="Needed")
    before = _score(acme, "A.6")
    nc = raise_nc(manager, ref="A.6.2.4", kind="minor_nc", title="Monitoring log not reviewed")
    assert _score(acme, "A.6") < before
    client = Client()
    client.force_login(manager.user)
    page = client.get("/o/acme/controls/A.6.2.4/").content.decode()
    assert "Monitoring log not reviewed" in page and "data-nonconforming" in page
    close(nc, owner=people["owner"], verifier=people["auditor"], runner=manager)
    assert _score(acme, "A.6") == before
    page = client.get("/o/acme/controls/A.6.2.4/").content.decode()
    assert "Monitoring log not reviewed" in page and "data-nonconforming" not in page


def test_the_clause_list_reads_open_nonconformities_in_one_statement(people, acme, django_assert_max_num_queries):
    manager = people["manager"]
    clauses.clause_rows(acme)
    with django_assert_max_num_queries(80) as few:
        clauses.clause_rows(acme)
    for n in range(5):
        raise_nc(manager, ref=["6.1.4", "7.5.3", "9.1", "A.6.2.4", "8.2"][n], kind="minor_nc", title=f"NC {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        clauses.clause_rows(acme)
