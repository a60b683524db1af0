"""A new area of the management system plugs into the shared pages by registering at start-up, without editing
a central list: navigation, overview panels, portfolio columns, history wording, API routers
(docs/architecture.md, "Registering an app")."""

import re

import pytest
from ninja import Router

from forty2.api import registry as api_registry
from forty2.core import audit
from forty2.tenancy.models import Role
from forty2.web import history
from forty2.web import registry as web
from tests.web import fixtures

web_as = fixtures.web_as


@pytest.fixture(autouse=True)
def _registries_restored(monkeypatch):
    """Each test registers into copies of the tables; the app's own registrations come back afterwards."""
    for name in ("NAVIGATION", "DASHBOARD", "PORTFOLIO", "PHRASES", "SUBJECTS", "SHORT_VERBS", "FIELD_LABELS"):
        monkeypatch.setattr(web, name, dict(getattr(web, name)))
    monkeypatch.setattr(api_registry, "ROUTERS", list(api_registry.ROUTERS))


def _nav_labels(html: str) -> list[str]:
    nav = html.split('<nav class="sidenav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_a_registered_section_joins_the_navigation_in_its_place(web_as):
    web.register_nav("risks", "Risks and impacts", "web:audit_log", action="view_audit_log", order=30)
    owner = web_as(Role.OWNER)
    labels = _nav_labels(owner.get("/o/acme/").content.decode())
    assert labels.index("AI systems") < labels.index("Risks and impacts") < labels.index("Members")
    viewer = web_as(Role.VIEWER)
    assert "Risks and impacts" not in _nav_labels(viewer.get("/o/acme/").content.decode())


def test_a_registered_panel_shows_its_data_and_one_without_data_stays_out(web_as):
    web.register_dashboard_panel("open_risks", "inventory/_dashboard_register.html",
                                 lambda request, membership: {"total": 417, "by_stage": []}, region="columns")
    web.register_dashboard_panel("hidden", "inventory/_dashboard_action.html", lambda request, membership: None,
                                 region="actions", order=99)
    page = web_as(Role.OWNER).get("/o/acme/").content.decode()
    columns = page.split('<div class="columns">', 1)[1]
    assert "417" in columns and "/o/acme/ai-systems/" in columns  # the page's context (org) reaches the panel
    assert page.count("Open the AI system register") == 1


def test_an_unknown_dashboard_region_is_refused():
    with pytest.raises(ValueError, match="region"):
        web.register_dashboard_panel("x", "web/_dashboard_recent.html", lambda r, m: {}, region="sidebar")


def test_registered_portfolio_columns_fill_every_organisation(member, acme, globex, client):
    mine = member(Role.OWNER, acme, email="consultant@example.com")
    member(Role.VIEWER, globex, email="consultant@example.com")
    web.register_portfolio_figures("risks", ("Open risks",), lambda orgs: {acme.pk: (7,)}, order=30)
    client.force_login(mine.user)
    page = client.get("/").content.decode()
    assert '<th scope="col" class="num">Open risks</th>' in page
    assert '<td class="num">7</td>' in page and '<td class="num">0</td>' in page


def test_registered_wording_makes_a_new_action_read_as_words(member, acme):
    web.register_history(phrases={"gadget.accept": "accepted the gadget {}"}, subjects={"gadget": "Gadget"},
                         short_verbs={"accept": "accepted"}, field_labels={"gadget_level": "Gadget level"})
    owner = member(Role.OWNER)
    event = audit.record("gadget.accept", org=acme, actor=owner.user, object_type="gadget", object_id=1,
                         object_repr="Model drift", changes={"gadget_level": "low"})
    assert history.event_sentence(event) == "accepted the gadget Model drift"
    assert history.action_label("gadget.accept") == "Gadget: accepted"
    assert [(row.label, row.after) for row in history.change_rows(event)] == [("Gadget level", "low")]


def test_a_router_registered_twice_is_mounted_once():
    router = Router()
    api_registry.register_router("/orgs/", router, order=40)
    api_registry.register_router("/orgs/", router, order=40)
    assert [entry.router for entry in api_registry.routers()].count(router) == 1
