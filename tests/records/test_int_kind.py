"""The kit's whole-number kind (forty2/records/definition.py ``int``): bounds from the definition or the database,
one message naming the field, the same in the API schema, forms and import cells."""

import pytest

from forty2.core.errors import InvalidInput
from forty2.documents.definitions import DOCUMENT
from forty2.records.forms import record_form
from forty2.records.schemas import input_schemas
from forty2.records.validation import clean

pytestmark = pytest.mark.django_db


def test_bounds_and_types_are_checked_naming_the_field(acme):
    f = DOCUMENT.by_name["review_interval_months"]
    assert (f.kind, f.minimum, f.maximum) == ("int", 1, 60)
    assert clean(DOCUMENT, acme, {"review_interval_months": 12}, partial=True) == {"review_interval_months": 12}
    assert clean(DOCUMENT, acme, {"review_interval_months": " 6 "}, partial=True) == {"review_interval_months": 6}
    for bad, kind in ((0, "range"), (61, "range"), ("twelve", "int_type"), (True, "int_type"), (1.5, "int_type")):
        with pytest.raises(InvalidInput) as err:
            clean(DOCUMENT, acme, {"review_interval_months": bad}, partial=True)
        assert err.value.errors[0]["loc"][-1] == "review_interval_months" and err.value.errors[0]["type"] == kind


def test_the_api_schema_and_the_form_carry_the_same_bounds():
    create, _patch = input_schemas(DOCUMENT, "DocBoundsProbe")
    prop = create.model_json_schema()["properties"]["retention_years"]
    options = prop.get("anyOf", [prop])[0]
    assert (options["type"], options["minimum"], options["maximum"]) == ("integer", 0, 100)
    form = record_form(DOCUMENT)()
    assert (form.fields["review_interval_months"].min_value, form.fields["review_interval_months"].max_value) == (1, 60)
