"""Every field of a record definition shows up in every face: API input and output, the form, the list filters,
import/export columns, the audit snapshot and the history wording. Adding a field is the model, its definition
line and a migration (docs/architecture.md, "Adding a record type")."""

import pytest

from forty2.inventory import importexport, schemas
from forty2.inventory.definitions import AI_SYSTEM, LINKED
from forty2.inventory.forms import AISystemForm
from forty2.records import filters, io
from forty2.records.definition import Field, RecordType
from forty2.records.forms import record_form
from forty2.records.schemas import input_schemas, output_schema
from forty2.records.writes import snapshot
from forty2.web.history import field_label


def test_every_writable_field_of_an_ai_system_is_in_each_face():
    form_fields = set(AISystemForm.base_fields)
    for f in AI_SYSTEM.writable:
        assert f.api_name in schemas.AISystemIn.model_fields, f.name
        assert f.api_name in schemas.AISystemPatch.model_fields, f.name
        assert f.out_name in schemas.AISystemOut.model_fields, f.name
        assert f.name in form_fields, f.name
        assert f.column_name in importexport.COLUMNS, f.name
        assert f.column_name in importexport.EXPORT_COLUMNS, f.name
        assert f.column_name in importexport.COLUMN_HELP, f.name
        assert field_label(f.name) != f.name, f.name  # a label a person reads, not the code
    assert set(schemas.AISystemPatch.model_fields) == {f.api_name for f in AI_SYSTEM.writable} | {"version"}


def test_filters_use_one_vocabulary_for_api_web_and_export():
    names = filters.param_names(AI_SYSTEM)
    assert {"q", "lifecycle_stage", "status", "criticality", "ai_role", "tier", "owner", "archived",
            "ordering"} <= set(names)
    assert set(names) <= set(schemas.SystemQuery.model_fields)


@pytest.mark.django_db
def test_a_new_definition_line_brings_the_field_into_every_face(acme):
    """The supplier type without its ``country`` line, then with it: that one line adds the field to the API
    schemas, the form, import/export, the audit snapshot and the list filters."""
    from forty2.inventory.models import Supplier

    def supplier_type(*extra):
        base = [Field(f.name, f.label, f.help, required=f.required) for f in LINKED["suppliers"].fields
                if f.name != "country"]
        return RecordType(model=Supplier, name="supplier", label="Supplier", unique=("name",),
                          fields=[*base, *extra])

    without = supplier_type()
    assert "country" not in input_schemas(without, "SupplierWithout")[0].model_fields
    assert "country" not in io.import_columns(without)

    extended = supplier_type(Field("country", "Country of establishment", "Where they are based (A.10.3).",
                                   filter=True))
    create, patch = input_schemas(extended, "SupplierWith")
    assert "country" in create.model_fields and "country" in patch.model_fields
    assert "country" in output_schema(extended, "SupplierWith").model_fields
    assert record_form(extended).base_fields["country"].label == "Country of establishment"
    assert "country" in io.import_columns(extended) and "country" in io.export_columns(extended)
    assert "country" in filters.param_names(extended)
    supplier = Supplier.objects.create(organization=acme, name="Vendor", country="Ireland")
    assert snapshot(extended, supplier)["country"] == "Ireland"
    assert filters.apply(extended, Supplier.objects.for_org(acme), {"country": "Ireland"}).get() == supplier
    assert not filters.apply(extended, Supplier.objects.for_org(acme), {"country": "France"}).exists()


def test_a_models_own_version_is_model_version_and_never_hidden_by_the_record_version(owner_api):
    created = owner_api.post("/orgs/acme/models", {"name": "GPT-4o", "model_version": "2024-08-06"}).json_body
    assert created["model_version"] == "2024-08-06" and created["version"] == 1
    changed = owner_api.patch(f"/orgs/acme/models/{created['id']}", {"version": 1, "model_version": "2024-11-20"})
    assert changed.status_code == 200 and changed.json_body["model_version"] == "2024-11-20"
    assert changed.json_body["version"] == 2
