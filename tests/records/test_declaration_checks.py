"""Declarations are checked at start-up (``forty2 check``), as Django's admin checks a ModelAdmin: each mistake a
newcomer made adding a record type, tried once with a deliberately broken declaration or registration, is
reported with its id and the thing it names (forty2/records/checks.py; ISO/IEC 42001 7.5.2)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from forty2.api import registry as api_registry
from forty2.controls import checks as clause_checks
from forty2.core import registry
from forty2.inventory.models import AIModel, AISystem, Dataset, Supplier
from forty2.jobs import registry as jobs_registry
from forty2.records import checks, cli
from forty2.records.definition import Field, RecordType, record_types
from forty2.records.validation import clean
from forty2.risk.models import Risk
from forty2.tenancy import roles, work
from forty2.tenancy.models import Role
from forty2.web import history
from forty2.web import registry as web

HERE = __name__


@pytest.fixture
def declared(monkeypatch):
    """declared(rt) adds a record type to the installed apps' ones for the checks of this test."""
    extra = []
    monkeypatch.setattr(checks, "record_types", lambda: [*record_types(), *extra])
    return extra.append


def _found(check_id: str) -> list[str]:
    return [m.msg for m in checks.declarations() if m.id == check_id]


def test_the_project_as_shipped_passes_its_checks():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


def test_a_writable_field_missing_from_the_fieldsets_is_reported(declared):
    declared(RecordType(model=Supplier, name="vendor", label="Vendor",
                        fields=[Field("name", "Name"), Field("country", "Country")],
                        fieldsets=[("Vendor", "", ["name"])]))
    assert _found("forty2.E101") == ["Record type 'vendor': field 'country' is writable but in none of its "
                                     "fieldsets, so it is missing from the form."]
    with pytest.raises(SystemCheckError, match="forty2.E101"):  # and `forty2 check` stops on it
        call_command("check")


def test_a_field_kept_out_of_the_form_on_purpose_is_not_reported(declared):
    declared(RecordType(model=Supplier, name="vendor", label="Vendor",
                        fields=[Field("name", "Name"), Field("country", "Country", editable_in_form=False),
                                Field("contact", "Contact", read_only=True)],
                        fieldsets=[("Vendor", "", ["name"])]))
    assert _found("forty2.E101") == []


def test_a_required_person_the_model_lets_blank_is_reported(declared):
    declared(RecordType(model=Risk, name="hazard", label="Hazard",
                        fields=[Field("title", "Title", required=True), Field("owner", "Owner", required=True)]))
    [message] = _found("forty2.E102")
    assert "'hazard'" in message and "'owner'" in message and "accepts blank" in message


@pytest.mark.django_db
def test_a_required_person_left_blank_is_refused(acme):
    hazard = RecordType(model=Risk, name="hazard", label="Hazard",
                        fields=[Field("title", "Title", required=True), Field("owner", "Owner", required=True)])
    with pytest.raises(Exception) as refused:
        clean(hazard, acme, {"title": "Drift", "owner": ""})
    assert refused.value.errors == [{"loc": ["body", "owner"], "msg": "This field is required and may not be "
                                     "blank.", "type": "missing"}]


