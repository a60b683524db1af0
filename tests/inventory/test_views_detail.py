"""An AI system's page: status in words, owners, dates, links to related records, history; archiving."""

import re

import pytest

from forty2.inventory import linked
from forty2.inventory.models import AIModel, AISystem, Supplier
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


def detail(system):
    return f"/o/acme/ai-systems/{system.pk}/"


def test_detail_shows_status_owner_dates_links_and_history(owner):
    m = owner.membership
    model = linked.create(AIModel, m, {"name": "GPT-4o", "version": "2024-08", "provider": "OpenAI"})
    vendor = linked.create(Supplier, m, {"name": "OpenAI"})
    system = make_system(m, "Chatbot", status="under_review", lifecycle_stage="deployment", criticality="high",
                         business_owner=m.user.email, model_ids=[model.pk], supplier_ids=[vendor.pk])
    html = owner.get(detail(system)).content.decode()
    assert re.search(r'class="badge badge--warn"[^>]*>Under review</span>', html)
    assert ">Deployment</span>" in html and ">High</span>" in html
    assert m.user.email in html
    assert re.search(r'<time datetime="[^"]+" title="\d{1,2} \w{3} \d{4}, \d\d:\d\d', html)
    assert f'href="/o/acme/ai-systems/models/{model.pk}/"' in html
    assert f'href="/o/acme/ai-systems/suppliers/{vendor.pk}/"' in html
    assert "created" in html and "History" in html
    assert f'href="/o/acme/ai-systems/{system.pk}/edit"' in html


def test_archive_asks_then_archives_and_returns_to_the_register(owner):
    system = make_system(owner.membership, "Old prototype")
    url = f"/o/acme/ai-systems/{system.pk}/archive"
    assert f'href="{url}"' in owner.get(detail(system)).content.decode()
    confirm = owner.get(url)
    assert confirm.status_code == 200 and "Archive ‘Old prototype’?" in confirm.content.decode()
    AISystem.objects.get(pk=system.pk).archived_at is None  # noqa: B015 - GET changes nothing
    response = owner.post(url)
    assert response.status_code == 302 and response["Location"] == "/o/acme/ai-systems/"
    system.refresh_from_db()
    assert system.archived_at is not None
    listing = owner.get("/o/acme/ai-systems/").content.decode()
    assert "archived" in listing and "Old prototype" in listing  # the message names it…
    assert f'href="{detail(system)}"' not in listing  # …but it is no longer in the table
    page = owner.get(detail(system)).content.decode()
    assert "was archived" in page and "/edit" not in page and url not in page
    assert owner.get(f"/o/acme/ai-systems/{system.pk}/edit").status_code == 404


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.VIEWER])
def test_only_managers_may_archive(web_as, role, member):
    system = make_system(member(Role.OWNER, email="boss@acme.example"), "Chatbot")
    client = web_as(role)
    assert "/archive" not in client.get(detail(system)).content.decode()
    assert client.post(f"/o/acme/ai-systems/{system.pk}/archive").status_code == 403
    system.refresh_from_db()
    assert system.archived_at is None


def test_archive_is_a_post_only_change(owner):
    system = make_system(owner.membership, "Chatbot")
    owner.get(f"/o/acme/ai-systems/{system.pk}/archive")
    system.refresh_from_db()
    assert system.archived_at is None
