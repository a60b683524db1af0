"""SIGKILL in the middle of long work leaves nothing half-done (issue #14, "Crash safety and long work, tested"):
an import (as a job on the worker, and on the command line), an export and an evidence upload, killed with kill -9
at a pause point (tests/crash/pauses), on the run's database (file-based SQLite, or PostgreSQL). Afterwards no
partial record is visible or left, no stored file without its evidence, and the job shows failed."""

import os
import signal
import sys
import threading

import pytest
import requests

from .conftest import PREAMBLE, free_port, kill_group, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CRASH = {"DJANGO_SETTINGS_MODULE": "tests.crash.crashsettings", "FORTY2_IMPORT_BATCH_ROWS": "20",
         "FORTY2_JOB_HEARTBEAT_SECONDS": "0.2", "FORTY2_JOB_HEARTBEAT_TIMEOUT": "1"}

QUEUE_IMPORT = PREAMBLE + """
import io
from forty2.inventory.jobs import start_import
lines = ["name,purpose"] + [f"Imported {i},From the old register" for i in range(300)]
job = start_import(owner, io.BytesIO("\\n".join(lines).encode()), "register.csv")
print(job.pk, job.status)
"""

TOKEN = PREAMBLE + """
from forty2.accounts.services import create_token
_token, raw = create_token(user=owner.user, organization=owner.organization)
print(raw)
"""

SYSTEMS = PREAMBLE + """
from forty2.inventory import services
for i in range(3):
    services.create_ai_system(owner, {"name": f"Kept {i}", "purpose": "Already in the register"})
"""


def serve(site, port, **env):
    return site.start([sys.executable, "-m", "forty2.cli", "serve", "--port", port, "--workers", "1",
                       "--threads", "2"], **env)


def wait_until_up(port, process):
    def up():
        assert process.poll() is None, "forty2 serve stopped"
        try:
            return requests.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=30).status_code == 200
        except requests.RequestException:
            return False

    wait_for(up, "the server to answer")


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except FileNotFoundError:
        return []


def worker_pids(serve_pid: int) -> list[int]:
    found = []
    for pid in children(serve_pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if handle.read().split(b"\0")[-2:-1] == [b"worker"]:
                    found.append(pid)
        except FileNotFoundError:
            continue
    return found


def paused(flag, where: str):
    target = flag.with_name(f"{flag.name}.{where}")
    wait_for(lambda: target.exists() and target.read_text(), f"the {where} to reach its pause point")
    return int(target.read_text())


def test_a_killed_worker_and_a_killed_server_leave_nothing_half_done(site):
    """The worker dies half way through an import job: nothing is published, the job fails, `forty2 serve` starts
    a new worker (SQLite; on PostgreSQL the next `forty2 worker`), which sweeps the import's rows. Then the whole
    server dies during an evidence upload: no evidence, no stored file; the leftover bytes are swept."""
    queued = site.script(QUEUE_IMPORT)
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.split()[-1] == "queued"
    flag, port = site.tmp / "paused", free_port()
    env = {**CRASH, "FORTY2_TEST_PAUSE": "import,upload", "FORTY2_TEST_PAUSE_FLAG": str(flag), "HOME": str(site.tmp)}
    postgres = bool(site.env.get("DATABASE_URL"))
    server = serve(site, port, **env)  # on SQLite it supervises the one worker
    workers = [site.start([sys.executable, "-m", "forty2.cli", "worker"], **env)] if postgres else []
    try:
        worker = paused(flag, "import")
        assert site.state()["written"] >= 40, site.state()  # two batches are in the database…
        assert site.state()["visible"] == 0  # …and nobody sees them
        os.kill(worker, signal.SIGKILL)
        if postgres:
            workers.append(site.start([sys.executable, "-m", "forty2.cli", "worker"], **env))
        else:
            wait_for(lambda: worker_pids(server.pid) and worker not in worker_pids(server.pid),
                     "forty2 serve to start a new worker")
        wait_for(lambda: site.state()["stages"] == 0, "the new worker to sweep the import's rows")
        state = site.state()
        assert (state["visible"], state["written"]) == (0, 0)
        assert [status for status, _message in state["jobs"]] == ["failed"]
        assert state["jobs"][0][1].startswith("The worker stopped while running this job; nothing was saved.")
        assert not (site.tmp / ".gunicorn").exists()  # no control socket shared by every gunicorn of the host

        wait_until_up(port, server)
        raw = site.script(TOKEN).stdout.split()[-1]
        answers = []

        def upload():
            try:
                answers.append(requests.post(
                    f"http://127.0.0.1:{port}/api/v1/orgs/acme/evidence", headers={"Authorization": f"Bearer {raw}"},
                    data={"title": "Penetration test report"},
                    files={"file": ("report.pdf", b"%PDF-1.4\n" + b"0" * 4096 + b"\n%%EOF\n", "application/pdf")},
                    timeout=120))
            except requests.RequestException as exc:
                answers.append(exc)

        thread = threading.Thread(target=upload, daemon=True)
        thread.start()
        paused(flag, "upload")  # the bytes are stored, the transaction is open
    finally:
        for process in (server, *workers):
            kill_group(process)  # kill -9: the server, its gunicorn and its worker
    thread.join(30)
    assert answers and isinstance(answers[0], requests.RequestException)  # the client saw the server die
    state = site.state()
    assert (state["evidence"], state["stored_files"]) == (0, 0)  # nothing listed or counted as evidence
    assert len(state["blobs"]) == 1  # only the bytes, without their record
    swept = site.forty2("worker", "--batch", **CRASH, FORTY2_ORPHAN_FILE_AGE="0")
    assert swept.returncode == 0, swept.stderr
    state = site.state()
    assert state["blobs"] == []
    assert state["chains_ok"]


def test_a_command_line_import_killed_half_way_is_swept(site):
    rows = site.tmp / "register.csv"
    rows.write_text("name,purpose\n" + "".join(f"Imported {i},From the old register\n" for i in range(300)))
    flag = site.tmp / "paused"
    importer = site.start([sys.executable, "-m", "forty2.cli", "import", "ai-systems", rows, "--org", "acme"],
                          **CRASH, FORTY2_TEST_PAUSE="cli-import", FORTY2_TEST_PAUSE_FLAG=str(flag))
    try:
        paused(flag, "cli-import")
        assert site.state()["visible"] == 0
    finally:
        kill_group(importer)
    wait_for(lambda: site.forty2("worker", "--batch", **CRASH).returncode == 0 and site.state()["stages"] == 0,
             "a worker to sweep the stage")
    state = site.state()
    assert (state["visible"], state["written"]) == (0, 0)
    assert state["chains_ok"]


def test_an_export_killed_half_way_leaves_no_file_under_its_name(site):
    assert site.script(SYSTEMS).returncode == 0
    output, flag = site.tmp / "register.csv", site.tmp / "paused"
    exporter = site.start([sys.executable, "-m", "forty2.cli", "export", "ai-systems", "--org", "acme", "-o", output],
                          **CRASH, FORTY2_TEST_PAUSE="export", FORTY2_TEST_PAUSE_FLAG=str(flag))
    try:
        paused(flag, "export")
    finally:
        kill_group(exporter)
    assert not output.exists()
    done = site.forty2("export", "ai-systems", "--org", "acme", "-o", output)
    assert done.returncode == 0, done.stderr
    assert output.read_text().count("Kept ") == 3
