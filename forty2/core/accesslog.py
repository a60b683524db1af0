"""gunicorn's access log without secrets in addresses: invitation links and password-reset keys carry a token
in the path, which must never reach a log (docs/operations.md, "People and access")."""

import re

from gunicorn.glogging import Logger

#: a path segment after these prefixes is a secret; it is logged as "…"
SECRET_PATH = re.compile(r"(/invitations/|/accounts/password/reset/key/)[^/\s?#]+")


def redact(text):
    return SECRET_PATH.sub(r"\1…", text) if isinstance(text, str) else text


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) for key, value in atoms.items()}
