"""The register list page: search, filters, sort and pages in the URL; only the caller's organisation."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forty2.inventory import services
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as

URL = "/o/acme/ai-systems/"


def names(response) -> list[str]:
    return re.findall(r'<td class="cell-name"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


def test_empty_register_says_what_to_do_first(owner):
    html = owner.get(URL).content.decode()
    assert "The register is empty" in html
    assert "Register your first AI system" in html
    assert "Import from a spreadsheet" in html


def test_empty_register_for_a_viewer_offers_no_actions(web_as):
    html = web_as(Role.VIEWER).get(URL).content.decode()
    assert "The register is empty" in html
    assert "/o/acme/ai-systems/new" not in html and "/o/acme/ai-systems/import" not in html


def test_only_the_organisations_own_systems_are_listed(owner, member, globex):
    make_system(owner.membership, "Acme triage")
    make_system(member(Role.OWNER, globex), "Globex secret system")
    response = owner.get(URL)
    assert names(response) == ["Acme triage"]
    assert "Globex secret system" not in response.content.decode()


def test_another_organisations_slug_or_record_is_not_found(owner, member, globex):
    other = make_system(member(Role.OWNER, globex), "Globex secret system")
    assert owner.get("/o/globex/ai-systems/").status_code == 404
    assert owner.get(f"{URL}{other.pk}/").status_code == 404
    assert owner.get(f"{URL}{other.pk}/edit").status_code == 404


def test_search_matches_name_purpose_and_unit(owner):
    make_system(owner.membership, "Sepsis alert", business_unit="Critical care")
    make_system(owner.membership, "Chatbot", purpose="Answers questions about appointments.")
    assert names(owner.get(URL, {"q": "sepsis"})) == ["Sepsis alert"]
    assert names(owner.get(URL, {"q": "APPOINTMENT"})) == ["Chatbot"]
    assert names(owner.get(URL, {"q": "critical care"})) == ["Sepsis alert"]


@pytest.mark.parametrize("key, value", [
    ("lifecycle_stage", "deployment"), ("status", "under_review"), ("criticality", "high"),
    ("personal_data", "special_category"), ("automation", "fully_automated"), ("ai_role", "provider"),
])
def test_each_filter_narrows_the_list(owner, key, value):
    make_system(owner.membership, "Match", lifecycle_stage="deployment", status="under_review", criticality="high",
                personal_data="special_category", automation="fully_automated", ai_roles=["provider"])
    make_system(owner.membership, "Other", lifecycle_stage="inception", criticality="low", personal_data="none",
                automation="decision_support", ai_roles=["customer"])
    response = owner.get(URL, {key: value})
    assert names(response) == ["Match"]
    html = response.content.decode()
    assert f'<option value="{value}" selected>' in html  # the form shows the filter in force
    assert "matching your filters" in html


def test_owner_filter_matches_business_or_technical_owner(owner, member):
    sam = member(Role.CONTRIBUTOR, email="sam@acme.example")
    make_system(owner.membership, "Business-owned", business_owner="sam@acme.example")
    make_system(owner.membership, "Tech-owned", technical_owner="sam@acme.example")
    make_system(owner.membership, "Someone else's")
    assert names(owner.get(URL, {"owner": sam.user.email})) == ["Business-owned", "Tech-owned"]


def test_sort_headers_toggle_direction_and_keep_the_filters(owner):
    for name in ("Beta", "Alpha", "Gamma"):
        make_system(owner.membership, name, status="under_review")
    response = owner.get(URL, {"status": "under_review"})
    assert names(response) == ["Alpha", "Beta", "Gamma"]
    html = response.content.decode()
    name_th = re.search(r'<th scope="col" aria-sort="ascending"><a class="sort" href="([^"]+)">Name', html)
    assert name_th, "the default sort column announces its direction"
    link = name_th.group(1).replace("&amp;", "&")
    assert "status=under_review" in link and "ordering=-name" in link
    response = owner.get(URL + link)
    assert names(response) == ["Gamma", "Beta", "Alpha"]
    html = response.content.decode()
    assert re.search(r'aria-sort="descending"><a class="sort" href="[^"]*ordering=name', html)
    assert '<input type="hidden" name="ordering" value="-name">' in html  # filtering keeps the sort


def test_choice_columns_sort_in_their_natural_order(owner):
    for name, level in (("A", "critical"), ("B", "low"), ("C", "high"), ("D", "medium")):
        make_system(owner.membership, name, criticality=level)
    assert names(owner.get(URL, {"ordering": "criticality"})) == ["B", "D", "C", "A"]
    assert names(owner.get(URL, {"ordering": "-criticality"})) == ["A", "C", "D", "B"]


def test_an_unknown_sort_column_falls_back_to_the_default(owner):
    make_system(owner.membership, "Only")
    response = owner.get(URL, {"ordering": "password"})
    assert response.status_code == 200
    assert names(response) == ["Only"]


def test_pages_show_a_count_and_keep_the_filters(owner):
    for i in range(30):
        make_system(owner.membership, f"System {i:02}", criticality="high")
    response = owner.get(URL, {"criticality": "high"})
    html = response.content.decode()
    assert len(names(response)) == 25
    assert "Showing 1–25 of <strong>30</strong>" in html
    next_link = re.search(r'<a href="\?([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    assert "criticality=high" in next_link and "page=2" in next_link
    second = owner.get(URL + "?" + next_link)
    assert names(second) == [f"System {i}" for i in range(25, 30)]


def test_the_list_does_not_query_per_row(owner):
    def queries_for_list():
        with CaptureQueriesContext(connection) as ctx:
            owner.get(URL)
        return len(ctx.captured_queries)

    for i in range(3):
        make_system(owner.membership, f"System {i:02}", business_owner=owner.membership.user.email)
    few = queries_for_list()
    for i in range(3, 25):
        make_system(owner.membership, f"System {i:02}", technical_owner=owner.membership.user.email)
    assert queries_for_list() == few


def test_export_links_carry_the_current_filters(owner):
    make_system(owner.membership, "Sepsis alert", status="under_review")
    html = owner.get(URL, {"q": "sepsis", "status": "under_review", "page": "1"}).content.decode()
    links = re.findall(r'href="(/o/acme/ai-systems/export\?[^"]+)"', html)
    assert len(links) == 2
    for link, fmt in zip(links, ("csv", "xlsx"), strict=True):
        link = link.replace("&amp;", "&")
        assert "q=sepsis" in link and "status=under_review" in link and f"format={fmt}" in link
        assert "page=" not in link


@pytest.mark.parametrize("role, shown", [(Role.OWNER, True), (Role.AIMS_MANAGER, True), (Role.CONTRIBUTOR, False),
                                         (Role.VIEWER, False)])
def test_import_link_only_for_roles_that_may_import(web_as, role, shown):
    html = web_as(role).get(URL).content.decode()
    assert ('href="/o/acme/ai-systems/import"' in html) is shown


def test_archived_systems_have_their_own_view(owner):
    gone = make_system(owner.membership, "Old prototype")
    make_system(owner.membership, "Live")
    services.archive_ai_system(owner.membership, gone)
    assert names(owner.get(URL)) == ["Live"]
    archived = owner.get(URL, {"archived": "1"})
    assert names(archived) == ["Old prototype"]
    assert "Archived" in archived.content.decode()


def test_htmx_live_search_gets_only_the_results(owner):
    make_system(owner.membership, "Sepsis alert")
    response = owner.get(URL, {"q": "sepsis"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Sepsis alert" in html
    assert 'hx-swap-oob="innerHTML">1 AI system found' in html
    assert "HX-Request" in response["Vary"]
    # a history restore needs the whole page
    full = owner.get(URL, {"q": "sepsis"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in full.content.decode()
