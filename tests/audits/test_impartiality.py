"""The impartiality check of the audit team (9.2.2 c)."""

import pytest

from forty2.audits import services
from forty2.core.errors import Conflict
from forty2.tenancy.models import Role


def test_owner_of_an_in_scope_system_is_flagged_and_needs_a_justification(audit, system, manager, member, person,
                                                                           acme, api_as):
    tech = member(Role.CONTRIBUTOR, email="tech@acme.example")
    s = system(technical_owner=tech.user.email)
    a = audit(scope_clauses=["8.1"], scope_controls=[], ai_system_ids=[s.pk])
    auditor = services.add_auditor(manager, a, person_id=person("Theo Tech", acme, user=tech.user).pk)
    assert auditor.flags and "technical owner" in auditor.flags[0] and "Radiology triage" in auditor.flags[0]
    a.refresh_from_db()
    with pytest.raises(Conflict) as e:
        services.audit_step(manager, a, "start", version=a.version)
    assert "Theo Tech" in e.value.message and "technical owner" in e.value.message
    # through the API: 409 naming who and why
    api = api_as(Role.OWNER, email="o2@acme.example")
    r = api.post(f"/orgs/acme/audits/{a.pk}/start", {"version": a.version})
    assert r.status_code == 409 and "Theo Tech" in r.json_body["detail"]
    auditor = services.update_auditor(manager, auditor, {"justification": "Audits only clause 8.1 records he "
                                                                          "did not write; a second auditor reviews."},
                                      version=auditor.version)
    a = services.audit_step(manager, a, "start", version=a.version)
    assert a.status == "in_progress"


def test_member_of_an_audited_unit_is_flagged(audit, manager, person, department, acme):
    radiology = department("Radiology", acme)
    a = audit(scope_clauses=["8.1"], scope_controls=[], unit_ids=[radiology.pk])
    auditor = services.add_auditor(manager, a, person_id=person("Rita", acme, department=radiology).pk)
    assert auditor.flags == ["Rita belongs to the audited unit ‘Radiology’."]


def test_flags_are_recomputed_when_the_scope_changes(audit, system, manager, member, person, acme):
    tech = member(Role.CONTRIBUTOR, email="tech@acme.example")
    s = system(business_owner=tech.user.email)
    a = audit(scope_clauses=["8.1"], scope_controls=[])
    auditor = services.add_auditor(manager, a, person_id=person("Theo", acme, user=tech.user).pk)
    assert auditor.flags == []
    a.refresh_from_db()
    services.update_audit(manager, a, {"ai_system_ids": [s.pk]}, version=a.version)
    auditor.refresh_from_db()
    assert auditor.flags and "business owner" in auditor.flags[0]


def test_last_editor_of_an_in_scope_system_is_flagged(audit, system, manager, person, acme):
    s = system()  # the manager created and so last edited it
    a = audit(scope_clauses=["8.1"], scope_controls=[], ai_system_ids=[s.pk])
    auditor = services.add_auditor(manager, a, person_id=person("Mia Manager", acme, user=manager.user).pk)
    assert any("last edited the AI system" in f for f in auditor.flags)
