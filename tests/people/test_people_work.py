"""My work for the members who keep the AIMS (ISO/IEC 42001 5.3, A.3.2): roles still held by people who left,
in-scope AI systems without an owner who is a person, RACI processes without exactly one Accountable role."""

import pytest

from forty2.people import raci, services, work
from forty2.people.definitions import PERSON
from forty2.tenancy.models import Role
from forty2.tenancy.work import items_for

from .conftest import days

pytestmark = pytest.mark.django_db


def test_the_keepers_see_leavers_unowned_systems_and_incomplete_raci_others_do_not(make, member):
    manager_role = make.role()
    kevin = make.person("Kevin")
    make.assign(manager_role, kevin)
    make.system("Chatbot")
    services.update(PERSON, make.by, kevin, {"end_date": days(-3)}, version=kevin.version)
    titles = [i.title for i in work.work(make.by)]
    assert any("Kevin left on" in t and "AIMS manager" in t for t in titles)
    assert "Name the AI system owner of Chatbot" in titles
    assert any("RACI matrix" in t and "18 AIMS processes" in t for t in titles)
    assert work.work(member(Role.CONTRIBUTOR)) == [] and work.work(member(Role.VIEWER)) == []
    assert any(i.kind == "people" for i in items_for([make.by]))  # registered with My work


def test_the_items_go_once_the_records_are_fixed(make):
    org = make.by.organization
    manager_role, owner_role = make.role(), make.role("AI system owner", "ai_system_owner")
    system = make.system("Chatbot")
    make.assign(owner_role, make.person("Ana"), system)
    cells = [{"process": p.key, "role": manager_role.pk, "letter": "A"} for p in raci.PROCESSES]
    raci.save(make.by, cells, version=raci.matrix(org).version)
    assert work.work(make.by) == []


def test_an_organisation_without_roles_is_not_asked_system_by_system(make):
    make.system("Chatbot")
    make.system("Triage")
    assert not [i for i in work.work(make.by) if "AI system owner" in i.title]
    make.role()
    assert len([i for i in work.work(make.by) if "AI system owner" in i.title]) == 2
