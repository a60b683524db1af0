"""Request guards that run before any view: NUL characters in the URL (:class:`RejectNul`; PostgreSQL cannot store
or even compare text holding NUL, so such input would otherwise end as a 500), the request size limit with
clear answers for unreadable form data (:class:`RequestLimits`), and a lock timeout answered as 503 "busy,
retry" (:class:`BusyDatabase`).
"""

import io
import json
import re
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render


class RejectNul:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote(raw) or "%00" in raw.lower():
            if request.path.startswith("/api/"):
                body = {"detail": [{"loc": ["query"], "msg": "NUL characters are not allowed in the URL.",
                                    "type": "string_unicode"}]}
                return HttpResponse(json.dumps(body), status=422, content_type="application/json")
            return refuse(request, 400, "NUL characters are not allowed in the URL.",
                          title="The address cannot be read", hint="Check the address and open it again.")
        return self.get_response(request)


# --- request size limit on every path (issue #14 finding 8b, 10; OWASP ASVS 5.0 V4.1, V5.2.1) -------------------

#: what a multipart body of an upload URL may hold beyond the file itself (form fields, part headers)
MULTIPART_OVERHEAD = 1024 * 1024
REPLACEMENT = "\ufffd"


def _size(n: int) -> str:
    return f"{n} bytes ({n / (1024 * 1024):.0f} MB)" if n >= 1024 * 1024 else f"{n} bytes"


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def refuse(request, status: int, message: str, *, field: str | None = None, title: str = "", hint: str = ""):
    """A 4xx naming the problem: JSON for /api/ (``{"detail": …}``, or the 422 field shape when a field is named),
    a page everywhere else."""
    if _is_api(request):
        if field is not None:
            body = {"detail": [{"loc": ["body", field], "msg": message, "type": "string_unicode"}]}
            return HttpResponse(json.dumps(body), status=422, content_type="application/json")
        return HttpResponse(json.dumps({"detail": message}), status=status, content_type="application/json")
    titles = {400: "The request cannot be read", 411: "The request has no length", 413: "The request is too large"}
    status = 400 if field else status
    return refusal_page(request, status, title or titles.get(status, "The request was refused"), message,
                        hint=hint)


def refusal_page(request, status: int, title: str, message: str, *, hint: str = "") -> HttpResponse:
    """The styled page of a refused browser request: what went wrong, that nothing was saved, and for a refused
    form a link back to it (its address, read with GET, shows the form again)."""
    path = request.get_full_path() if request.method == "POST" else ""
    back = path if path.startswith("/") and not path.startswith("//") and "\x00" not in path else ""
    try:
        response = render(request, "request_refused.html", {"title": title, "message": message, "hint": hint,
                                                            "back": back}, status=status)
    except Exception:  # the page could not be drawn (e.g. no static manifest): the reason still reaches the user
        response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return response


def upload_limit() -> int:
    """The one file upload limit (``FORTY2_MAX_UPLOAD_BYTES``)."""
    return int(settings.FORTY2_MAX_UPLOAD_BYTES)


