"""The consultant's portfolio (issue #19 item 10; ISO/IEC 42001 9.1, 9.3): per organisation its phase, readiness,
stage 1 blockers, next certification date and the person's overdue items; sortable; masked where single sign-on
only refuses the session; never another person's organisations; the API gives the same rows as the page."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from forty2.accounts.services import create_token
from forty2.certification import schedule
from forty2.controls import readiness
from forty2.core import audit
from forty2.planning import plan as plans
from forty2.portfolio import service
from forty2.tenancy import services as tenancy
from forty2.tenancy import work
from forty2.tenancy.models import Membership, Role

from ..conftest import ApiClient
from .conftest import CONSULTANT, days_ago

pytestmark = pytest.mark.django_db


def page_rows(html: str) -> dict:
    """{organisation name: {phase, readiness, blockers, next, overdue}} from the portfolio table."""
    out = {}
    for row in re.findall(r"<tr><td><a href=\"/o/[\w-]+/\">.*?</tr>", html, re.S):
        name = re.search(r'<a href="[^"]+">([^<]+)</a>', row).group(1)
        cell = {k: re.sub(r"<[^>]+>", "", re.search(rf'<td class="(?:num )?{k}">(.*?)</td>', row, re.S).group(1))
                .strip() for k in ("phase", "readiness", "blockers", "next", "overdue")}
        out[name] = cell
    return out


def test_each_organisation_shows_its_phase_readiness_blockers_next_date_and_overdue(consultant, acme, globex):
    client = Client()
    client.force_login(consultant)
    html = client.get("/").content.decode()
    rows = page_rows(html)
    assert set(rows) == {"Acme", "Globex"}
    # Acme: certified, its first surveillance audit (12 months after the decision) is overdue
    due = schedule.first_surveillance_due(days_ago(400))
    assert rows["Acme"]["phase"] == "Certified"
    assert due.strftime("%-d %b %Y") in rows["Acme"]["next"] and "surveillance" in rows["Acme"]["next"].lower()
    assert int(rows["Acme"]["overdue"]) >= 1
    # Globex: planning, its plan's first phase under way, the plan's expected certification date
    expected = plans.view(globex)["expected_certification"]
    assert rows["Globex"]["phase"] == "Gap assessment"
    assert rows["Globex"]["next"] == f"{expected:%-d %b %Y} Expected certification"
    assert rows["Globex"]["overdue"] == "0"
    for org in (acme, globex):
        r = readiness.compute(org)
        assert rows[org.name]["readiness"] == f"{r['score']}%"
        assert rows[org.name]["blockers"] == str(sum(1 for i in r["stage1"] if i["state"] != "done"))
        assert int(rows[org.name]["blockers"]) > 0  # nothing done yet: every stage 1 item is open
    assert 'href="/o/acme/"' in html and 'href="/o/globex/"' in html


def test_overdue_counts_the_persons_own_overdue_work(consultant, acme):
    row = next(r for r in service.rows(consultant) if r.organization == acme)
    assert row.overdue == len(row.overdue_items) >= 1
    membership = row.membership
    expected = [i for i in work.items_for([membership]) if i.due is not None and i.due < days_ago(0)]
    assert [(i.title, i.due, i.url) for i in row.overdue_items] == [(i.title, i.due, i.url) for i in expected]
    assert all(i.organization == acme for i in expected)
    assert any(i.kind == "certification" for i in expected)


def test_figures_are_recomputed_after_any_write(consultant, acme):
    """The row is cached by the organisation's newest audit event: a change shows at once, a read reuses it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    service.rows(consultant)
    with CaptureQueriesContext(connection) as again:
        service.rows(consultant)
    before = next(r for r in service.rows(consultant) if r.organization == acme).readiness
    with CaptureQueriesContext(connection) as first:
        cache.clear()
        service.rows(consultant)
    assert len(again) < len(first) / 3  # read from the cache, not recomputed
    audit.record("test.touch", org=acme, object_type="test", object_id="1")
    with CaptureQueriesContext(connection) as after_write:
        row = next(r for r in service.rows(consultant) if r.organization == acme)
    assert len(after_write) > len(again)  # Acme's figures recomputed after its chain grew
    assert row.readiness == before


def test_sorting_by_readiness_next_date_and_overdue(consultant):
    client = Client()
    client.force_login(consultant)

    def order(sort):
        return list(page_rows(client.get(f"/?sort={sort}").content.decode()))

    assert order("name") == ["Acme", "Globex"]
    assert order("overdue") == ["Acme", "Globex"]  # Acme has overdue work, Globex none
    assert order("next_date") == ["Acme", "Globex"]  # the overdue surveillance comes before a future certification
    rows = {r.organization.name: r.readiness for r in service.rows(consultant)}
    by_score = sorted(rows, key=lambda n: (-rows[n], n))
    assert order("readiness") == by_score
    assert order("nonsense") == ["Acme", "Globex"]  # an unknown ordering falls back to the name
    html = client.get("/?sort=overdue").content.decode()
    assert 'aria-sort="descending"><a class="sort" href="?sort=overdue">Overdue' in html


