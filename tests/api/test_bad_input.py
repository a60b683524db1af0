"""Bad input to the API gets a 4xx naming the field and what is allowed, and saves nothing
(docs/architecture.md, "API conventions" and "Errors")."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forty2.core.models import AuditEvent
from forty2.inventory.models import AIModel, AISystem, Dataset, Supplier
from forty2.tenancy.models import Membership, Role

URL = "/orgs/acme/ai-systems"
VALID = {"name": "Sepsis alert", "purpose": "Flag sepsis"}


@pytest.fixture
def unchanged(acme):
    """Asserts, after the test, that no row and no audit event was added or changed."""
    def state():
        return ([(s.pk, s.version, s.name, s.description) for s in AISystem.objects.order_by("pk")],
                AIModel.objects.count(), Dataset.objects.count(), Supplier.objects.count(),
                AuditEvent.objects.count())

    class Snapshot:
        before = None

        def take(self):
            self.before = state()

    snap = Snapshot()
    yield snap
    if snap.before is not None:
        assert state() == snap.before, "a refused request changed the database"


def _errors(r, status=422):
    assert r.status_code == status, (r.status_code, r.content[:500])
    return r.json_body["detail"]


def _field_error(r, field):
    """The error item of ``field``; every 422 names the field as ["body", field, ...]."""
    for error in _errors(r):
        if error["loc"][:2] == ["body", field]:
            assert error["msg"]
            return error
    raise AssertionError(f"no error names {field}: {r.json_body}")


def test_malformed_json_is_422_on_the_body(owner_api, unchanged):
    unchanged.take()
    r = owner_api.post(URL, raw='{"name": "x", "purpose": ')
    errors = _errors(r)
    assert errors[0]["loc"] == ["body"]
    assert "JSON" in errors[0]["msg"]


def test_a_body_that_is_not_utf8_is_refused(owner_api, unchanged):
    unchanged.take()
    r = owner_api.post(URL, raw=b'{"name": "\xff\xfe", "purpose": "p"}')
    assert 400 <= r.status_code < 500
    assert r.json_body["detail"]


def test_a_json_array_instead_of_an_object_is_422(owner_api, unchanged):
    unchanged.take()
    r = owner_api.post(URL, raw="[1, 2]")
    assert r.status_code == 422


def test_unknown_fields_are_named(owner_api, unchanged):
    unchanged.take()
    r = owner_api.post(URL, {**VALID, "colour": "red"})
    assert _field_error(r, "colour")["type"] == "extra_forbidden"


@pytest.mark.parametrize("field,value", [
    ("name", 123), ("purpose", ["x"]), ("ai_roles", "x"), ("ai_roles", ["provider", "wizard"]),
    ("vulnerable_groups", "yes"), ("model_ids", ["a"]), ("model_ids", ["1"]), ("model_ids", [2**64]),
    ("dataset_ids", 3), ("dataset_ids", [0]), ("supplier_ids", [True]), ("supplier_ids", [1.5]),
    ("business_owner", 42),
])
def test_wrong_types_are_named(owner_api, unchanged, field, value):
    unchanged.take()
    _field_error(owner_api.post(URL, {**VALID, field: value}), field)


@pytest.mark.parametrize("field,length", [("name", 201), ("purpose", 5001), ("geography", 301)])
def test_over_long_text_is_refused_with_the_limit(owner_api, unchanged, field, length):
    unchanged.take()
    error = _field_error(owner_api.post(URL, {**VALID, field: "x" * length}), field)
    assert str(length - 1) in error["msg"]


@pytest.mark.parametrize("field,allowed", [
    ("lifecycle_stage", "design_development"), ("status", "under_review"), ("criticality", "critical"),
    ("automation", "human_in_the_loop"), ("personal_data", "special_category"),
])
def test_invalid_enum_values_list_the_allowed_ones(owner_api, unchanged, field, allowed):
    unchanged.take()
    error = _field_error(owner_api.post(URL, {**VALID, field: "live"}), field)
    assert allowed in error["msg"]


@pytest.mark.parametrize("missing", ["name", "purpose"])
def test_missing_required_fields_are_named(owner_api, unchanged, missing):
    unchanged.take()
    body = {k: v for k, v in VALID.items() if k != missing}
    assert _field_error(owner_api.post(URL, body), missing)["type"] == "missing"


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_names_are_refused(owner_api, unchanged, blank):
    unchanged.take()
    _field_error(owner_api.post(URL, {**VALID, "name": blank}), "name")


def test_duplicate_names_are_refused_whatever_the_case(owner_api, unchanged):
    owner_api.post(URL, VALID)
    unchanged.take()
    error = _field_error(owner_api.post(URL, {**VALID, "name": VALID["name"].upper()}), "name")
    assert error["type"] == "duplicate"


def test_unknown_owner_email_is_named(owner_api, unchanged):
    unchanged.take()
    error = _field_error(owner_api.post(URL, {**VALID, "business_owner": "stranger@example.com"}),
                         "business_owner")
    assert "not a member" in error["msg"]


def test_a_person_whose_access_ended_cannot_be_named_owner(owner_api, member, unchanged):
    auditor = member(Role.EXTERNAL_AUDITOR, email="auditor@cert.example")
    Membership.objects.filter(pk=auditor.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    unchanged.take()
    error = _field_error(owner_api.post(URL, {**VALID, "technical_owner": "auditor@cert.example"}), "technical_owner")
    assert "not a member" in error["msg"]


def test_all_wrong_fields_are_reported_at_once(owner_api, unchanged):
    unchanged.take()
    r = owner_api.post(URL, {"name": "x" * 201, "purpose": "p", "lifecycle_stage": "live", "criticality": "extreme"})
    named = {tuple(e["loc"][:2]) for e in _errors(r)}
    assert {("body", "name"), ("body", "lifecycle_stage"), ("body", "criticality")} <= named


def test_patch_needs_the_version_read(owner_api, unchanged):
    sid = owner_api.post(URL, VALID).json_body["id"]
    unchanged.take()
    assert _field_error(owner_api.patch(f"{URL}/{sid}", {"name": "Renamed"}), "version")["type"] == "missing"


def test_patch_with_a_stale_version_is_409_and_changes_nothing(owner_api, unchanged):
    sid = owner_api.post(URL, VALID).json_body["id"]
    owner_api.patch(f"{URL}/{sid}", {"version": 1, "description": "first"})
    unchanged.take()
    r = owner_api.patch(f"{URL}/{sid}", {"version": 1, "name": "Renamed", "description": "second"})
    assert r.status_code == 409
    assert "current is 2" in r.json_body["detail"]


def test_patch_with_one_bad_field_applies_none_of_the_good_ones(owner_api, unchanged):
    sid = owner_api.post(URL, VALID).json_body["id"]
    unchanged.take()
    r = owner_api.patch(f"{URL}/{sid}", {"version": 1, "description": "fine", "lifecycle_stage": "live"})
    _field_error(r, "lifecycle_stage")


def test_patch_may_not_blank_a_required_field(owner_api, unchanged):
    sid = owner_api.post(URL, VALID).json_body["id"]
    unchanged.take()
    _field_error(owner_api.patch(f"{URL}/{sid}", {"version": 1, "purpose": ""}), "purpose")
    _field_error(owner_api.patch(f"{URL}/{sid}", {"version": 1, "name": None}), "name")


@pytest.mark.parametrize("path,body,field", [
    ("models", {"name": "m", "model_card_url": "javascript:alert(1)"}, "model_card_url"),
    ("models", {"name": "m", "colour": "red"}, "colour"),
    ("datasets", {"name": "d", "personal_data": "maybe"}, "personal_data"),
    ("suppliers", {"name": "s" * 201}, "name"),
    ("suppliers", {"country": "NL"}, "name"),
])
def test_linked_records_name_the_bad_field(owner_api, unchanged, path, body, field):
    unchanged.take()
    _field_error(owner_api.post(f"/orgs/acme/{path}", body), field)


def test_linked_record_duplicate_name_is_refused(owner_api, unchanged):
    owner_api.post("/orgs/acme/datasets", {"name": "Admissions"})
    unchanged.take()
    _field_error(owner_api.post("/orgs/acme/datasets", {"name": "admissions"}), "name")


@pytest.mark.parametrize("path,body,field", [
    ("ai-systems", {**VALID, "name": "a\x00b"}, "name"),
    ("ai-systems", {**VALID, "business_owner": "owner\x00@acme.example"}, "business_owner"),
    ("models", {"name": "m", "provider": "x\x00"}, "provider"),
    ("datasets", {"name": "d\x00"}, "name"),
    ("suppliers", {"name": "s", "contact": "\x00"}, "contact"),
])
def test_nul_characters_are_refused_not_a_server_error(owner_api, unchanged, path, body, field):
    """PostgreSQL cannot store NUL in text; SQLite would. Either way it is bad input, named."""
    unchanged.take()
    _field_error(owner_api.post(f"/orgs/acme/{path}", body), field)


@pytest.mark.parametrize("query", ["ai-systems?q=%00", "ai-systems?owner=%00", "ai-systems?status=%00",
                                   "models?q=%00", "audit-events?action=%00"])
def test_nul_characters_in_filters_are_refused(owner_api, query):
    r = owner_api.get(f"/orgs/acme/{query}")
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"][0] == "query"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
FIELDS = st.sampled_from(["name", "purpose", "lifecycle_stage", "ai_roles", "vulnerable_groups", "model_ids",
                          "business_owner", "status", "criticality", "geography", "version", "x"])
BODIES = JSON | st.dictionaries(FIELDS, JSON, max_size=6) | st.fixed_dictionaries(
    {"name": st.text(max_size=250), "purpose": st.text(max_size=50)},
    optional={"ai_roles": JSON, "model_ids": JSON, "lifecycle_stage": st.text(max_size=20), "status": JSON})


@settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES, path=st.sampled_from(["ai-systems", "ai-systems", "models", "datasets", "suppliers"]))
def test_no_json_body_gives_a_server_error(owner_api, body, path):
    r = owner_api.post(f"/orgs/acme/{path}", raw=json.dumps(body))
    assert r.status_code < 500, (body, r.content[:300])
    assert r.status_code in (201, 422), (body, r.status_code, r.json_body)
