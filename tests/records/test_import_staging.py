"""A large import is all-or-nothing for its users while it never holds the database for long (issue #14, finding 11):
its rows are written in short batches into a stage nobody else sees, then published at once with their audit events
(forty2/records/staging.py). These tests run the importer in-process with tiny batches; tests/records/
test_import_concurrent_edits.py edits from another process while an import runs."""

import contextvars

import pytest

from forty2.controls.models import JustificationLink, SoAEntry
from forty2.core import audit
from forty2.core.errors import Forty2Error
from forty2.core.models import AuditEvent
from forty2.core.spreadsheets import ImportFailed
from forty2.inventory import services as systems
from forty2.inventory.importexport import import_ai_systems
from forty2.inventory.models import AISystem
from forty2.jobs import services as jobs
from forty2.records import staging
from forty2.records.models import ImportStage
from forty2.risk.importexport import import_risks
from forty2.risk.models import Risk
from forty2.tenancy.models import Role


@pytest.fixture(autouse=True)
def small_batches(settings):
    settings.FORTY2_IMPORT_BATCH_ROWS = 5


def rows(n, **extra):
    return [{"name": f"Imported {i}", "purpose": "Imported from the old register", "_row": i + 2, **extra}
            for i in range(n)]


def seen_by_others(model=AISystem, **filters) -> int:
    """What another request sees now: a fresh context, outside the import's own."""
    return contextvars.Context().run(lambda: model.objects.filter(**filters).count())


def test_rows_stay_hidden_until_the_import_is_published_then_appear_at_once(member):
    owner = member(Role.OWNER)
    during = []

    def progress(done, total):
        during.append((done, seen_by_others(name__startswith="Imported"),
                       AISystem._base_manager.filter(name__startswith="Imported").count()))

    result = import_ai_systems(owner, rows(23), progress=progress)

    assert result.created == 23
    assert [d for d, _seen, _written in during] == [5, 10, 15, 20, 23]  # five short transactions
    assert all(seen == 0 for _d, seen, _written in during)  # nobody saw a partial import
    assert during[-1][2] == 23  # although every row was already written
    assert seen_by_others(name__startswith="Imported") == 23
    assert not ImportStage.objects.exists()
    events = AuditEvent.objects.filter(organization=owner.organization)
    assert events.filter(action="ai_system.create").count() == 23  # every row on the chain
    assert events.filter(action="ai_system.import").count() == 1
    assert all(report.ok for report in audit.verify())  # gapless and verifiable


def test_a_failure_in_the_last_batch_leaves_nothing_behind(member):
    owner = member(Role.OWNER)
    before = AuditEvent.objects.count()
    bad = rows(23)
    bad[-1]["criticality"] = "enormous"

    with pytest.raises(ImportFailed) as failed:
        import_ai_systems(owner, bad)

    assert [(p["row"], p["column"]) for p in failed.value.problems] == [(24, "criticality")]
    assert AISystem._base_manager.count() == 0  # not only hidden: removed
    assert not ImportStage.objects.exists()
    assert AuditEvent.objects.count() == before  # the staged rows' events were never appended
    assert all(report.ok for report in audit.verify())


def test_a_dry_run_counts_exactly_and_leaves_nothing(member):
    owner = member(Role.OWNER)
    result = import_ai_systems(owner, rows(12), dry_run=True)
    assert (result.created, result.dry_run) == (12, True)
    assert AISystem._base_manager.count() == 0
    assert not ImportStage.objects.exists()


def test_updates_wait_for_the_publication_and_roll_back_with_a_late_failure(member):
    owner = member(Role.OWNER)
    existing = systems.create_ai_system(owner, {"name": "Imported 0", "purpose": "Before the import"})
    changed = rows(12, purpose="After the import")
    changed[-1]["criticality"] = "enormous"

    with pytest.raises(ImportFailed):
        import_ai_systems(owner, changed, update_existing=True)
    existing.refresh_from_db()
    assert (existing.purpose, existing.version) == ("Before the import", 1)

    result = import_ai_systems(owner, changed[:-1], update_existing=True)
    existing.refresh_from_db()
    assert (result.created, result.updated, existing.purpose) == (10, 1, "After the import")
    assert all(report.ok for report in audit.verify())


def test_a_risk_imports_soa_proposals_happen_only_when_it_is_published(member):
    manager = member(Role.AIMS_MANAGER)
    risks = [{"title": f"Risk {i}", "controls": "A.6.2.6", "_row": i + 2} for i in range(8)]
    bad = [*risks, {"title": "Risk bad", "inherent_likelihood": "9", "_row": 10}]

    with pytest.raises(ImportFailed):
        import_risks(manager, bad)
    assert Risk._base_manager.count() == 0
    assert not JustificationLink.objects.filter(record_type="risk").exists()

    import_risks(manager, risks)
    entry = SoAEntry.objects.get(organization=manager.organization, ref="A.6.2.6")
    assert entry.applicable is True
    assert JustificationLink.objects.filter(entry=entry, record_type="risk").count() == 8
    assert all(report.ok for report in audit.verify())


def test_the_stage_of_a_killed_import_is_discarded_by_the_workers_sweep(member, settings):
    owner = member(Role.OWNER)
    stage = staging.open_stage(owner, "Import killed half way")
    with staging.writing(stage), audit.deferred(owner.organization):
        for data in rows(7):
            data.pop("_row")
            systems.create_ai_system(owner, data)
    assert AISystem._base_manager.count() == 7 and AISystem.objects.count() == 0

    settings.FORTY2_JOB_HEARTBEAT_TIMEOUT = 3600
    jobs.sweep()
    assert AISystem._base_manager.count() == 7  # its importer may still be alive

    ImportStage.objects.filter(pk=stage.pk).update(heartbeat_at=stage.heartbeat_at.replace(year=2000))
    jobs.sweep()
    assert AISystem._base_manager.count() == 0
    assert not ImportStage.objects.exists()
    assert all(report.ok for report in audit.verify())


def test_an_import_whose_stage_was_swept_meanwhile_fails_whole(member):
    """An importer the sweep took for dead (stalled longer than the heartbeat timeout) must not publish the rest."""
    owner = member(Role.OWNER)

    def progress(done, total):
        if done == 10:
            staging.discard(ImportStage.objects.get().pk)

    with pytest.raises(Forty2Error) as failed:
        import_ai_systems(owner, rows(23), progress=progress)
    assert failed.value.message == staging.GONE
    assert AISystem._base_manager.count() == 0
    assert all(report.ok for report in audit.verify())


def test_a_name_an_unpublished_import_holds_is_a_409_not_a_500(owner_api):
    owner = owner_api.membership
    stage = staging.open_stage(owner, "Import in progress")
    with staging.writing(stage), audit.deferred(owner.organization):
        systems.create_ai_system(owner, {"name": "Triage", "purpose": "Imported"})

    r = owner_api.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "Typed by a colleague"})

    assert r.status_code == 409
    assert r.json_body["detail"] == ("An import running now adds an AI system with this name; try again once it has "
                                     "finished.")
