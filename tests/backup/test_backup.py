"""``forty2 backup``, ``backup verify`` and ``restore`` as separate processes on real installations (issue #20,
item 5): a restored installation holds the same rows and files and its audit chain verifies; a changed byte, a cut
archive, a non-empty target and a backup killed half-way are all refused with a message naming what is wrong."""

import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from forty2.backup.archive import read_manifest
from tests.embedded import forty2_env

pytestmark = pytest.mark.slow

SOURCE_SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
"""


def forty2(data_dir, *args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "forty2.cli", *map(str, args)],
                          env={**forty2_env(data_dir), **(env or {})}, capture_output=True, text=True,
                          timeout=timeout)


RUN_COMMANDS = """
import json, sys
import django
django.setup()
from django.core.management import call_command
for args in json.loads(sys.argv[1]):
    call_command(*args)
"""


def commands(data_dir, *calls, env=None, timeout=300):
    """Several ``forty2`` commands in ONE process (a Django start-up each costs seconds); stdout of them all."""
    import json

    done = subprocess.run([sys.executable, "-c", RUN_COMMANDS, json.dumps([[str(a) for a in c] for c in calls])],
                          env={**forty2_env(data_dir), **(env or {})}, capture_output=True, text=True,
                          timeout=timeout)
    return ok(done)


def ok(done):
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def empty_install(tmp_path_factory):
    """A migrated SQLite installation with nobody in it, made once; copy it with :func:`fresh`."""
    path = tmp_path_factory.mktemp("empty")
    done = subprocess.run([sys.executable, "-c", SOURCE_SETUP], env=forty2_env(path), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return path


def fresh(template, target):
    target.mkdir()
    for item in template.iterdir():
        if item.is_file():
            shutil.copy2(item, target / item.name)
    return target


@pytest.fixture(scope="module")
def source(empty_install, tmp_path_factory):
    """An installation with an owner, two AI systems, a person, an evidence file and their audit events."""
    base = tmp_path_factory.mktemp("source")
    site = fresh(empty_install, base / "data")
    (base / "systems.csv").write_text("name,purpose\nTriage model,Sorts scans by urgency\n"
                                      "Chat helper,Answers appointment questions\n")
    (base / "people.csv").write_text("name,email\nAda Lovelace,ada@acme.example\n")
    (base / "policy.txt").write_text("Acme AI policy, version 3: every AI system has a named owner.\n")
    archive = base / "acme.backup"
    commands(site, ["createadmin", "--email", "owner@acme.example", "--org", "acme", "--org-name", "Acme"],
             ["import", "ai-systems", base / "systems.csv", "--org", "acme"],
             ["import", "people", base / "people.csv", "--org", "acme"],
             ["evidence", "add", base / "policy.txt", "--org", "acme", "--title", "AI policy v3"],
             ["backup", "-o", archive], env={"FORTY2_ADMIN_PASSWORD": "a-long-test-password-1"})
    return site, archive


def data_hashes(archive) -> dict:
    """The SHA-256 of every table's and file's member: equal hashes mean equal rows (the dump is deterministic)."""
    members = read_manifest(archive)["members"]
    return {name: entry["sha256"] for name, entry in members.items()}


def test_backup_verifies_and_lists_what_it_holds(source):
    _site, archive = source
    out = ok(forty2(_site, "backup", "verify", archive))
    assert "OK" in out and "1 stored files" in out
    hashes = data_hashes(archive)
    assert any(name.endswith("inventory.aisystem.jsonl.gz") for name in hashes)
    assert any(name.startswith("files/org-") for name in hashes)
    assert not any("sessions.session" in name for name in hashes)


def test_restore_gives_the_same_rows_files_and_a_verifying_chain(source, empty_install, tmp_path):
    _site, archive = source
    target = fresh(empty_install, tmp_path / "target")
    again = tmp_path / "again.backup"
    out = commands(target, ["restore", archive], ["audit", "verify"], ["backup", "-o", again])
    assert "Restored" in out and "intact" in out
    assert data_hashes(again) == data_hashes(archive)
    restored = list((target / "files").rglob("*"))
    assert any(p.is_file() and p.read_text().startswith("Acme AI policy, version 3") for p in restored)
    # the restored installation keeps working: new rows get new keys (sequences follow the restored rows)
    out = commands(target, ["createadmin", "--email", "second@acme.example", "--org", "acme"], ["audit", "verify"],
                   env={"FORTY2_ADMIN_PASSWORD": "a-long-test-password-2"})
    assert "intact" in out


def _flip_one_byte(archive, member_prefix, copy):
    shutil.copy(archive, copy)
    with tarfile.open(copy) as tar:
        info = next(m for m in tar.getmembers() if m.name.startswith(member_prefix))
    with open(copy, "r+b") as handle:
        handle.seek(info.offset_data + info.size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    return info.name


def refused(path) -> str:
    """``forty2 backup verify PATH`` in this process: the error it ends with (it must end with one)."""
    with pytest.raises(CommandError) as refusal:
        call_command("backup", "verify", str(path))
    return str(refusal.value)


def test_a_changed_byte_is_named(source, tmp_path):
    site, archive = source
    changed = _flip_one_byte(archive, "files/", tmp_path / "changed.backup")
    message = refused(tmp_path / "changed.backup")
    assert changed in message and "does not match" in message
    changed = _flip_one_byte(archive, "data/", tmp_path / "changed-data.backup")
    assert changed in refused(tmp_path / "changed-data.backup")
    done = forty2(site, "backup", "verify", tmp_path / "changed-data.backup")  # and the command's exit status
    assert done.returncode != 0 and changed in done.stderr


def test_an_altered_manifest_is_refused(source, tmp_path):
    site, archive = source
    name = _flip_one_byte(archive, "manifest.json", tmp_path / "forged.backup")
    message = refused(tmp_path / "forged.backup")
    assert name in message and "altered" in message


def test_a_cut_archive_is_refused_and_restores_nothing(source, empty_install, tmp_path):
    _site, archive = source
    cut = tmp_path / "cut.backup"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    target = fresh(empty_install, tmp_path / "target")
    done = forty2(target, "restore", cut)
    assert done.returncode != 0 and "incomplete" in done.stderr
    assert "0 stored files" in commands(target, ["backup", "-o", tmp_path / "empty.backup"])  # still empty


def test_restore_into_a_non_empty_installation_is_refused(source):
    site, archive = source
    done = forty2(site, "restore", archive)
    assert done.returncode != 0
    assert "empty installation" in done.stderr and "1 organisation" in done.stderr


def test_a_backup_killed_half_way_leaves_nothing_verify_accepts(source, tmp_path):
    site, _archive = source
    target = tmp_path / "killed.backup"
    flag = tmp_path / "pause"
    env = {**forty2_env(site), "DJANGO_SETTINGS_MODULE": "tests.crash.crashsettings",
           "FORTY2_TEST_PAUSE": "backup", "FORTY2_TEST_PAUSE_FLAG": str(flag)}
    process = subprocess.Popen([sys.executable, "-m", "forty2.cli", "backup", "-o", str(target)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not flag.with_name("pause.backup").exists():
            assert process.poll() is None, "the backup stopped before its pause point"
            assert time.monotonic() < deadline, "the backup never reached its pause point"
            time.sleep(0.1)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
    assert not target.exists()
    partial = target.with_name(target.name + ".partial")
    assert partial.exists()  # what was written so far, under another name
    assert "no such file" in refused(target)
    assert "incomplete" in refused(partial)


@pytest.mark.django_db
def test_sqlite_to_postgresql_and_back(source, empty_install, tmp_path):
    """Runs in the PostgreSQL pass of the suite (CI runs both): a SQLite backup restores into PostgreSQL, a backup
    taken there holds the same rows, and it restores into SQLite again."""
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL pass of the suite runs this")
    import psycopg

    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    name = f"forty2_backup_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(host=host, port=port, user=db["USER"], password=db["PASSWORD"] or None,
                            dbname="postgres", autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        env = {"DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{port}/{name}"}
        _site, archive = source
        on_postgres = tmp_path / "postgres.backup"
        target = tmp_path / "pg"
        target.mkdir()
        out = commands(target, ["migrate", "-v", "0"], ["restore", archive], ["audit", "verify"],
                       ["backup", "-o", on_postgres], env=env)
        assert "intact" in out
        assert read_manifest(on_postgres)["vendor"] == "postgresql"
        assert data_hashes(on_postgres) == data_hashes(archive)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    back = fresh(empty_install, tmp_path / "back")
    again = tmp_path / "again.backup"
    assert "intact" in commands(back, ["restore", on_postgres], ["audit", "verify"], ["backup", "-o", again])
    assert data_hashes(again) == data_hashes(archive)
