"""Refuse NUL characters in the path or query string before any view sees them.

PostgreSQL cannot store or even compare text holding NUL, so such input would otherwise end as a 500.
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
