"""Fixtures for the catalog tests: the CLI as a user runs it, and the NIST OSCAL schema validator."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).resolve().parent / "data"
OSCAL_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "oscal" / "oscal_complete_schema-1.2.3.json"
OSCAL_SHA256 = "384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206"


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(db):
    """cli("import", path, "--strict") -> Run(code, out, err), as `forty2 catalog ...` would answer."""

    def run(*args):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("catalog", *map(str, args), stdout=out, stderr=err)
            code = 0
        except CommandError as exc:
            code = exc.returncode
            err.write(f"{exc}\n")
        return Run(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture(scope="session")
def oscal_validator():
    import jsonschema_rs

    raw = OSCAL_SCHEMA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == OSCAL_SHA256, "the OSCAL schema in tests/data must be unmodified"
    return jsonschema_rs.validator_for(json.loads(raw))
