"""The REST API under /api/v1 (django-ninja): one router per app, one error vocabulary."""

import json
import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from forty2.core.errors import Conflict, InvalidInput, PermissionDenied

from .auth import AUTH

log = logging.getLogger("forty2.api")

api = NinjaAPI(title="Forty2 API", version="1", urls_namespace="api", auth=AUTH,
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
    if exc.status_code == 400 and isinstance(cause, ValueError | UnicodeDecodeError):
        msg = f"Malformed JSON: {cause}" if isinstance(cause, json.JSONDecodeError) else \
            "The request body is not valid UTF-8 JSON."
        return api.create_response(request, {"detail": [{"loc": ["body"], "msg": msg, "type": "json_invalid"}]},
                                   status=422)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Exception)
def unexpected(request, exc):
    log.exception("API error on %s %s", request.method, request.path)
    return api.create_response(request, {"detail": "Internal error; it has been logged."}, status=500)


def _register_routers():
    from forty2.aiact.api import org_router as aiact_org_router
    from forty2.aiact.api import router as aiact_router
    from forty2.catalog.api import org_router as catalog_org_router
    from forty2.catalog.api import router as catalog_router
    from forty2.core.api import router as audit_router
    from forty2.inventory.api import router as inventory_router
    from forty2.inventory.api_io import router as inventory_io_router
    from forty2.risk.api import router as risk_router

    api.add_router("/orgs/", inventory_io_router)
    api.add_router("/orgs/", inventory_router)
    api.add_router("/orgs/", audit_router)
    api.add_router("/orgs/", risk_router)
    api.add_router("/ai-act/", aiact_router)
    api.add_router("/orgs/", aiact_org_router)
    api.add_router("/catalog/", catalog_router)
    api.add_router("/orgs/", catalog_org_router)


_register_routers()
urlpatterns = api.urls
