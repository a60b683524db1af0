"""No silent loss: a library cut short (still valid YAML) changes nothing without ``--prune`` and says what it
would remove, crosswalk rows another file brought included; with ``--prune`` the summary and the audit event
count what really went (ISO/IEC 42001 7.5.3: documented information is protected from loss)."""

import pytest

from forty2.catalog.models import Mapping, Requirement
from forty2.core.models import AuditEvent

from .conftest import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def installed(cli):
    assert cli("import", DATA / "ciso_clinic_controls.yaml").code == 0
    assert cli("import", DATA / "ciso_mapping_42001.yaml").code == 0
    return cli


def state():
    return (sorted(Requirement.objects.filter(framework__slug="clinic-controls").values_list("ref", flat=True)),
            Mapping.objects.filter(mapping_set__target__slug="clinic-controls").count(), AuditEvent.objects.count())


def test_a_truncated_library_without_prune_changes_nothing_and_lists_the_losses(installed):
    before = state()
    run = installed("import", DATA / "ciso_clinic_controls_truncated.yaml")
    assert run.code == 2
    assert state() == before
    assert "would remove: requirement clinic-controls CC-2.1" in run.err
    assert ("would remove: mapping row iso-iec-42001-2023 8.2 -> clinic-controls CC-2.1 (with its requirement)"
            in run.err)
    assert "would remove 4 requirement(s) and 3 mapping row(s); nothing was changed; re-run with --prune" in run.err
    assert "Traceback" not in run.err


def test_a_dry_run_shows_the_same_list(installed):
    before = state()
    run = installed("import", DATA / "ciso_clinic_controls_truncated.yaml", "--dry-run")
    assert run.code == 0 and state() == before
    assert "would remove: requirement clinic-controls CC-2.2" in run.out
    assert "mapping rows: 0 created, 0 updated, 3 removed" in run.out


def test_with_prune_the_summary_and_the_audit_event_count_cascaded_rows(installed):
    run = installed("import", DATA / "ciso_clinic_controls_truncated.yaml", "--prune")
    assert run.code == 0, run.err
    assert "requirements: 0 created, 0 updated, 4 removed, 2 unchanged" in run.out
    assert "mapping rows: 0 created, 0 updated, 3 removed, 0 unchanged (3 of them with their requirement" in run.out
    assert state()[:2] == (["CC-1", "CC-1.1"], 1)
    event = AuditEvent.objects.filter(action="catalog.import").latest("seq")
    assert event.changes["requirements"]["removed"] == 4
    assert event.changes["rows"]["removed"] == 3
