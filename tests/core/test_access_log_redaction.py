"""The access log never shows an invitation token or a password-reset key (they are in the link's path)."""

import datetime as dt
from types import SimpleNamespace

from gunicorn.config import Config

from forty2.core.accesslog import RedactingLogger


def test_tokens_in_paths_are_not_logged():
    logger = RedactingLogger(Config())
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/invitations/s3cr3t-T0ken/", "SERVER_PROTOCOL": "HTTP/1.1",
               "PATH_INFO": "/invitations/s3cr3t-T0ken/", "HTTP_REFERER": "https://x/accounts/password/reset/key/ab-cd/"}
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(resp, SimpleNamespace(headers=[]), environ, dt.timedelta(seconds=0))
    text = " ".join(str(v) for v in atoms.values())
    assert "s3cr3t-T0ken" not in text and "ab-cd" not in text
    assert atoms["r"] == "GET /invitations/…/ HTTP/1.1"
