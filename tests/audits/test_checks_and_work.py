"""The clause checks 9.2.1 and 9.2.2 fail and pass on content; My work lists what waits (9.2)."""

from django.utils import timezone

from forty2.audits import checks, services, work
from forty2.controls.checks import CHECKS
from forty2.tenancy.models import Role

from .conftest import FULL


def _completed(audit, manager, owner, person, acme, **data):
    a = audit(**data)
    services.add_auditor(manager, a, person_id=person(f"Lead {a.pk}", acme).pk, role="lead")
    a = services.audit_step(manager, a, "start", version=a.version)
    for item in a.items.all():
        services.record_result(manager, item, {"result": "conforming"}, version=item.version)
    a.refresh_from_db()
    a = services.audit_step(manager, a, "report", version=a.version)
    a = services.update_audit(manager, a, {"conclusion": "Conforms.", "report": "Report."}, version=a.version)
    return a


def test_921_fails_until_an_internal_audit_is_completed_with_an_approved_report(audit, manager, owner, person,
                                                                               acme):
    assert [c.code for c in CHECKS["9.2.1"]] == ["internal_audit"]
    assert not checks.audit_done(acme, {})
    a = _completed(audit, manager, owner, person, acme, scope_clauses=["4.1"], scope_controls=[])
    a = services.audit_step(manager, a, "complete", version=a.version)
    assert not checks.audit_done(acme, {})
    assert "report is not approved" in checks.audit_problems(acme)[0]
    services.approve_report(owner, a, version=a.version)
    assert checks.audit_done(acme, {})


def test_a_certification_audit_does_not_count(audit, manager, owner, person, acme):
    a = _completed(audit, manager, owner, person, acme, kind="stage2", scope_clauses=["4.1"], scope_controls=[])
    services.approve_report(owner, a, version=a.version)
    services.audit_step(manager, a, "complete", version=a.version)
    assert not checks.audit_done(acme, {})


def test_922_needs_an_approved_active_programme_planning_full_coverage(audit, manager, owner, acme):
    assert [c.code for c in CHECKS["9.2.2"]] == ["audit_programme"]
    year = timezone.localdate().year
    p = services.create_programme(manager, {"title": "Programme", "period_start": f"{year - 1}-01-01",
                                            "period_end": f"{year + 1}-12-31"})
    assert checks.programme_problems(acme) == ["No active audit programme covers today."]
    p = services.programme_step(manager, p, "activate", version=p.version)
    assert "not approved" in checks.programme_problems(acme)[0]
    p = services.approve_programme(owner, p, version=p.version)
    problems = checks.programme_problems(acme)
    assert "do not cover" in problems[0] and "4.1" in problems[0] and "A.2" in problems[0]
    audit("Half", programme=p.pk, scope_clauses=["4.1"], scope_controls=[],
          planned_start=f"{year}-03-01", planned_end=f"{year}-03-03")
    assert "4.1," not in checks.programme_problems(acme)[0]
    audit("All", programme=p.pk, planned_start=f"{year}-06-01", planned_end=f"{year}-06-05", **FULL)
    assert checks.programme_in_place(acme, {})
    # changing the programme makes the approval stale: the check fails again
    p.refresh_from_db()
    services.update_programme(manager, p, {"frequency": "Yearly"}, version=p.version)
    assert "not approved" in checks.programme_problems(acme)[0]


def test_my_work(audit, manager, owner, person, acme, system, member):
    today = timezone.localdate()
    a = audit("Soon", owner=manager.user.email, planned_start=today.isoformat(), planned_end=today.isoformat(),
              scope_clauses=["4.1"], scope_controls=[])
    titles = [w.title for w in work.work(manager)]
    assert "Start the audit ‘Soon’" in titles
    tech = member(Role.CONTRIBUTOR, email="tech@acme.example")
    s = system(technical_owner=tech.user.email)
    a.refresh_from_db()
    services.update_audit(manager, a, {"ai_system_ids": [s.pk]}, version=a.version)
    services.add_auditor(manager, a, person_id=person("Theo", acme, user=tech.user).pk)
    assert any(t.startswith("Justify or replace the auditor Theo") for t in (w.title for w in work.work(manager)))
    b = _completed(audit, manager, owner, person, acme, title="Done", scope_clauses=["4.2"], scope_controls=[])
    assert any(w.title == "Approve the report of the audit ‘Done’" for w in work.work(owner))
    assert not any("Done" in w.title for w in work.work(manager))  # the author may not approve it
    assert b.pk
