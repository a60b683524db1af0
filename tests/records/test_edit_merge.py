"""Two people editing the same record: fields only one of them changed merge without a conflict screen; a
field both changed differently is offered as original / theirs / yours, the rest of the form kept; the
resolution is audited (ISO/IEC 42001 7.5.3)."""

import re

import pytest

from forty2.core.models import AuditEvent
from forty2.inventory import services
from forty2.inventory.models import AISystem
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as


def opened_form(client, system) -> dict:
    """The edit form as the browser would post it back unchanged: every input with its current value."""
    html = client.get(f"/o/acme/ai-systems/{system.pk}/edit").content.decode()
    data = {}
    for name, value in re.findall(r'<input type="(?:hidden|text|url)" name="(\w+)"[^>]*?value="([^"]*)"', html):
        data[name] = value.replace("&quot;", '"').replace("&amp;", "&").replace("&#x27;", "'")
    for name, value in re.findall(r'<input type="radio" name="(\w+)" value="([^"]*)"[^>]*checked', html):
        data[name] = value
    for name, value in re.findall(r'<textarea name="(\w+)"[^>]*>\n?([^<]*)</textarea>', html):
        data[name] = value
    for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


@pytest.fixture
def two(web_as):
    return web_as(Role.OWNER), web_as(Role.AIMS_MANAGER)


def test_different_fields_merge_without_a_conflict_screen(two):
    alice, bob = two
    system = make_system(alice.membership, "Sepsis alert", personal_data_notes="")
    bobs_form = opened_form(bob, system)
    alices_form = opened_form(alice, system)
    alices_form.update(geography="Ireland", personal_data_notes="DPIA 2026-07 approved")
    assert alice.post(f"/o/acme/ai-systems/{system.pk}/edit", alices_form).status_code == 302

    bobs_form["purpose"] = "Flags sepsis risk on the wards"
    response = bob.post(f"/o/acme/ai-systems/{system.pk}/edit", bobs_form)
    assert response.status_code == 302, response.content.decode()[:2000]
    system.refresh_from_db()
    assert system.purpose == "Flags sepsis risk on the wards"
    assert system.geography == "Ireland" and system.personal_data_notes == "DPIA 2026-07 approved"  # A's kept
    event = AuditEvent.objects.filter(action="ai_system.update").order_by("-seq").first()
    assert set(event.changes) == {"purpose", "merged"}


def test_the_same_field_changed_by_both_offers_original_theirs_and_yours(two):
    alice, bob = two
    system = make_system(alice.membership, "Chatbot", purpose="Books appointments")
    bobs_form = opened_form(bob, system)
    services.update_ai_system(alice.membership, system, {"purpose": "Books and cancels appointments",
                                                         "geography": "IE"}, version=1)
    bobs_form.update(purpose="Answers questions", business_unit="Patient services")
    page = bob.post(f"/o/acme/ai-systems/{system.pk}/edit", bobs_form)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Choose what to keep" in html
    for text in ("Books appointments", "Books and cancels appointments", "Answers questions"):
        assert text in html
    assert 'value="Patient services"' in html  # the rest of the form kept
    system.refresh_from_db()
    assert system.purpose == "Books and cancels appointments" and system.business_unit == ""

    resolved = opened_form_from(html)
    resolved["resolve_purpose"] = "theirs"
    assert bob.post(f"/o/acme/ai-systems/{system.pk}/edit", resolved).status_code == 302
    system.refresh_from_db()
    assert system.purpose == "Books and cancels appointments"
    assert system.business_unit == "Patient services" and system.geography == "IE"
    event = AuditEvent.objects.filter(action="ai_system.update").order_by("-seq").first()
    assert event.changes["conflict_resolved"] == {"purpose": "theirs"}


def test_choosing_yours_applies_your_value(two):
    alice, bob = two
    system = make_system(alice.membership, "Staffing forecast", purpose="Forecasts staffing")
    bobs_form = opened_form(bob, system)
    services.update_ai_system(alice.membership, system, {"purpose": "Forecasts nurse staffing"}, version=1)
    bobs_form["purpose"] = "Forecasts staffing per ward"
    html = bob.post(f"/o/acme/ai-systems/{system.pk}/edit", bobs_form).content.decode()
    resolved = opened_form_from(html)
    resolved["resolve_purpose"] = "yours"
    assert bob.post(f"/o/acme/ai-systems/{system.pk}/edit", resolved).status_code == 302
    assert AISystem.objects.get(pk=system.pk).purpose == "Forecasts staffing per ward"


def opened_form_from(html: str) -> dict:
    class Page:
        def __init__(self, html):
            self.content = html.encode()

    class Client:
        def get(self, url):
            return Page(html)

    return opened_form(Client(), type("S", (), {"pk": 0})())


def test_the_api_accepts_if_match_with_the_etag_instead_of_version(owner_api):
    sid = owner_api.post("/orgs/acme/ai-systems", {"name": "Coder", "purpose": "Code completion"}).json_body["id"]
    read = owner_api.client.get(f"/api/v1/orgs/acme/ai-systems/{sid}", headers=owner_api.headers)
    tag = read["ETag"]
    assert tag == f'"{sid}-1"'
    ok = owner_api.client.patch(f"/api/v1/orgs/acme/ai-systems/{sid}", data='{"geography": "IE"}',
                                content_type="application/json", headers={**owner_api.headers, "If-Match": tag})
    assert ok.status_code == 200 and ok["ETag"] == f'"{sid}-2"'
    stale = owner_api.client.patch(f"/api/v1/orgs/acme/ai-systems/{sid}", data='{"geography": "UK"}',
                                   content_type="application/json", headers={**owner_api.headers, "If-Match": tag})
    assert stale.status_code == 409 and stale.json()["fields"] == {"geography": "IE"}
    missing = owner_api.patch(f"/orgs/acme/ai-systems/{sid}", {"geography": "UK"})
    assert missing.status_code == 422 and missing.json_body["detail"][0]["loc"] == ["body", "version"]


def test_a_resolution_with_another_mistake_keeps_the_choices_and_saves_nothing(two):
    alice, bob = two
    system = make_system(alice.membership, "Billing fraud", purpose="Flags claims")
    bobs_form = opened_form(bob, system)
    services.update_ai_system(alice.membership, system, {"purpose": "Flags suspicious claims"}, version=1)
    bobs_form["purpose"] = "Flags unusual claims"
    html = bob.post(f"/o/acme/ai-systems/{system.pk}/edit", bobs_form).content.decode()
    resolved = opened_form_from(html)
    resolved.update(resolve_purpose="original", name="")  # the name may not be blank
    page = bob.post(f"/o/acme/ai-systems/{system.pk}/edit", resolved).content.decode()
    assert "Choose what to keep" in page
    assert re.search(r'name="resolve_purpose" value="original"[^>]*checked', page)
    assert AISystem.objects.get(pk=system.pk).purpose == "Flags suspicious claims"
