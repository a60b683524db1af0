"""Job kinds that exist only in these tests, and the ``postgres_only`` marker's skip."""

import io
import time

import pytest
from django.db import OperationalError, connection

from forty2.core import audit
from forty2.core.errors import Forty2Error
from forty2.core.spreadsheets import ImportFailed, problem
from forty2.jobs import registry


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


def _count_lines(ctx):
    """Reads its input, reports progress per line, writes an audit event (so a rollback is visible)."""
    with ctx.open_input() as handle:
        lines = handle.read().decode().splitlines()
    for done, _line in enumerate(lines, start=1):
        ctx.progress(done, len(lines))
    audit.record("test.counted", org=ctx.job.organization, actor=ctx.membership.user, object_type="job",
                 object_id=ctx.job.pk)
    if ctx.params.get("then") == "bad_rows":
        raise ImportFailed([problem(3, "name", "Name is required."), problem(5, "criticality", "Unknown value.")])
    if ctx.params.get("then") == "refuse":
        raise Forty2Error("The register is locked for the audit.")
    if ctx.params.get("then") == "crash":
        raise RuntimeError("boom")
    return {"lines": len(lines)}


@pytest.fixture
def line_kind():
    """A registered kind ``test.count_lines`` (role action ``import_records``)."""
    kind = registry.register("test.count_lines", label="Line count", run=_count_lines, action="import_records")
    yield kind
    registry._KINDS.pop(kind.kind, None)


def text_file(text="a\nb\nc\n"):
    return io.BytesIO(text.encode())


def wait_for(condition, what: str, timeout: float = 60):
    """Poll ``condition`` until true (a bound for a stuck test, not a timing assertion). The tests' in-memory SQLite
    shares its cache between threads, where a read that meets another thread's write fails at once: poll again."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except OperationalError:
            pass
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)
