"""The REST API under /api/v1 (django-ninja): one router per app, one error vocabulary (docs/architecture.md,
"API conventions"). The apps register their routers in forty2/api/registry.py."""

import json
import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import OperationalError
from django.http import Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, is_busy
from forty2.core.middleware import busy_response

from . import registry
from .audit import router as audit_router
from .auth import AUTH
from .me import router as me_router
from .openapi import CheckedOpenAPISchema, declare_answers
from .parser import CheckedJsonParser, UnstorableText

log = logging.getLogger("forty2.api")



class Forty2API(NinjaAPI):
    """The API whose OpenAPI document declares every error answer of every route (forty2/api/openapi.py), and
    refuses two different schemas of one name (the second would silently replace the first)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return declare_answers(CheckedOpenAPISchema(self, path_prefix))


api = Forty2API(title="Forty2 API", version="1", urls_namespace="api", auth=AUTH, parser=CheckedJsonParser(),
               description="Forty2 AI Management System (ISO/IEC 42001) REST API. "
                           "Authenticate with `Authorization: Bearer <token>` (`forty2 token create`).")


@api.exception_handler(InvalidInput)
def invalid_input(request, exc):
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    errors = []
    for e in exc.errors:
        loc = list(e.get("loc", []))
        if loc[:2] == ["body", "body"]:  # ninja prefixes the parameter name; the convention is ["body", field]
            del loc[1]
        errors.append({"loc": loc, "msg": e.get("msg", "Invalid value."), "type": e.get("type", "")})
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(Conflict)
def conflict(request, exc):
    body = {"detail": exc.message}
    if getattr(exc, "current", None) is not None:
        body["current_version"] = exc.current
    if getattr(exc, "fields", None):
        body["fields"] = exc.fields
    return api.create_response(request, body, status=409)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    cause = exc.__cause__
    if exc.status_code == 400 and isinstance(cause, UnstorableText):  # a lone surrogate or NUL (forty2/api/parser.py)
        return api.create_response(request, {"detail": cause.detail()}, status=422)
    if exc.status_code == 400 and isinstance(cause, ValueError | UnicodeDecodeError):
        msg = f"Malformed JSON: {cause}" if isinstance(cause, json.JSONDecodeError) else \
            "The request body is not valid UTF-8 JSON."
        return api.create_response(request, {"detail": [{"loc": ["body"], "msg": msg, "type": "json_invalid"}]},
                                   status=422)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
@api.exception_handler(UnreadablePostError)
def unreadable_form(request, exc):
    """Form data that cannot be parsed (normally answered earlier by forty2.core.middleware.RequestLimits)."""
    return api.create_response(request, {"detail": f"The uploaded form cannot be read ({exc})."}, status=400)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    return api.create_response(request, {"detail": f"The request body is over the limit ({exc})."}, status=413)


@api.exception_handler(OperationalError)
def database_error(request, exc):
    """A lock timeout (SQLite busy, PostgreSQL lock_timeout) is "busy, retry" (503), not a fault."""
    if is_busy(exc):
        return busy_response(api=True)
    return unexpected(request, exc)


@api.exception_handler(Exception)
def unexpected(request, exc):
    log.exception("API error on %s %s", request.method, request.path)
    return api.create_response(request, {"detail": "Internal error; it has been logged."}, status=500)


# Every router the apps registered (forty2/api/registry.py), with the API's own audit-log and invitation
# routers among them (tenancy, below the API, cannot register its own).
registry.register_router("/orgs/", audit_router, order=25)
registry.register_router("/me/", me_router, order=5)
registry.register_router("/orgs/", "forty2.api.invitations:router", order=60)
registry.register_router("/orgs/", "forty2.api.org_settings:router", order=61)
registry.register_router("/orgs/", "forty2.api.sso:router", order=62)
for entry in registry.routers():
    api.add_router(entry.prefix, entry.resolve())
urlpatterns = api.urls
