"""Bad request bodies get a 4xx naming the problem, never a 500, on every API endpoint (docs/architecture.md
"API conventions", "Errors").

Checked before any view reads the body: ``multipart/form-data`` without a usable boundary is 400; a charset Python
does not know is 415. The size of every body (API or not), a ``Content-Length`` that is not a number and form data
that cannot be parsed are answered by ``forty2.core.middleware.RequestLimits``: 413 naming the limit
(``DATA_UPLOAD_MAX_MEMORY_SIZE`` for JSON and forms, ``FORTY2_MAX_UPLOAD_BYTES`` plus 1 MB on the upload URLs).
"""

import codecs
import json
import re

from django.http import HttpResponse
from django.utils.http import parse_header_parameters

#: RFC 2046 boundary: 1-70 characters from a fixed set, not ending in a space
BOUNDARY = re.compile(r"^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$")


def _answer(status: int, detail: str) -> HttpResponse:
    return HttpResponse(json.dumps({"detail": detail}), status=status, content_type="application/json")


class ApiBodyLimits:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            refused = self.check(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def check(self, request):
        content_type, params = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
        if content_type == "multipart/form-data":
            boundary = params.get("boundary", "")
            if not boundary or not BOUNDARY.match(boundary):
                return _answer(400, "multipart/form-data needs a valid boundary parameter "
                                    "(e.g. Content-Type: multipart/form-data; boundary=XYZ).")
        charset = params.get("charset")
        if charset:
            try:
                codecs.lookup(charset)
            except LookupError:
                return _answer(415, f"charset {charset[:40]!r} is not supported; send UTF-8.")
        return None
