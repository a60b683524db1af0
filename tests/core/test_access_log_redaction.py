"""The access log never shows an invitation token or a password-reset key (they are in the link's path)."""

import datetime as dt
from types import SimpleNamespace

from gunicorn.config import Config

from forty2.core.accesslog import RedactingLogger


def _logged(environ, headers=()):
    config = Config()
    config.set("accesslog", "-")
    logger = RedactingLogger(config)
    seen = {}
    atoms = logger.atoms
    logger.atoms = lambda *args: seen.update(atoms(*args)) or seen
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[])
    logger.access(resp, SimpleNamespace(headers=list(headers)), environ, dt.timedelta(seconds=0))
    return seen


def test_tokens_in_paths_are_not_logged():
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/invitations/s3cr3t-T0ken/", "SERVER_PROTOCOL": "HTTP/1.1",
               "PATH_INFO": "/invitations/s3cr3t-T0ken/", "HTTP_REFERER": "https://x/accounts/password/reset/key/ab-cd/"}
    atoms = _logged(environ, [("REFERER", "https://x/accounts/password/reset/key/ab-cd/")])
    text = " ".join(str(v) for v in atoms.values())
    assert "s3cr3t-T0ken" not in text and "ab-cd" not in text
    assert atoms["r"] == "GET /invitations/…/ HTTP/1.1"


def test_other_requests_are_logged_as_they_are():
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/o/acme/ai-systems/?q=x", "SERVER_PROTOCOL": "HTTP/1.1",
               "PATH_INFO": "/o/acme/ai-systems/"}
    assert _logged(environ)["r"] == "GET /o/acme/ai-systems/?q=x HTTP/1.1"
