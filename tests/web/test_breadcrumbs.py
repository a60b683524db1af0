"""One name per place: the navigation and breadcrumbs say "AI systems"; the list's heading is the
"AI system register"."""

from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as

CRUMB = '<li><a href="/o/acme/ai-systems/">AI systems</a></li>'


def test_the_list_is_called_ai_systems_in_the_breadcrumb_and_register_in_its_heading(web_as):
    html = web_as(Role.OWNER).get("/o/acme/ai-systems/").content.decode()
    assert '<li aria-current="page">AI systems</li>' in html
    assert "<h1>AI system register</h1>" in html


def test_pages_under_the_register_use_the_same_breadcrumb(web_as):
    client = web_as(Role.OWNER)
    system = make_system(client.membership, "Chatbot")
    for url in (f"/o/acme/ai-systems/{system.pk}/", f"/o/acme/ai-systems/{system.pk}/edit",
                f"/o/acme/ai-systems/{system.pk}/archive", "/o/acme/ai-systems/new", "/o/acme/ai-systems/models/",
                "/o/acme/ai-systems/import", f"/o/acme/ai-systems/{system.pk}/ai-act/"):
        html = client.get(url).content.decode()
        assert CRUMB in html, url
        assert ">AI system register</a>" not in html, url
