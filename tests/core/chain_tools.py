"""Helpers shared by the audit-chain tests: run ``forty2 audit …`` in-process and tamper with raw SQL, as a DBA
with database access would."""

import io

from django.core.management import CommandError, call_command
from django.db import connection


def run(*args):
    """(exit code, stdout, stderr) of ``forty2 audit ...``."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def verify(*args):
    """(exit code, stdout, stderr) of ``forty2 audit verify``."""
    return run("verify", *args)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