SAME_KEY_AGAIN = {
    # registry name: (its table to copy for the test, a registration of a key an app already registered)
    "dashboard panels": ((web, "DASHBOARD"), lambda: web.register_dashboard_panel(
        "my_work", "web/_dashboard_recent.html", lambda r, m: None), "'my_work'", "forty2.web.apps"),
    "portfolio figures": ((web, "PORTFOLIO"), lambda: web.register_portfolio_figures(
        "ai_systems", ("Systems",), lambda orgs: {}), "'ai_systems'", "forty2.inventory.apps"),
    "history wording": ((web, "PHRASES"), lambda: web.register_history(
        phrases={"risk.accept": "took {}"}), "phrases['risk.accept']", "forty2.risk.wording"),
    "record links": ((web, "RECORD_URLS"), lambda: web.register_record_url(
        "risk", lambda org, pk: "/"), "'risk'", "forty2.risk.apps"),
    "record page sections": ((web, "RECORD_SECTIONS"), lambda: web.register_record_section(
        "aisystem", "risks", "web/_dashboard_recent.html", lambda r, m, o: None),
        "'aisystem/risks'", "forty2.risk.apps"),
    "API routers": ((api_registry, "ROUTERS"), lambda: api_registry.register_router(
        "/orgs/", "forty2.risk.api:router"), "'forty2.risk.api:router'", "forty2.risk.apps"),
    "job kinds": ((jobs_registry, "_KINDS"), lambda: jobs_registry.register(
        "inventory.import_ai_systems", label="Mine", run=lambda ctx: {}), "'inventory.import_ai_systems'",
        "forty2.inventory"),
    "worker sweeps": ((jobs_registry, "_SWEEPS"), lambda: jobs_registry.register_sweep(
        "records.import_stages", lambda: 0), "'records.import_stages'", "forty2.records.apps"),
    "My work providers": ((work, "PROVIDERS"), lambda: work.register_work(
        "risk", lambda membership: []), "'risk'", "forty2.risk.apps"),
    "CLI import kinds": ((cli, "IMPORT_KINDS"), lambda: cli.register_kind(
        "import", type("Risks", (), {"name": "risks"})()), "'risks'", "forty2.risk.apps"),
    "clause checks": ((clause_checks, "CHECKS"), lambda: clause_checks.register(
        "6.1.2", clause_checks.Check("risk_assessment_process", "Mine")), "'6.1.2/risk_assessment_process'",
        "forty2.risk.checks"),
}


@pytest.mark.parametrize("name", SAME_KEY_AGAIN)
def test_a_key_registered_twice_is_reported_with_both_registrants(name, monkeypatch):
    (module, table), register, key, first = SAME_KEY_AGAIN[name]
    current = getattr(module, table)
    monkeypatch.setattr(module, table, {k: dict(v) if isinstance(v, dict) else v for k, v in current.items()}
                        if isinstance(current, dict) else list(current))
    if module is cli:  # register_kind writes through cli._TABLES: point it at the copy, or the fake kind stays
        monkeypatch.setitem(cli._TABLES, "import", (getattr(cli, table), cli.IMPORT_KINDS_BY))
    register()
    [message] = _found("forty2.E103")
    assert message.startswith(f"{name}: {key} is registered twice, by {first}")
    assert f"and by {HERE} (line" in message and message.endswith("the second replaced the first.")


def test_the_same_module_registering_again_is_no_clash(monkeypatch):
    """``ready()`` may run twice; a test may re-register what its module declared."""
    monkeypatch.setattr(web, "DASHBOARD", dict(web.DASHBOARD))
    for _ in range(2):
        web.register_dashboard_panel("mine", "web/_dashboard_recent.html", lambda r, m: None)
    assert _found("forty2.E103") == []


def test_a_navigation_key_hiding_another_section_is_reported(monkeypatch):
    monkeypatch.setattr(web, "NAVIGATION", dict(web.NAVIGATION))
    web.register_nav("people", "Personnel", "web:members", order=65)
    [message] = _found("forty2.E104")
    assert message.startswith("Navigation key 'people' is registered by forty2.web.apps (line")
    assert f"and by {HERE} (line" in message and "'Personnel' hides 'Members'" in message
    assert _found("forty2.E103") == []  # reported once, as the navigation clash it is


def test_history_phrases_for_a_record_type_that_does_not_exist_are_reported(monkeypatch):
    monkeypatch.setattr(web, "PHRASES", dict(web.PHRASES))
    web.register_history(phrases={"aisystem.retire": "retired {}", "meeting_minutes.create": "recorded {}"})
    found = sorted((m for m in checks.declarations() if m.id == "forty2.E105"), key=lambda m: m.msg)
    assert [m.msg.split(" (")[0] for m in found] == ["History phrase 'aisystem.retire'",
                                                      "History phrase 'meeting_minutes.create'"]
    assert "'aisystem', which is no record type" in found[0].msg and HERE in found[0].msg
    assert "'ai_system.…', not the model's" in found[0].hint  # keyed by the model name instead of rt.name


def test_a_record_type_whose_app_has_no_layer_is_reported(tmp_path, monkeypatch):
    shipped = checks.PYPROJECT.read_text(encoding="utf-8")
    without_risk = shipped.replace('    "risk",\n', "", 1)
    assert without_risk != shipped
    (tmp_path / "pyproject.toml").write_text(without_risk, encoding="utf-8")
    monkeypatch.setattr(checks, "PYPROJECT", tmp_path / "pyproject.toml")
    [message] = _found("forty2.E106")
    assert message.startswith("Record type '") and "its app 'forty2.risk' has no place in the layers" in message


