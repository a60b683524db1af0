"""Bad request bodies get a 4xx naming the problem, never a 500, on every API endpoint (docs/architecture.md
"API conventions", "Errors").

Checked before any view reads the body: a body over the limit is 413 naming the limit (JSON and other bodies:
``DATA_UPLOAD_MAX_MEMORY_SIZE``; multipart uploads: ``FORTY2_MAX_IMPORT_BYTES`` plus room for the form's other
fields); a ``Content-Length`` that is not a number is 400; ``multipart/form-data`` without a usable boundary is
400; a charset Python does not know is 415.
"""

import codecs
import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.utils.http import parse_header_parameters

#: what a multipart body may hold beyond the uploaded file (form fields, part headers)
MULTIPART_OVERHEAD = 1024 * 1024
#: RFC 2046 boundary: 1-70 characters from a fixed set, not ending in a space
BOUNDARY = re.compile(r"^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$")


def _answer(status: int, detail: str) -> HttpResponse:
    return HttpResponse(json.dumps({"detail": detail}), status=status, content_type="application/json")


def _size(n: int) -> str:
    return f"{n} bytes ({n / (1024 * 1024):.0f} MB)" if n >= 1024 * 1024 else f"{n} bytes"


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
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw_length)
            if length < 0:
                raise ValueError
        except ValueError:
            return _answer(400, f"Content-Length {raw_length[:40]!r} is not a number of bytes.")
        multipart = content_type == "multipart/form-data"
        if multipart:
            limit = getattr(settings, "FORTY2_MAX_IMPORT_BYTES", 10 * 1024 * 1024) + MULTIPART_OVERHEAD
        else:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return _answer(413, f"The request body is {_size(length)}; the limit is {_size(limit)}.")
        if multipart:
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
        if not multipart and length == 0 and request.META.get("HTTP_TRANSFER_ENCODING"):
            # a chunked body has no Content-Length: read it here, where its size can still be refused
            try:
                request.body  # noqa: B018 - reads and caches the body under DATA_UPLOAD_MAX_MEMORY_SIZE
            except RequestDataTooBig:
                return _answer(413, f"The request body is over the limit of {_size(limit)}.")
        return None
