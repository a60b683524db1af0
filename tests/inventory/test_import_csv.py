"""Importing the AI system register from CSV (ISO/IEC 42001 4.1, A.4.2): every column, all-or-nothing."""

from forty2.core.models import AuditEvent
from forty2.inventory.models import AISystem
from forty2.tenancy.models import Role

from ._io import csv_bytes, linked_records, problems, run_import

HEADER = ["name", "purpose"]


def test_minimal_file_creates_systems_with_defaults_and_audit_events(member):
    owner = member(Role.OWNER)
    result = run_import(owner, csv_bytes([HEADER, ["Chatbot", "Book appointments"], ["Triage", "Prioritise"]]))
    assert (result.created, result.updated, result.imported) == (2, 0, 2)
    chatbot = AISystem.objects.get(name="Chatbot")
    assert (chatbot.lifecycle_stage, chatbot.status, chatbot.created_by) == ("inception", "proposed", owner.user)
    actions = list(AuditEvent.objects.filter(organization=owner.organization).values_list("action", flat=True))
    assert actions.count("ai_system.create") == 2
    summary = AuditEvent.objects.get(action="ai_system.import")
    assert summary.changes["created"] == 2 and summary.actor == owner.user


def test_every_column_is_read(member):
    owner = member(Role.OWNER)
    colleague = member(Role.CONTRIBUTOR, email="mei@acme.example")
    refs = linked_records(owner)
    header = ["Name", "Purpose", "Intended use", "business-owner", "technical_owner", "lifecycle_stage", "ai_roles",
              "vulnerable_groups", "automation", "personal_data", "criticality", "status", "models", "datasets",
              "suppliers", "geography"]
    row = ["Sepsis alert", "Flag sepsis", "Adult wards", "OWNER@acme.example",
           "mei@acme.example", "Operation and monitoring", "provider; Producer", "Yes", "decision_support",
           "special_category", "CRITICAL", "approved", "SepsisWatch@2.0; Nimbus-4", "EHR extract",
           "radiant imaging", "UK"]
    run_import(owner, csv_bytes([header, row]))
    s = AISystem.objects.get(name="Sepsis alert")
    assert s.intended_use == "Adult wards" and s.geography == "UK"
    assert s.business_owner == owner.user and s.technical_owner == colleague.user
    assert (s.lifecycle_stage, s.criticality, s.status) == ("operation_monitoring", "critical", "approved")
    assert s.ai_roles == ["provider", "producer"] and s.vulnerable_groups is True
    assert set(s.ai_models.all()) == {refs["gbm2"], refs["llm"]}
    assert list(s.datasets.all()) == [refs["ehr"]] and list(s.suppliers.all()) == [refs["vendor"]]
    assert s.approved_by == owner.user


def test_semicolon_delimiter_bom_quotes_and_newlines(member):
    owner = member(Role.OWNER)
    data = csv_bytes([["name", "purpose", "description"],
                      ["Summariser", "Draft; then review", 'Line one\nLine "two"']], delimiter=";", bom=True)
    run_import(owner, data)
    s = AISystem.objects.get(name="Summariser")
    assert s.purpose == "Draft; then review" and s.description == 'Line one\nLine "two"'


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(member):
    owner = member(Role.OWNER)
    data = csv_bytes([HEADER, ["A", "p"], [], ["", ""], ["B", ""]])
    found = problems(owner, data)
    assert [(p["row"], p["column"]) for p in found] == [(5, "purpose")]


def test_update_existing_changes_only_the_given_columns(member):
    owner = member(Role.OWNER)
    run_import(owner, csv_bytes([["name", "purpose", "geography"], ["Chatbot", "Book", "UK"]]))
    result = run_import(owner, csv_bytes([["name", "purpose", "criticality"], ["chatbot", "Book and move", "low"]]),
                        update_existing=True)
    assert (result.created, result.updated) == (0, 1)
    s = AISystem.objects.get()
    assert (s.name, s.purpose, s.criticality, s.geography, s.version) == ("chatbot", "Book and move", "low", "UK", 2)
    assert AuditEvent.objects.filter(action="ai_system.update", object_id=str(s.pk)).count() == 1


def test_dry_run_checks_and_saves_nothing(member):
    owner = member(Role.OWNER)
    before = AuditEvent.objects.count()
    result = run_import(owner, csv_bytes([HEADER, ["A", "p"], ["B", "p"]]), dry_run=True)
    assert result.dry_run and result.created == 2
    assert AISystem.objects.count() == 0 and AuditEvent.objects.count() == before


def test_aims_manager_may_import(member):
    manager = member(Role.AIMS_MANAGER)
    assert run_import(manager, csv_bytes([HEADER, ["A", "p"]])).created == 1
