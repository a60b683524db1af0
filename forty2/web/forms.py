"""Form helpers shared by every face of the web UI."""

from forty2.core.errors import Forty2Error, InvalidInput


def add_service_errors(form, exc: Forty2Error, aliases: dict | None = None) -> None:
    """Show a service's refusal on the form: each InvalidInput error next to its field (``aliases`` maps an API
    field name to the form's), anything else — and errors on fields the form lacks — in the error summary.
    Nothing the user typed is lost: the form is re-rendered with its data."""
    if not isinstance(exc, InvalidInput):
        form.add_error(None, exc.message)
        return
    for error in exc.errors:
        loc = error["loc"]
        field = loc[1] if len(loc) > 1 else None
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, error["msg"])
