"""The layout: home page per user, login required, landmarks and navigation, role-aware sections."""

import re

from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as


def test_anonymous_visitors_are_sent_to_sign_in(client, acme):
    for url in ("/", "/o/acme/", "/o/acme/ai-systems/", "/o/acme/ai-systems/models/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_single_organisation_user_goes_straight_to_its_overview(web_as):
    client = web_as(Role.CONTRIBUTOR)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/o/acme/"


def test_multi_organisation_user_gets_a_portfolio(web_as, acme, globex, member):
    client = web_as(Role.OWNER, email="consultant@example.org")
    tenancy.add_member(globex, email="consultant@example.org", role=Role.AIMS_MANAGER)
    make_system(client.membership, "Triage", status="under_review")
    make_system(client.membership, "Chatbot")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your organisations" in html
    assert 'href="/o/acme/"' in html and 'href="/o/globex/"' in html
    acme_row = re.search(r"<tr><td><a href=\"/o/acme/\">.*?</tr>", html, re.S).group(0)
    assert re.findall(r'class="num">(\d+)<', acme_row) == ["2", "1"]


def test_pages_have_landmarks_skip_link_and_breadcrumbs(web_as):
    client = web_as(Role.OWNER)
    html = client.get("/o/acme/ai-systems/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert "<header" in html and '<main id="main"' in html and "<footer" in html
    assert '<nav class="sidenav" aria-label="Management system">' in html
    assert 'aria-label="Breadcrumb"' in html
    assert 'aria-label="Your account"' in html
    # the left navigation marks the current section
    assert re.search(r'<a href="/o/acme/ai-systems/" aria-current="page">AI systems</a>', html)


def test_another_organisation_is_not_found(web_as, globex):
    client = web_as(Role.OWNER)
    assert client.get("/o/globex/").status_code == 404
    assert client.get("/o/globex/ai-systems/").status_code == 404
    assert client.get("/o/no-such-org/ai-systems/").status_code == 404


def test_audit_log_is_for_roles_that_may_read_it(web_as):
    viewer = web_as(Role.VIEWER)
    assert viewer.get("/o/acme/audit-log/").status_code == 403
    assert "/o/acme/audit-log/" not in viewer.get("/o/acme/").content.decode()
    auditor = web_as(Role.INTERNAL_AUDITOR)
    assert auditor.get("/o/acme/audit-log/").status_code == 200
    assert "/o/acme/audit-log/" in auditor.get("/o/acme/").content.decode()


def test_not_found_page_is_friendly(web_as):
    client = web_as(Role.OWNER)
    response = client.get("/o/acme/ai-systems/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_forbidden_page_explains(web_as):
    client = web_as(Role.VIEWER)
    response = client.get("/o/acme/ai-systems/new")
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()
