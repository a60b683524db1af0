"""Back and Forward on the register keep the filters in step with the URL: htmx may not cache the page (it
re-fetches it), and a history-restore request gets the whole page with the filters filled in from the URL."""

import re

from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as

LIST = "/o/acme/ai-systems/"


def test_the_filter_form_opts_out_of_the_htmx_history_cache(web_as):
    html = web_as(Role.OWNER).get(LIST).content.decode()
    form = re.search(r'<form[^>]*class="filters"[^>]*>', html).group(0)
    assert 'hx-push-url="true"' in form and 'hx-history="false"' in form


def test_a_history_restore_gets_the_page_with_the_filters_of_the_url(web_as):
    client = web_as(Role.OWNER)
    make_system(client.membership, "Sepsis score", criticality="high")
    make_system(client.membership, "Chatbot", criticality="low")
    url = LIST + "?q=sep&criticality=high"
    live = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<form" not in live  # typing asks only for the results
    restored = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    html = restored.content.decode()
    assert 'id="f-q" name="q" value="sep"' in html
    assert '<option value="high" selected>High</option>' in html
    assert "Sepsis score" in html and "Chatbot" not in html
