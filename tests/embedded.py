"""Run ``forty2`` as separate processes on a file-based SQLite data directory (the embedded install).

Used where behaviour across processes is under test (audit chain appends, shared lockout state). The fixtures
are imported by the conftest of each test directory that needs them.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from forty2.tenancy import services
org = services.create_organization(slug="acme", name="Acme")
services.add_member(org, email="owner@acme.example", role="owner")
"""

_template: dict[str, Path] = {}


def forty2_env(data_dir) -> dict:
    """The environment of an embedded install in ``data_dir``: SQLite and the database cache, whatever the test
    run itself uses."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "FORTY2_TESTING"}}
    env.update(FORTY2_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="forty2.settings", PYTHONUNBUFFERED="1")
    return env


def run_forty2(data_dir, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "forty2.cli", *args], env=forty2_env(data_dir),
                          capture_output=True, text=True, timeout=timeout)


def run_script(data_dir, script, *args, timeout=120) -> subprocess.CompletedProcess:
    """Run ``script`` in a Python of the install; Django's test Client there needs "testserver" allowed."""
    env = {**forty2_env(data_dir), "FORTY2_ALLOWED_HOSTS": "localhost,127.0.0.1,testserver"}
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A migrated embedded database with organisation ``acme`` and its owner, made once per test process."""
    if "path" not in _template:
        path = tmp_path_factory.mktemp("forty2-template")
        done = run_script(path, SETUP, timeout=300)
        assert done.returncode == 0, done.stderr
        _template["path"] = path
    return _template["path"]


@pytest.fixture
def data_dir(migrated_template, tmp_path):
    """A private copy of the migrated data directory (SQLite file, secret key)."""
    target = tmp_path / "data"
    target.mkdir()
    for item in Path(migrated_template).iterdir():
        if item.is_file():
            shutil.copy2(item, target / item.name)
    return target
