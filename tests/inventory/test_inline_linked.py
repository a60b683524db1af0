"""A supplier, model or dataset added from the AI system form without leaving it (issue #15 item 5; ISO/IEC 42001
A.4.3, A.7, A.10.3): created through inventory.linked, ticked on the re-drawn form, everything typed kept; bad
inline input names its field; nothing of the system is saved until the person saves it."""

import re

import pytest

from forty2.core.models import AuditEvent
from forty2.inventory.definitions import AI_SYSTEM
from forty2.inventory.models import AIModel, AISystem, Supplier
from forty2.tenancy.models import Role
from tests.inventory.test_views_form import NEW, edit_url, form_data
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as
pytestmark = pytest.mark.django_db


def checked_ids(html: str, name: str) -> set[int]:
    return {int(v) for v in re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"[^>]*checked', html)}


@pytest.fixture
def owner(web_as):
    return web_as(Role.OWNER)


def test_adding_a_supplier_keeps_what_was_typed_and_ticks_the_new_one(owner):
    data = form_data(name="Sepsis alert", purpose="Flags sepsis risk on the wards.", geography="Ireland",
                     **{"new_suppliers-name": "MedAI GmbH", "new_suppliers-country": "Germany",
                        "add_linked": "suppliers"})
    r = owner.post(NEW, data)
    html = r.content.decode()
    supplier = Supplier.objects.get(name="MedAI GmbH")
    assert r.status_code == 200 and supplier.country == "Germany"
    assert AuditEvent.objects.filter(action="supplier.create", object_id=str(supplier.pk)).exists()
    assert checked_ids(html, "supplier_ids") == {supplier.pk}
    assert 'value="Sepsis alert"' in html and "Flags sepsis risk on the wards." in html and 'value="Ireland"' in html
    assert "added and ticked above" in html and not AISystem.objects.exists()  # the system waits for its save
    # the ticked supplier is linked when the person saves
    data = form_data(name="Sepsis alert", purpose="Flags sepsis risk on the wards.", supplier_ids=[str(supplier.pk)])
    assert owner.post(NEW, data).status_code == 302
    assert list(AISystem.objects.get(name="Sepsis alert").suppliers.all()) == [supplier]


def test_a_model_already_ticked_stays_ticked_when_another_is_added(owner):
    m = owner.membership
    system = make_system(m, "Radiology triage")
    data = form_data(system, purpose="Edited but not saved yet.", **{
        "new_models-name": "CheXNet", "new_models-model_version": "2.1", "add_linked": "models"})
    html = owner.post(edit_url(system), data).content.decode()
    model = AIModel.objects.get(name="CheXNet")
    assert model.model_version == "2.1" and checked_ids(html, "model_ids") == {model.pk}
    assert "Edited but not saved yet." in html and 'name="base"' in html
    assert f'name="version" value="{system.version}"' in html
    system.refresh_from_db()
    assert system.purpose != "Edited but not saved yet." and system.version == 1


def test_bad_inline_input_names_the_field_and_keeps_everything(owner):
    m = owner.membership
    from forty2.inventory import linked

    linked.create(Supplier, m, {"name": "MedAI GmbH"})
    data = form_data(name="Sepsis alert", geography="Ireland", **{
        "new_suppliers-name": "medai gmbh", "new_suppliers-country": "Germany", "add_linked": "suppliers"})
    html = owner.post(NEW, data).content.decode()
    assert 'id="id_new_suppliers-name_error"' in html  # the error sits next to the supplier's name
    assert 'value="medai gmbh"' in html and 'value="Germany"' in html and 'value="Ireland"' in html
    assert Supplier.objects.count() == 1
    blank = form_data(**{"new_datasets-name": "", "add_linked": "datasets"})
    html = owner.post(NEW, blank).content.decode()
    assert 'id="id_new_datasets-name_error"' in html and "required" in html


def test_with_htmx_the_page_answers_with_the_links_section_to_select(owner):
    data = form_data(**{"new_suppliers-name": "Vendor X", "add_linked": "suppliers"})
    html = owner.post(NEW, data, headers={"HX-Request": "true"}).content.decode()
    links = f"section-{len(AI_SYSTEM.fieldsets)}"  # the last fieldset, Links
    assert f'hx-select="#{links}"' in html and f'id="{links}"' in html
    assert checked_ids(html, "supplier_ids") == {Supplier.objects.get(name="Vendor X").pk}


def test_a_viewer_cannot_add_from_the_form(web_as):
    viewer = web_as(Role.VIEWER)
    r = viewer.post(NEW, form_data(**{"new_suppliers-name": "Vendor X", "add_linked": "suppliers"}))
    assert r.status_code == 403 and not Supplier.objects.exists()