class RequestLimits:
    """Bound every request body before anything reads it, and turn unreadable form data into a clear 4xx.

    * The limit, from ``Content-Length`` (a chunked body is read up to the limit, never further): someone not
      signed in (no session; on /api/ no ``Authorization`` header either) ``FORTY2_MAX_ANONYMOUS_BODY_BYTES``;
      the upload URLs (``FORTY2_UPLOAD_PATHS``: evidence, evidence versions, imports) ``FORTY2_MAX_UPLOAD_BYTES``
      plus 1 MB for the other fields; every other request ``DATA_UPLOAD_MAX_MEMORY_SIZE``. Over it: 413 naming the
      limit. A ``Content-Length`` that is not a number: 400.
    * A POST form is parsed here, so a part header over Django's 1,024 bytes (a very long file name), too many
      fields or files, or form fields over the limit answer 400/413 with the reason instead of a 500 later; a
      field or file name that is not valid UTF-8 (decoded to U+FFFD) is refused instead of being stored mangled.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.upload_paths = [re.compile(p) for p in getattr(settings, "FORTY2_UPLOAD_PATHS", [])]

    def __call__(self, request):
        refused = self.check_size(request) or self.check_form(request)
        return refused or self.get_response(request)

    @staticmethod
    def smallest() -> int:
        return min(int(settings.FORTY2_MAX_ANONYMOUS_BODY_BYTES), int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))

    def limit_for(self, request) -> tuple[int, str]:
        signed_in = (_is_api(request) and bool(request.META.get("HTTP_AUTHORIZATION"))) or \
            getattr(getattr(request, "user", None), "is_authenticated", False)
        if not signed_in:
            return self.smallest(), " for a request from someone not signed in"
        if any(p.match(request.path_info) for p in self.upload_paths):
            return upload_limit() + MULTIPART_OVERHEAD, (
                f" (a file of at most {_size(upload_limit())}, FORTY2_MAX_UPLOAD_BYTES, plus the form's fields)")
        return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE), ""

    def check_size(self, request):
        raw = request.META.get("CONTENT_LENGTH") or ""
        try:
            length = int(raw) if raw.strip() else 0
            if length < 0:
                raise ValueError
        except ValueError:
            return refuse(request, 400, f"Content-Length {raw[:40]!r} is not a number of bytes.")
        chunked = not raw.strip() and bool(request.META.get("HTTP_TRANSFER_ENCODING"))
        if length <= self.smallest() and not chunked:
            return None  # within every limit: no need to know who is asking
        limit, why = self.limit_for(request)
        if length > limit:
            return refuse(request, 413, f"The request body is {_size(length)}; the limit is {_size(limit)}{why}.")
        if chunked:
            return self.read_chunked(request, limit, why)
        return None

    def read_chunked(self, request, limit: int, why: str):
        """A body without Content-Length (Transfer-Encoding: chunked): read at most ``limit`` + 1 bytes, then let
        Django parse what was read. A server that cannot say where the body ends gets 411."""
        stream = request.META.get("wsgi.input")
        if stream is None or not request.META.get("wsgi.input_terminated"):
            return refuse(request, 411, "A request body needs a Content-Length header.")
        parts, size = [], 0
        while size <= limit:
            chunk = stream.read(min(64 * 1024, limit + 1 - size))
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
        if size > limit:
            return refuse(request, 413, f"The request body is over the limit of {_size(limit)}{why}.")
        data = b"".join(parts)
        request.META["CONTENT_LENGTH"] = str(len(data))
        request._stream = LimitedStream(io.BytesIO(data), len(data))
        return None

    def check_form(self, request):
        if request.method != "POST" or request.content_type not in ("multipart/form-data",
                                                                   "application/x-www-form-urlencoded"):
            return None
        try:
            request.POST  # noqa: B018 - parse now, where a failure can still be answered clearly
            request.FILES  # noqa: B018
        except RequestDataTooBig:
            limit = _size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            return refuse(request, 413, f"The form's fields are larger than {limit} (DATA_UPLOAD_MAX_MEMORY_SIZE); "
                                        "shorten them.")
        except (TooManyFieldsSent, TooManyFilesSent) as exc:
            return refuse(request, 400, f"The form cannot be read: {exc}")
        except MultiPartParserError as exc:
            if "header size" in str(exc):  # a browser sends the file's name in a part header
                return refuse(request, 400, "The file name is too long: the upload's part headers are over 1,024 "
                                            "bytes, so the form cannot be read. Shorten the file name to at most "
                                            "255 characters and upload the file again.",
                              title="The file name is too long",
                              hint="Nothing was saved. Rename the file, go back to the form and choose it again.")
            return refuse(request, 400, f"The uploaded form cannot be read ({exc}).")
        except UnreadablePostError:
            return refuse(request, 400, "The request body ended early; send it again.")
        for key, values in request.POST.lists():
            if REPLACEMENT in key or any(REPLACEMENT in v for v in values):
                return refuse(request, 400, f"The field '{key[:80]}' is not valid UTF-8 text (or holds the "
                                            "replacement character U+FFFD); nothing was saved. Send UTF-8.",
                              field=key)
        for key, files in request.FILES.lists():
            if any(REPLACEMENT in (f.name or "") for f in files):
                return refuse(request, 400, f"The name of the file in '{key[:80]}' is not valid UTF-8 (or holds the "
                                            "replacement character U+FFFD); rename the file.", field=key)
        return None


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
        return busy_response(request.path.startswith("/api/"), request)


def busy_response(api: bool, request=None) -> HttpResponse:
    """503 "busy, retry" with Retry-After: JSON for the API, the styled page for a browser (plain text when there
    is no request to draw it for)."""
    from .errors import BUSY_MESSAGE, BUSY_RETRY_AFTER

    if api:
        response = HttpResponse(json.dumps({"detail": BUSY_MESSAGE}), status=503, content_type="application/json")
    elif request is not None:
        response = refusal_page(request, 503, "Forty2 is busy", BUSY_MESSAGE,
                                hint="Wait a moment, then reload the page or send the form again.")
    else:
        response = HttpResponse(BUSY_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = BUSY_RETRY_AFTER
    return response
