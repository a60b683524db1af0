"""Domain errors raised by services and mapped to HTTP answers, form errors and CLI exit codes."""


class Forty2Error(Exception):
    """Base class; ``message`` is safe to show to a user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PermissionDenied(Forty2Error):
    """The caller's role may not do this (HTTP 403)."""


class Conflict(Forty2Error):
    """Stale version or a clash with other records (HTTP 409)."""


class StaleVersion(Conflict):
    """``fields`` maps the fields the caller wanted to change, whose saved value differs, to that saved value."""

    def __init__(self, current: int, given: int, fields: dict | None = None):
        super().__init__(f"The record was changed by someone else (version {given} given, current is {current}). "
                         "Reload it and apply your change again.")
        self.current = current
        self.fields = fields or {}


class EditConflict(StaleVersion):
    """Both the caller and someone else changed the same fields since the caller's version (a three-way merge
    found them): ``conflicts`` maps each field to ``{"original", "theirs", "yours"}``."""

    def __init__(self, current: int, given: int, conflicts: dict):
        super().__init__(current, given, fields={k: v["theirs"] for k, v in conflicts.items()})
        self.conflicts = conflicts
        self.message = (f"Someone else changed {', '.join(conflicts)} since version {given}; choose which value "
                        "to keep for each.")


class InvalidInput(Forty2Error):
    """Bad input found by a service (HTTP 422); ``errors`` lists ``{loc, msg, type}`` items."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors))


def field_error(field: str, msg: str, type_: str = "value_error", loc_prefix: str = "body") -> dict:
    return {"loc": [loc_prefix, field], "msg": msg, "type": type_}


#: what a person is told when the database stayed busy longer than its timeout (issue #14, finding 11)
BUSY_MESSAGE = "The database is busy; nothing was saved. Try again in a moment."
BUSY_RETRY_AFTER = "2"


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "busy, retry" rather than a fault: SQLite's lock timeout ("database is
    locked"), PostgreSQL's lock timeout (SQLSTATE 55P03) or a deadlock victim (40P01)."""
    from django.db import OperationalError

    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    if getattr(cause, "pgcode", None) in ("55P03", "40P01") or getattr(getattr(cause, "diag", None),
                                                                          "sqlstate", None) in ("55P03", "40P01"):
        return True
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text or "lock timeout" in text
