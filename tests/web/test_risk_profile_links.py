"""The "Degree of AI integration and risk" page offers "Classify" only to people who may classify the system,
and it is highlighted under Overview, not under AI systems (it is not a page of the register)."""

import re

import pytest

from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as

PAGE = "/o/acme/risk-profile/"


@pytest.fixture
def unclassified(member):
    owner = member(Role.OWNER)
    return make_system(owner, "Bed manager", lifecycle_stage="operation_monitoring")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EXTERNAL_AUDITOR, Role.INTERNAL_AUDITOR])
def test_read_only_roles_see_not_classified_instead_of_a_link(web_as, unclassified, role):
    html = web_as(role).get(PAGE).content.decode()
    assert "Bed manager" in html
    assert "/ai-act/questionnaire" not in html and ">Classify<" not in html
    assert '<span class="muted">Not classified</span>' in html


@pytest.mark.parametrize("role", [Role.OWNER, Role.AIMS_MANAGER])
def test_editors_get_a_classify_link_naming_the_system(web_as, unclassified, role):
    html = web_as(role, email=f"{role}.2@acme.example").get(PAGE).content.decode()
    link = f'href="/o/acme/ai-systems/{unclassified.pk}/ai-act/questionnaire">Classify'
    assert link + '<span class="visually-hidden"> Bed manager</span></a>' in html


def test_a_contributor_only_classifies_systems_they_own(web_as, unclassified):
    contributor = web_as(Role.CONTRIBUTOR)
    mine = make_system(contributor.membership, "My scheduler", lifecycle_stage="deployment")
    html = contributor.get(PAGE).content.decode()
    assert f"/ai-systems/{mine.pk}/ai-act/questionnaire" in html
    assert f"/ai-systems/{unclassified.pk}/ai-act/questionnaire" not in html


def test_the_page_is_under_overview_in_the_navigation(web_as, unclassified):
    html = web_as(Role.VIEWER).get(PAGE).content.decode()
    assert re.search(r'<a href="/o/acme/"[^>]*aria-current="true">Overview</a>', html)
    assert not re.search(r'<a href="/o/acme/ai-systems/"[^>]*aria-current', html)


def test_a_read_only_role_following_an_old_link_is_told_it_may_only_read(web_as, unclassified):
    response = web_as(Role.EXTERNAL_AUDITOR).get(f"/o/acme/ai-systems/{unclassified.pk}/ai-act/questionnaire")
    assert response.status_code == 403
    assert "may read EU AI Act classifications but not change them" in response.content.decode()
