"""A separate-process installation on this run's database (a file-based SQLite data directory, the embedded install,
or the PostgreSQL test database), and helpers to run scripts and ``forty2`` commands in it."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from tests.embedded import data_dir, forty2_env, migrated_template  # noqa: F401

PREAMBLE = """
import json, pathlib, sys, time
import django
django.setup()
from django.db import connection
from forty2.tenancy.models import Membership
owner = Membership.objects.select_related("organization", "user").get(organization__slug="acme",
                                                                      user__email="owner@acme.example")
"""

STATE = PREAMBLE + """
from forty2.core import audit
from forty2.evidence.models import Evidence
from forty2.files.models import StoredFile
from forty2.inventory.models import AISystem
from forty2.jobs.models import Job
from forty2.records.models import ImportStage
from django.conf import settings
files = pathlib.Path(settings.STORAGES["default"].get("OPTIONS", {}).get("location", "")) if settings.STORAGES[
    "default"].get("OPTIONS") else None
print(json.dumps({
    "visible": AISystem.objects.filter(name__startswith="Imported").count(),
    "written": AISystem._base_manager.filter(name__startswith="Imported").count(),
    "stages": ImportStage.objects.count(),
    "jobs": [[j.status, j.message] for j in Job.objects.order_by("pk")],
    "evidence": Evidence.objects.count(),
    "stored_files": StoredFile.objects.count(),
    "blobs": sorted(str(p) for p in files.rglob("*") if p.is_file()) if files and files.exists() else [],
    "chains_ok": all(r.ok for r in audit.verify()),
    "descriptions": sorted(AISystem.objects.filter(name="Existing").values_list("description", flat=True)),
    "added": AISystem.objects.filter(name="Added during the import").count(),
}))
"""


def wait_for(condition, what: str, timeout: float = 120):
    """Poll until ``condition()`` (a bound for a stuck test, never a timing assertion)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


@dataclass
class Site:
    env: dict
    tmp: Path

    def script(self, script: str, *args, timeout=180, **env) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", script, *map(str, args)], env={**self.env, **env},
                              capture_output=True, text=True, timeout=timeout)

    def start(self, args: list, **env) -> subprocess.Popen:
        """A process in its own session (so that killpg reaches its children), output to files."""
        out = open(self.tmp / f"proc-{time.monotonic_ns()}.log", "w")  # noqa: SIM115
        return subprocess.Popen([str(a) for a in args], env={**self.env, **env}, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def forty2(self, *args, timeout=180, **env) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "forty2.cli", *map(str, args)], env={**self.env, **env},
                              capture_output=True, text=True, timeout=timeout)

    def state(self) -> dict:
        done = self.script(STATE)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(request, tmp_path) -> Site:
    """Mark the test ``django_db(transaction=True)``: on PostgreSQL the organisation it creates must be committed
    for the other processes to see it."""
    if connection.vendor == "postgresql":
        from forty2.tenancy import services

        org = services.create_organization(slug="acme", name="Acme")
        services.add_member(org, email="owner@acme.example", role="owner")
        db = connection.settings_dict
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
        env = {**forty2_env(tmp_path), "DATABASE_URL": url}
    else:
        env = forty2_env(request.getfixturevalue("data_dir"))
    return Site(env, tmp_path)
