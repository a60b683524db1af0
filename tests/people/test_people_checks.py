"""What clauses 5.3 and A.3.2 see of the people records: content, never mere existence — a role nobody who is still
here holds, roles without responsibilities or authorities, an in-scope AI system without an owner who is a person,
a role held by someone who left, a RACI process without exactly one Accountable role."""

import pytest

from forty2.controls.checks import CHECKS
from forty2.people import checks, raci, services
from forty2.people.definitions import AIMS_ROLE, PERSON, ROLE_ASSIGNMENT
from forty2.records import writes

from .conftest import days

pytestmark = pytest.mark.django_db


def test_the_checks_are_registered_with_labels_that_say_what_is_needed():
    codes = {c.code: c.label for ref in ("5.3", "A.3.2") for c in CHECKS[ref]}
    assert "AIMS manager role" in codes["aims_manager_held"]
    assert "exactly one Accountable" in codes["raci_one_accountable"]
    assert all(c.managed for ref in ("5.3", "A.3.2") for c in CHECKS[ref])


def test_the_aims_manager_and_top_management_need_a_holder_who_has_not_left(make):
    org = make.by.organization
    role, top = make.role(), make.role("Board", "top_management")
    assert not checks.aims_manager_held(org, {})  # a role nobody holds
    priya = make.person("Priya")
    held = make.assign(role, priya, start_date=days(3))
    assert not checks.aims_manager_held(org, {})  # not started yet
    services.update(ROLE_ASSIGNMENT, make.by, held, {"start_date": days(-3)}, version=held.version)
    assert checks.aims_manager_held(org, {}) and not checks.top_management_held(org, {})
    make.assign(top, make.person("Helen"))
    assert checks.top_management_held(org, {})
    services.update(PERSON, make.by, priya, {"end_date": days(-1)}, version=priya.version)
    assert not checks.aims_manager_held(org, {})  # she left


def test_roles_in_use_need_responsibilities_and_authorities_written(make):
    org = make.by.organization
    assert not checks.roles_defined(org, {})  # nothing in use proves nothing
    bare = make.role("Data steward", "data_steward", written=False)
    assert not checks.roles_defined(org, {})
    make.assign(bare, make.person())
    assert not checks.roles_defined(org, {})
    bare = services.update(AIMS_ROLE, make.by, bare, {"responsibilities": "Keeps the data fit."},
                           version=bare.version)
    assert not checks.roles_defined(org, {})  # still no authorities
    services.update(AIMS_ROLE, make.by, bare, {"authorities": "Approves datasets."}, version=bare.version)
    assert checks.roles_defined(org, {})
    make.role("Unused", "other", written=False)
    assert checks.roles_defined(org, {})  # a role nobody holds is not in use


def test_every_in_scope_ai_system_needs_an_owner_who_is_a_person_still_here(make, manager):
    org = make.by.organization
    owner_role = make.role("AI system owner", "ai_system_owner")
    triage = make.system("Triage", business_owner=manager.user.email)
    assert not checks.systems_owned(org, {})  # the register's business owner alone does not count
    make.system("Old bot", in_scope=False, scope_note="Switched off.")
    ana = make.person("Ana")
    make.assign(owner_role, ana, triage)
    assert checks.systems_owned(org, {}) and list(checks.systems_without_owner(org)) == []
    services.update(PERSON, make.by, ana, {"end_date": days(-5)}, version=ana.version)
    assert [s.name for s in checks.systems_without_owner(org)] == ["Triage"]
    make.assign(owner_role, make.person("Ben"), triage)
    assert checks.systems_owned(org, {})


def test_no_role_may_stay_with_a_person_who_left(make):
    org = make.by.organization
    role = make.role()
    kevin = make.person("Kevin")
    held = make.assign(role, kevin)
    assert checks.no_leavers(org, {})
    kevin = services.update(PERSON, make.by, kevin, {"end_date": days(-1)}, version=kevin.version)
    assert not checks.no_leavers(org, {}) and [a.person.name for a in checks.held_by_leavers(org)] == ["Kevin"]
    services.update(ROLE_ASSIGNMENT, make.by, held, {"end_date": days(-1)}, version=held.version)
    assert not checks.no_leavers(org, {})  # nobody holds any role now: nothing to show
    make.assign(role, make.person("Successor"))
    assert checks.no_leavers(org, {})


def test_a3_2_needs_exactly_one_accountable_per_process_and_live_roles(make):
    org = make.by.organization
    assert not checks.raci_accountable(org, {}) and not checks.raci_roles_live(org, {})
    manager_role, top = make.role(), make.role("Board", "top_management")
    every = [{"process": p.key, "role": manager_role.pk, "letter": "A"} for p in raci.PROCESSES]
    raci.save(make.by, every, version=raci.matrix(org).version)
    assert checks.raci_accountable(org, {}) and checks.raci_roles_live(org, {})
    raci.save(make.by, [{"process": "policy", "role": top.pk, "letter": "A"}], version=raci.matrix(org).version)
    assert not checks.raci_accountable(org, {})  # two Accountable roles for the policy
    assert [r.problem for r in raci.rows(org) if not r.complete] == ["2 roles are Accountable; name exactly one"]
    raci.save(make.by, [{"process": "policy", "role": top.pk, "letter": "C"}], version=raci.matrix(org).version)
    assert checks.raci_accountable(org, {})
    writes.archive(AIMS_ROLE, make.by, top)
    assert not checks.raci_roles_live(org, {})
    assert any("archived role" in p for p in raci.problems(org))
