"""Other people's edits go through while a large import runs, and the import stays all-or-nothing (issue #14,
finding 11: an import was one transaction; on SQLite concurrent PATCHes failed with "database is locked", on
PostgreSQL they waited minutes for the organisation's audit chain).

Two real processes on the run's database (file-based SQLite, or PostgreSQL): an importer, and a colleague who
starts editing when the import is half way and whose database gives up waiting after 3 s (SQLite busy timeout,
PostgreSQL ``lock_timeout``) — so an import that held the database, or starved other writers between its batches,
would make the edits fail. The importer publishes only once the edits are done, so they surely ran during it."""

import sys

import pytest

from .conftest import PREAMBLE, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROWS, BATCH = 800, 40

SETUP = PREAMBLE + """
from forty2.inventory import services
services.create_ai_system(owner, {"name": "Existing", "purpose": "Already in the register"})
"""

IMPORTER = PREAMBLE + """
from forty2.inventory.importexport import import_ai_systems
half_way, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
rows_count, mode = int(sys.argv[3]), sys.argv[4]
rows = [{"name": f"Imported {i}", "purpose": "From the old register", "_row": i + 2} for i in range(rows_count)]
if mode == "fail":
    rows[-1]["criticality"] = "enormous"  # a problem in the very last batch

def progress(done, total):
    if done >= total // 2 and not half_way.exists():
        half_way.touch()  # the colleague edits now, while the second half is written
    if done == total:  # the last batch is written: publish only once the colleague is done
        deadline = time.monotonic() + 120
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.05)

try:
    print(import_ai_systems(owner, rows, progress=progress).summary())
except Exception as exc:
    print(f"{type(exc).__name__}: {exc}")
    sys.exit(3)
"""

EDITOR = PREAMBLE + """
from forty2.inventory import services
from forty2.inventory.models import AISystem
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '3s'")
system = AISystem.objects.get(organization=owner.organization, name="Existing")
for i in range(5):
    system = services.update_ai_system(owner, system, {"description": f"Edit {i} during the import"},
                                       version=system.version)
services.create_ai_system(owner, {"name": "Added during the import", "purpose": "A colleague's new system"})
print("imported rows seen while the import runs:", AISystem.objects.filter(name__startswith="Imported").count())
"""


@pytest.mark.parametrize("mode", ["succeed", "fail"])
def test_edits_during_a_large_import_succeed_and_the_import_is_all_or_nothing(site, mode):
    assert site.script(SETUP).returncode == 0
    half_way, go = site.tmp / "half-way", site.tmp / "go"
    importer = site.start([sys.executable, "-c", IMPORTER, half_way, go, ROWS, mode],
                          FORTY2_IMPORT_BATCH_ROWS=str(BATCH))
    try:
        wait_for(lambda: half_way.exists() or importer.poll() is not None, "the import to get half way")
        assert importer.poll() is None, "the import ended before the edits"
        edits = site.script(EDITOR, FORTY2_SQLITE_BUSY_TIMEOUT="3")
        still_running = importer.poll() is None
    finally:
        go.touch()
    importer.wait(180)

    assert edits.returncode == 0, edits.stderr[-2000:]  # no "database is locked", no lock timeout
    assert still_running  # the edits completed while the import was still running
    assert "imported rows seen while the import runs: 0" in edits.stdout  # half an import is never visible
    state = site.state()
    assert state["descriptions"] == ["Edit 4 during the import"] and state["added"] == 1  # the edits are kept
    assert state["stages"] == 0
    assert state["chains_ok"]
    if mode == "succeed":
        assert importer.returncode == 0
        assert state["visible"] == ROWS
    else:
        assert importer.returncode == 3
        assert (state["visible"], state["written"]) == (0, 0)  # nothing visible, nothing left
