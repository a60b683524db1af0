"""The audit log's "Action" filter is a list of the actions this organisation's log holds, in words."""

import re

from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as


def _options(html):
    select = re.search(r'<select id="f-action" name="action"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)


def test_the_action_filter_offers_the_actions_present(web_as, globex, member):
    client = web_as(Role.OWNER)
    make_system(client.membership, "Chatbot")
    make_system(member(Role.OWNER, org=globex), "Elsewhere")  # another organisation's events are not offered
    html = client.get("/o/acme/audit-log/").content.decode()
    options = _options(html)
    assert options[0] == ("", "", "Any")
    assert ("ai_system.create", "", "AI system: created") in options
    # The organisation's chain starts with its creation (issue #14, finding 5).
    assert {value for value, _, _ in options} == {"", "organization.create", "ai_system.create", "membership.create"}


def test_the_chosen_action_stays_selected_and_filters(web_as):
    client = web_as(Role.OWNER)
    system = make_system(client.membership, "Chatbot")
    html = client.get("/o/acme/audit-log/?action=ai_system.create").content.decode()
    assert ("ai_system.create", " selected", "AI system: created") in _options(html)
    assert "<strong>1</strong> event" in html and f"#{system.pk}" in html
    assert "created the AI system Chatbot" in html


def test_an_old_prefix_link_still_shows_what_it_filters_by(web_as):
    client = web_as(Role.OWNER)
    make_system(client.membership, "Chatbot")
    html = client.get("/o/acme/audit-log/?action=ai_system.").content.decode()
    assert ("ai_system.", " selected", "AI system: ") in _options(html)
    assert "<strong>1</strong> event" in html
