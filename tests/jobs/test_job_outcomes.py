"""A job runs its kind's function and records the outcome: result, or the error report with nothing saved.

ISO/IEC 42001 7.5, 8.1; every state change is on the organisation's audit chain (forty2/core/audit.py).
"""

import pytest

from forty2.core import audit
from forty2.core.errors import PermissionDenied
from forty2.core.models import AuditEvent
from forty2.files.models import StoredFile
from forty2.jobs import services
from forty2.jobs.models import Job
from forty2.tenancy.models import Role

from .conftest import text_file


def _queue(member, then=None, role=Role.OWNER):
    return services.queue(member(role), "test.count_lines", label="Count the lines of notes.txt",
                          params={"then": then}, fileobj=text_file(), filename="notes.txt", total=3)


def test_a_job_succeeds_with_its_result_progress_and_audited_states(member, line_kind):
    job = _queue(member)
    assert (job.status, job.result, job.done, job.total) == ("succeeded", {"lines": 3}, 3, 3)
    assert job.started_at and job.finished_at and job.heartbeat_at and job.task_id
    assert job.input_file is None and not StoredFile.objects.exists()
    events = list(AuditEvent.objects.filter(action__startswith="job.").order_by("seq").values_list("action", "changes"))
    assert [a for a, _c in events] == ["job.create", "job.start", "job.succeed"]
    assert events[0][1]["file"]["name"] == "notes.txt" and events[2][1]["result"] == {"lines": 3}
    assert all(report.ok for report in audit.verify(job.organization))


def test_bad_rows_fail_the_job_with_each_problem_and_nothing_saved(member, line_kind):
    job = _queue(member, then="bad_rows")
    assert job.status == "failed" and job.result == {}
    assert [(p["row"], p["column"]) for p in job.problems] == [(3, "name"), (5, "criticality")]
    assert job.message == "2 problems found; nothing was saved."
    assert not AuditEvent.objects.filter(action="test.counted").exists()  # the run's own writes rolled back
    assert AuditEvent.objects.filter(action="job.fail").get().changes["problems"] == 2


def test_a_refusal_fails_the_job_with_its_message(member, line_kind):
    job = _queue(member, then="refuse")
    assert job.status == "failed" and job.message == "The register is locked for the audit."


def test_an_internal_error_fails_the_job_without_showing_the_traceback(member, line_kind):
    job = _queue(member, then="crash")
    job.refresh_from_db()
    assert job.status == "failed" and "internal error" in job.message and "boom" not in job.message
    assert not AuditEvent.objects.filter(action="test.counted").exists()


def test_a_role_that_may_not_start_the_kind_is_refused(member, line_kind):
    with pytest.raises(PermissionDenied):
        _queue(member, role=Role.VIEWER)
    assert not Job.objects.exists() and not StoredFile.objects.exists()
