"""The `forty2` command's conventions: help exits 0, bad input is one line on stderr with exit code 2, a failed
check exits 1, and no traceback reaches the user (docs/architecture.md, "Errors")."""

import sqlite3

import pytest

from tests.embedded import run_forty2


@pytest.fixture
def empty_dir(tmp_path):
    return tmp_path / "data"


def test_help_lists_the_commands(empty_dir):
    r = run_forty2(empty_dir, "--help")
    assert r.returncode == 0
    for command in ("serve", "token", "audit", "createadmin", "import", "export"):
        assert f"  {command} " in r.stdout


def test_no_command_prints_usage_and_exits_2(empty_dir):
    r = run_forty2(empty_dir)
    assert r.returncode == 2 and "usage: forty2" in r.stdout


@pytest.mark.parametrize("command", ["audit", "token"])
def test_command_help_exits_0(empty_dir, command):
    r = run_forty2(empty_dir, command, "--help")
    assert r.returncode == 0, r.stderr
    assert "usage: forty2 " + command in r.stdout


def test_unknown_command_is_one_line_and_exit_2(empty_dir):
    r = run_forty2(empty_dir, "frobnicate")
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.strip().splitlines() == ["forty2: error: unknown command 'frobnicate' (see forty2 --help)"]


@pytest.mark.parametrize("args", [("token", "create", "--email", "x@example.com"), ("audit", "verify", "--bogus")])
def test_bad_arguments_are_one_line_and_exit_2(empty_dir, args):
    r = run_forty2(empty_dir, *args)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "error:" in r.stderr and "Traceback" not in r.stderr


def test_audit_verify_exit_codes_on_an_installation(data_dir):
    ok = run_forty2(data_dir, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip().splitlines()[-1].startswith("OK: ")

    with sqlite3.connect(data_dir / "forty2.sqlite3") as db:
        event_id = db.execute("SELECT id FROM core_auditevent WHERE chain = 'installation' AND seq = 1").fetchone()[0]
        db.execute("UPDATE core_auditevent SET action = 'nothing' WHERE id = ?", [event_id])
    broken = run_forty2(data_dir, "audit", "verify")
    assert broken.returncode == 1
    assert f"broken at event {event_id} (installation, seq 1): column 'action' differs" in broken.stderr
    assert "Traceback" not in broken.stderr
