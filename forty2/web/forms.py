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


def run_and_report(request, do, *, success: str = "", stale: str = ""):
    """A button that posts and returns to its page: on POST run the service (``do()``) and say in a message what
    happened — ``success``, ``stale`` for a record changed meanwhile, or the service's own refusal."""
    from django.contrib import messages

    from forty2.core.errors import StaleVersion

    if request.method != "POST":
        return None
    try:
        result = do()
    except StaleVersion as exc:
        messages.error(request, stale or exc.message)
        return None
    except Forty2Error as exc:
        messages.error(request, exc.message)
        return None
    if success:
        messages.success(request, success)
    return result