def test_an_installed_copy_without_the_project_file_skips_the_layer_check(tmp_path, monkeypatch):
    monkeypatch.setattr(checks, "PYPROJECT", tmp_path / "absent.toml")
    assert _found("forty2.E106") == []


@pytest.mark.django_db
def test_a_contributor_edits_a_record_whose_declared_owner_field_names_them(member, monkeypatch):
    """The owners come from the definition, whatever the field is called (``approved_by``, not one of the
    five names the role rules once knew)."""
    contributor = member(Role.CONTRIBUTOR)
    system = AISystem(organization=contributor.organization, name="Triage", approved_by=contributor.user)
    assert not roles.can(contributor, "edit_record", system)
    stewarded = RecordType(model=AISystem, name="stewarded_system", label="System",
                           fields=[Field("name", "Name"), Field("approved_by", "Steward")])
    assert stewarded.owner_fields == ("created_by_id", "approved_by_id")
    monkeypatch.setattr(roles, "OWNER_FIELDS", dict(roles.OWNER_FIELDS))
    roles.register_owner_fields(AISystem, stewarded.owner_fields)
    assert roles.can(contributor, "edit_record", system)


def test_the_records_kit_tells_the_role_rules_each_types_owners_at_start_up():
    assert roles.OWNER_FIELDS["inventory.AISystem"] == ("created_by_id", "business_owner_id", "technical_owner_id")
    assert roles.OWNER_FIELDS["risk.Risk"] == ("created_by_id", "owner_id")
    assert roles.OWNER_FIELDS["evidence.EvidenceRequest"] == ("assignee_id",)


def test_a_field_declared_once_serves_two_record_types_unchanged():
    name = Field("name", "Name", required=True)
    models_type = RecordType(model=AIModel, name="m", label="Model", fields=[name])
    datasets_type = RecordType(model=Dataset, name="d", label="Dataset", fields=[name])
    assert name.model_field is None and name.attr == ""  # the declaration stays as written
    assert models_type.by_name["name"].model_field.model is AIModel
    assert datasets_type.by_name["name"].model_field.model is Dataset


def test_the_risk_definition_knows_how_to_load_its_links_without_its_services_patching_it():
    from forty2.risk import definitions

    assert definitions.RISK.load_links is definitions._risk_links


def test_a_sign_in_provider_and_an_ai_models_provider_read_as_themselves():
    """Two apps once registered the history label of "provider"; the second hid the first."""
    assert history.field_label("provider", AIModel, "aimodel") == "Provider"
    assert history.field_label("provider", None, "auth") == "Sign-in provider"
    assert history.field_label("provenance", None, "requirement_status") == "Mapping source"
    assert history.field_label("provenance", Dataset, "dataset") == "Provenance"


def test_registrants_are_remembered_per_key():
    assert str(web.NAVIGATION_BY.registrant("people")).startswith("forty2.web.apps (line ")
    assert any(r.name == "job kinds" for r in registry.ALL)


@pytest.mark.django_db
def test_forty2_serve_stops_at_start_up_on_a_broken_declaration(monkeypatch):
    from forty2.jobs.management.commands import serve

    def only_migrate(name, *args, **kwargs):
        assert name == "migrate", f"serve went on to {name} despite the broken declaration"
        return call_command(name, *args, **kwargs)

    monkeypatch.setattr(serve, "call_command", only_migrate)
    monkeypatch.setattr(web, "NAVIGATION", dict(web.NAVIGATION))
    web.register_nav("people", "Personnel", "web:members")
    with pytest.raises(SystemCheckError, match="forty2.E104"):
        call_command("serve", "--no-worker")


def test_two_routers_declaring_the_same_path_are_reported(monkeypatch):
    from ninja import Router

    shadowed = Router()

    @shadowed.post("{org}/risks")
    def another_create(request, org: str):
        return {}

    monkeypatch.setattr(api_registry, "ROUTERS", list(api_registry.ROUTERS))
    api_registry.register_router("/orgs/", shadowed, order=200)
    [message] = _found("forty2.E107")
    assert message.startswith("API: /api/v1/orgs/{}/risks is declared by the routers forty2.risk.api:router and ")
    assert message.endswith("POST of the second is never reached.")
