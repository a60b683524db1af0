"""gunicorn's access log without secrets in addresses: invitation links and password-reset keys carry a token
in the path, which must never reach a log (docs/operations.md, "People and access")."""

import logging
import re

from gunicorn.glogging import Logger

#: a path segment after these prefixes is a secret; it is logged as "…"
SECRET_PATH = re.compile(r"(/invitations/|/accounts/password/reset/key/)[^/\s?#]+")
MARKERS = ("/invitations/", "/accounts/password/reset/key/")
#: paths whose visitors are not identified at all (the public concern channel, ISO/IEC 42001 A.3.3): their log
#: line keeps the request and status but no address, browser, referrer or forwarded-for header
PRIVATE = re.compile(r"^/(?:c/[^/]+/|api/v1/public/)")
#: headers a private request's log line never shows (gunicorn's ``{name}i`` atoms)
IDENTIFYING_HEADERS = frozenset({"user-agent", "referer", "x-forwarded-for", "x-real-ip", "forwarded", "cookie",
                                 "authorization", "x-follow-up-code"})


def redact(text):
    return SECRET_PATH.sub(r"\1…", text) if isinstance(text, str) else text


class RedactingLogger(Logger):
    """Only a request whose path holds a secret is rewritten (a copy of its environ); every other request is
    logged exactly as gunicorn logs it, at the same cost."""

    def access(self, resp, req, environ, request_time):
        uri = environ.get("RAW_URI", "")
        if PRIVATE.match(environ.get("PATH_INFO", "") or uri):
            environ = {k: v for k, v in environ.items() if k not in (
                "HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED",
                "HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_X_FOLLOW_UP_CODE")}
            environ["REMOTE_ADDR"] = "-"
            req = None if req is None else _AnonymousRequest(req)
        elif any(marker in uri for marker in MARKERS):
            environ = {**environ, "RAW_URI": redact(uri), "PATH_INFO": redact(environ.get("PATH_INFO", "")),
                       "HTTP_REFERER": redact(environ.get("HTTP_REFERER", "-"))}
            req = None if req is None else _RedactedRequest(req)
        return super().access(resp, req, environ, request_time)


class _AnonymousRequest:
    """A private request's headers without the ones that identify the visitor."""

    def __init__(self, req):
        self.headers = [(name, value) for name, value in getattr(req, "headers", [])
                        if name.lower() not in IDENTIFYING_HEADERS]
        self.peer_addr = "-"


class _RedactedRequest:
    """The request's headers with secrets removed (gunicorn logs them as ``{name}i`` atoms)."""

    def __init__(self, req):
        self.headers = [(name, redact(value)) for name, value in getattr(req, "headers", [])]


class RedactSecrets(logging.Filter):
    """A logging filter for the application's own log: a record whose message holds a secret path (Django's
    "Forbidden (CSRF …): /invitations/<token>/", "Not Found: …") is rewritten with the secret as "…". Set on
    the console handler and on the loggers that name request paths (forty2/settings.py, LOGGING), so a
    handler attached later (a test's capture, an operator's file handler on those loggers) sees it redacted too.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as it is
            return True
        if any(marker in message for marker in MARKERS):
            record.msg, record.args = redact(message), ()
        return True
