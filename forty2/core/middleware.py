"""Refuse NUL characters in the path or query string before any view sees them.

PostgreSQL cannot store or even compare text holding NUL, so such input would otherwise end as a 500.
:class:`BusyDatabase` turns a lock timeout into a 503 "busy, retry".
"""

import json
from urllib.parse import unquote

from django.http import HttpResponse, HttpResponseBadRequest


class RejectNul:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote(raw) or "%00" in raw.lower():
            if request.path.startswith("/api/"):
                body = {"detail": [{"loc": ["query"], "msg": "NUL characters are not allowed in the URL.",
                                    "type": "value_error"}]}
                return HttpResponse(json.dumps(body), status=422, content_type="application/json")
            return HttpResponseBadRequest("NUL characters are not allowed in the URL.")
        return self.get_response(request)


class BusyDatabase:
    """A database that stayed locked longer than its busy timeout answers 503 "busy, retry" with Retry-After,
    never a 500 (issue #14, finding 11); nothing was saved, the transaction was rolled back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .errors import is_busy

        if not is_busy(exception):
            return None
        return busy_response(request.path.startswith("/api/"))


def busy_response(api: bool) -> HttpResponse:
    from .errors import BUSY_MESSAGE, BUSY_RETRY_AFTER

    if api:
        response = HttpResponse(json.dumps({"detail": BUSY_MESSAGE}), status=503, content_type="application/json")
    else:
        response = HttpResponse(BUSY_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = BUSY_RETRY_AFTER
    return response
