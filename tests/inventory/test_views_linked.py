"""Models, datasets and suppliers pages: list, create, edit, delete (refused while in use), scoped per org."""

import re

import pytest

from forty2.inventory import linked
from forty2.inventory.models import AIModel, Dataset, Supplier
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as

BASE = "/o/acme/ai-systems"


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


@pytest.mark.parametrize("kind, label", [("models", "Models"), ("datasets", "Datasets"), ("suppliers", "Suppliers")])
def test_each_register_has_a_list_with_tabs_and_an_empty_state(owner, kind, label):
    response = owner.get(f"{BASE}/{kind}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{BASE}/{kind}/" aria-current="page">{label}</a>' in html
    assert f'<a href="{BASE}/" aria-current="page">AI systems</a>' in html  # left nav stays on AI systems
    assert f"No {label.lower()} yet" in html


def test_unknown_kind_is_not_found(owner):
    for url in ("/widgets/", "/widgets/new", "/widgets/1/", "/widgets/1/edit", "/widgets/1/delete"):
        assert owner.get(BASE + url).status_code == 404


def test_list_searches_and_counts_the_systems_using_each(owner):
    m = owner.membership
    used = linked.create(AIModel, m, {"name": "GPT-4o", "version": "1"})
    linked.create(AIModel, m, {"name": "Whisper"})
    make_system(m, "Chatbot", model_ids=[used.pk])
    make_system(m, "Coder", model_ids=[used.pk])
    html = owner.get(f"{BASE}/models/").content.decode()
    assert re.search(r'GPT-4o</a></td>.*?<td class="num">2 ', html, re.S)
    found = owner.get(f"{BASE}/models/", {"q": "whis"}).content.decode()
    assert "Whisper" in found and "GPT-4o" not in found


def test_create_a_model_then_see_it(owner):
    response = owner.post(f"{BASE}/models/new", {"name": "Sepsis-EWS", "model_version": "2.3", "provider": "Us",
                                                  "licence": "", "model_card_url": "https://example.org/card",
                                                  "description": ""})
    obj = AIModel.objects.get(name="Sepsis-EWS")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/models/{obj.pk}/"
    html = owner.get(response["Location"]).content.decode()
    assert "2.3" in html and 'href="https://example.org/card"' in html and "created" in html


def test_create_errors_keep_the_input(owner):
    response = owner.post(f"{BASE}/models/new", {"name": "", "model_version": "9", "provider": "Kept provider",
                                                  "model_card_url": "ftp://nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'value="Kept provider"' in html
    assert re.search(r'id="id_model_card_url_error">.*http\(s\) link', html)
    assert not AIModel.objects.exists()


def test_duplicate_name_is_reported_on_the_name_field(owner):
    linked.create(Dataset, owner.membership, {"name": "EHR vitals"})
    response = owner.post(f"{BASE}/datasets/new", {"name": "ehr vitals", "personal_data": "none"})
    assert re.search(r'id="id_name_error">.*already exists', response.content.decode())


def test_edit_and_stale_edit(owner, member):
    supplier = linked.create(Supplier, owner.membership, {"name": "RadiAI"})
    url = f"{BASE}/suppliers/{supplier.pk}/edit"
    assert 'name="version" value="1"' in owner.get(url).content.decode()
    post = {"name": "RadiAI GmbH", "country": "Germany", "services": "", "contact": "", "contract_reference": "",
            "version": "1"}
    assert owner.post(url, post).status_code == 302
    supplier.refresh_from_db()
    assert supplier.name == "RadiAI GmbH" and supplier.version == 2
    response = owner.post(url, {**post, "country": "Austria"})  # still version 1: someone else's change won
    assert response.status_code == 200
    html = response.content.decode()
    assert "changed by someone else" in html and 'value="Austria"' in html and 'name="version" value="2"' in html


def test_detail_lists_the_ai_systems_using_it(owner):
    data = linked.create(Dataset, owner.membership, {"name": "EHR vitals", "personal_data": "special_category"})
    system = make_system(owner.membership, "Sepsis alert", dataset_ids=[data.pk])
    html = owner.get(f"{BASE}/datasets/{data.pk}/").content.decode()
    assert "Used by 1 AI system" in html
    assert f'href="{BASE}/{system.pk}/"' in html
    assert "Special-category data" in html


def test_delete_unused_record(owner):
    supplier = linked.create(Supplier, owner.membership, {"name": "Unused Ltd"})
    url = f"{BASE}/suppliers/{supplier.pk}/delete"
    assert "Delete supplier" in owner.get(url).content.decode()
    response = owner.post(url)
    assert response.status_code == 302 and response["Location"] == f"{BASE}/suppliers/"
    assert not Supplier.objects.filter(pk=supplier.pk).exists()
    assert "deleted" in owner.get(response["Location"]).content.decode()


def test_delete_is_refused_while_systems_use_it(owner):
    model = linked.create(AIModel, owner.membership, {"name": "GPT-4o"})
    make_system(owner.membership, "Chatbot", model_ids=[model.pk])
    url = f"{BASE}/models/{model.pk}/delete"
    page = owner.get(url).content.decode()
    assert "Unlink it from that system first" in page and "Chatbot" in page
    response = owner.post(url)
    assert response.status_code == 409
    assert "still linked to AI system(s): Chatbot" in response.content.decode()
    assert AIModel.objects.filter(pk=model.pk).exists()


def test_roles(web_as, member):
    supplier = linked.create(Supplier, member(Role.OWNER, email="boss@acme.example"), {"name": "Vendor"})
    viewer = web_as(Role.VIEWER)
    assert viewer.get(f"{BASE}/suppliers/new").status_code == 403
    assert viewer.get(f"{BASE}/suppliers/{supplier.pk}/edit").status_code == 403
    assert "/edit" not in viewer.get(f"{BASE}/suppliers/{supplier.pk}/").content.decode()
    contributor = web_as(Role.CONTRIBUTOR)
    assert contributor.get(f"{BASE}/suppliers/new").status_code == 200
    assert contributor.post(f"{BASE}/suppliers/{supplier.pk}/delete").status_code == 403
    assert Supplier.objects.filter(pk=supplier.pk).exists()


def test_another_organisations_records_are_not_found(owner, member, globex):
    theirs = linked.create(AIModel, member(Role.OWNER, globex), {"name": "Globex model"})
    for suffix in ("/", "/edit", "/delete"):
        assert owner.get(f"{BASE}/models/{theirs.pk}{suffix}").status_code == 404
    assert "Globex model" not in owner.get(f"{BASE}/models/").content.decode()
