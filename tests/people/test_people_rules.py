"""The rules of people and role assignments (ISO/IEC 42001 5.3): dates in order, one person per e-mail address, a
member linked once, no new role for a person who left, the AI system named exactly where the role is per system."""

import pytest

from forty2.core.errors import InvalidInput
from forty2.core.models import AuditEvent
from forty2.people import services
from forty2.people.definitions import AIMS_ROLE, DEPARTMENT, PERSON, ROLE_ASSIGNMENT
from forty2.records import writes

from .conftest import days

pytestmark = pytest.mark.django_db


def _loc(err):
    return {e["loc"][-1] for e in err.value.errors}


def test_a_person_leaves_on_or_after_the_day_they_started(make):
    with pytest.raises(InvalidInput) as err:
        make.person(start_date=days(0), end_date=days(-1))
    assert _loc(err) == {"end_date"}
    person = make.person(start_date=days(-10), end_date=days(-10))
    assert person.end_date == person.start_date


def test_an_email_address_belongs_to_one_person_of_the_organisation_whatever_its_case(make, member, globex):
    make.person("Ana Silva", email="ana@acme.example")
    with pytest.raises(InvalidInput) as err:
        make.person("Ana Other", email="ANA@acme.example")
    assert _loc(err) == {"email"} and "Ana Silva" in err.value.errors[0]["msg"]
    with pytest.raises(InvalidInput):
        make.person("Bad", email="not-an-address")
    make.person("No mail")  # blank addresses never clash
    make.person("No mail either")
    other = member(email="boss@globex.example", org=globex)
    services.create(PERSON, other, {"name": "Ana in Globex", "email": "ana@acme.example"})  # another organisation


def test_a_member_is_linked_to_one_person(make, manager):
    make.person("Priya", user=manager.user.email)
    with pytest.raises(InvalidInput) as err:
        make.person("Priya again", user=manager.user.email)
    assert _loc(err) == {"user"} and "linked to one person" in err.value.errors[0]["msg"]


def test_a_person_who_left_is_given_no_new_role_but_keeps_the_ones_held(make):
    role = make.role()
    leaver = make.person("Kevin", start_date=days(-400))
    held = make.assign(role, leaver)
    leaver = services.update(PERSON, make.by, leaver, {"end_date": days(-2)}, version=leaver.version)
    with pytest.raises(InvalidInput) as err:
        make.assign(role, leaver)
    assert _loc(err) == {"person"} and "left on" in err.value.errors[0]["msg"]
    services.update(ROLE_ASSIGNMENT, make.by, held, {"end_date": days(-2)}, version=held.version)  # ending is fine
    today = make.person("Leaves today", end_date=days(0))
    make.assign(role, today)  # they still work on the day they leave
    stayer = make.person("Stayer")
    with pytest.raises(InvalidInput):  # handing an assignment over to a leaver is a new role for them
        services.update(ROLE_ASSIGNMENT, make.by, make.assign(role, stayer), {"person": leaver.pk}, version=1)


def test_the_ai_system_is_named_exactly_for_the_roles_held_per_system(make):
    owner, manager_role = make.role("AI system owner", "ai_system_owner"), make.role()
    person, system = make.person(), make.system()
    with pytest.raises(InvalidInput) as err:
        make.assign(owner, person)
    assert _loc(err) == {"ai_system"} and "per AI system" in err.value.errors[0]["msg"]
    with pytest.raises(InvalidInput) as err:
        make.assign(manager_role, person, system)
    assert _loc(err) == {"ai_system"} and "whole AIMS" in err.value.errors[0]["msg"]
    held = make.assign(owner, person, system)
    assert held.ai_system == system and AuditEvent.objects.filter(action="role_assignment.create").count() == 1
    with pytest.raises(InvalidInput) as err:
        make.assign(owner, person, system, start_date=days(0), end_date=days(-1))
    assert _loc(err) == {"end_date"}
    with pytest.raises(InvalidInput) as err:  # the kind cannot change under its assignments
        services.update(AIMS_ROLE, make.by, owner, {"kind": "risk_owner"}, version=owner.version)
    assert _loc(err) == {"kind"}


def test_references_must_be_records_of_the_same_organisation_and_live(make, member, globex):
    other = member(email="boss@globex.example", org=globex)
    their_department = services.create(DEPARTMENT, other, {"name": "Theirs"})
    with pytest.raises(InvalidInput) as err:
        make.person(department=their_department.pk)
    assert _loc(err) == {"department"}
    role = make.role()
    writes.archive(AIMS_ROLE, make.by, role)
    with pytest.raises(InvalidInput) as err:
        make.assign(role, make.person())
    assert _loc(err) == {"role"}