def test_an_organisation_refusing_the_session_is_masked(consultant, acme, globex, settings):
    from forty2.accounts.sso_settings import oidc_apps

    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_apps({
        "FORTY2_OIDC_ISSUER": "https://login.example.com", "FORTY2_OIDC_CLIENT_ID": "forty2",
        "FORTY2_OIDC_CLIENT_SECRET": "secret", "FORTY2_OIDC_NAME": "Acme login"})}}
    owner = tenancy.add_member(acme, email="owner@acme.example", role=Role.OWNER)
    tenancy.set_sso_only(acme, required=True, signed_in_with_sso=True, actor=owner.user, actor_membership=owner)
    client = Client()
    client.force_login(consultant)
    rows = page_rows(client.get("/").content.decode())
    assert set(rows["Acme"].values()) == {"–"}
    assert rows["Globex"]["readiness"].endswith("%")
    body = client.get("/api/v1/portfolio").json()
    acme_row = next(i for i in body["items"] if i["organization"] == "acme")
    assert acme_row["masked"] is True and acme_row["readiness"] is None and acme_row["overdue"] is None
    assert acme_row["next_date"] is None and set(acme_row["figures"].values()) == {None}
    assert next(i for i in body["items"] if i["organization"] == "globex")["masked"] is False


def test_never_another_persons_organisations(consultant):
    client = Client()
    client.force_login(consultant)
    html = client.get("/").content.decode()
    assert "Initech" not in html and "/o/initech/" not in html
    assert [i["organization"] for i in client.get("/api/v1/portfolio").json()["items"]] == ["acme", "globex"]
    stranger = Membership.objects.get(organization__slug="initech").user
    assert [r.organization.slug for r in service.rows(stranger)] == ["initech"]


def test_a_token_sees_only_its_own_organisation(consultant, globex):
    _token, raw = create_token(user=consultant, organization=globex)
    body = ApiClient(raw).get("/portfolio").json_body
    assert body["count"] == 1 and [i["organization"] for i in body["items"]] == ["globex"]


def test_the_api_gives_the_same_rows_as_the_page(consultant):
    client = Client()
    client.force_login(consultant)
    rows = page_rows(client.get("/?sort=readiness").content.decode())
    body = client.get("/api/v1/portfolio?sort=readiness").json()
    assert [i["name"] for i in body["items"]] == list(rows) and body["count"] == 2
    for item in body["items"]:
        row = rows[item["name"]]
        assert f'{item["readiness"]}%' == row["readiness"]
        assert str(item["blockers"]) == row["blockers"] and str(item["overdue"]) == row["overdue"]
        assert item["phase_label"] == row["phase"]
        assert item["next_label"] in row["next"]
        assert item["url"] == f"http://testserver/o/{item['organization']}/"
        assert item["role"] == Role.AIMS_MANAGER and item["masked"] is False
        assert item["figures"]["AI systems"] == 0


def test_an_unknown_ordering_in_the_api_is_a_422_naming_the_field(consultant):
    client = Client()
    client.force_login(consultant)
    response = client.get("/api/v1/portfolio?sort=nonsense")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "sort"


def test_signed_out_callers_get_no_portfolio(consultant):
    assert Client().get("/api/v1/portfolio").status_code == 401
    assert Client().get("/")["Location"].startswith("/accounts/login")


def test_a_member_of_one_organisation_still_goes_straight_to_it(acme, member):
    client = Client()
    client.force_login(member(Role.CONTRIBUTOR).user)
    assert client.get("/")["Location"] == "/o/acme/"


def test_the_registered_columns_are_filled_once_for_all_rows(consultant, acme, globex):
    from forty2.web import registry as web

    calls = []
    web.register_portfolio_figures("probe", ("Probe",), lambda orgs: calls.append(list(orgs)) or {acme.pk: (5,)})
    rows = {r.organization.slug: r for r in service.rows(consultant)}
    assert len(calls) == 1 and {o.slug for o in calls[0]} == {"acme", "globex"}
    assert "Probe" in service.columns() and "Readiness" not in service.columns()
    labels = service.columns()
    assert rows["acme"].figures[labels.index("Probe")] == 5 and rows["globex"].figures[labels.index("Probe")] == 0
    assert CONSULTANT == rows["acme"].membership.user.email
