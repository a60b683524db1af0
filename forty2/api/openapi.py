"""The OpenAPI document tells the truth about errors (issue #15 item 6; docs/architecture.md "API conventions").

Every route can be refused in the same few ways, whoever wrote it (an app's router, or the records kit's route
factory): no or a bad token (401), a role, two-factor or single-sign-on refusal (403), an unknown organisation or
record (404), bad input (422), a conflict with the record's state or version (409), an unreadable or oversized
body (400, 413, 415), a busy database (503). :func:`declare_answers` adds each of these answers, with the shared
error bodies, to every operation where it can happen, judged from the operation itself (its method, its path
parameters, its query parameters and its request body), so a new route is covered without being edited. An
answer a route declares itself is kept.

It also states two rules the server enforces on every versioned PATCH (a body with ``version``): the version read
is required (or the ``If-Match`` header with the record's ETag, declared here too).
"""

from copy import deepcopy

from django.core.exceptions import ImproperlyConfigured
from ninja.openapi.schema import OpenAPISchema

REF = "#/components/schemas/"

#: the shared error bodies (forty2/api/urls.py answers every error in one of these shapes)
SCHEMAS = {
    "Error": {
        "title": "Error", "type": "object", "required": ["detail"],
        "properties": {"detail": {"type": "string", "description": "What was refused and why."}},
    },
    "ValidationError": {
        "title": "ValidationError", "type": "object", "required": ["detail"],
        "properties": {"detail": {"type": "array", "items": {
            "type": "object", "required": ["loc", "msg", "type"],
            "properties": {
                "loc": {"type": "array", "items": {"type": ["string", "integer"]},
                        "description": "Where: `[\"body\", field]`, `[\"query\", name]`, `[\"file\", row, column]`…"},
                "msg": {"type": "string"}, "type": {"type": "string"}}}}},
    },
    "Conflict": {
        "title": "Conflict", "type": "object", "required": ["detail"],
        "properties": {
            "detail": {"type": "string"},
            "current_version": {"type": "integer", "description": "The record's version now (a stale PATCH)."},
            "fields": {"type": "object", "description": "The saved values that differ from the ones sent."}},
    },
}

WRITES = {"post", "put", "patch", "delete"}


class CheckedOpenAPISchema(OpenAPISchema):
    """django-ninja's document, refusing two different schemas of one name: ninja keeps the last one, so a route
    would be documented with another route's body (the SoA's ``ApproveIn`` replaced the AI system's)."""

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, schema in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != schema:
                raise ImproperlyConfigured(
                    f"Two API schemas are named {name!r} (the OpenAPI document would show one for both): give the "
                    f"pydantic class of one of them another name.")
        super().add_schema_definitions(definitions)


def _answer(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": REF + schema}}}}


def _path_params(op: dict) -> list[dict]:
    return [p for p in op.get("parameters", []) if p.get("in") == "path"]


def _resolve(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def answers_for(path: str, method: str, op: dict) -> dict[str, dict]:
    """The error answers ``method path`` can give besides its own (status code -> OpenAPI response)."""
    out: dict[str, dict] = {}
    params = op.get("parameters", [])
    has_body = "requestBody" in op
    in_org = path.startswith("/api/v1/orgs/{org}")
    write = method in WRITES
    if op.get("security"):
        out["401"] = _answer("No valid credentials: a missing, unknown, revoked or expired token.", "Error")
    if in_org:
        out["403"] = _answer("Your role may not do this here, or the organisation requires two-factor "
                             "authentication or single sign-on for this session.", "Error")
    if _path_params(op):
        out["404"] = _answer("No such organisation (or not the one the token was issued for), or no such "
                             "record in it.", "Error")
    if in_org and write:
        out["409"] = _answer("The record's state forbids this, or (with a version) a field sent was changed by "
                             "someone else since the version read; `fields` holds the saved values.", "Conflict")
    if has_body or any(p.get("in") in ("path", "query") for p in params):  # a NUL in the URL is a 422 too
        why = "Bad input: each problem names its place (`loc`)."
        if method == "patch" and _versioned(op):
            why += " A PATCH without `version` (nor If-Match) is refused here too."
        out["422"] = _answer(why, "ValidationError")
    if has_body:
        out["400"] = _answer("The body cannot be read (multipart without a valid boundary, malformed form "
                             "data, a Content-Length that is not a number).", "Error")
        out["413"] = _answer("The body is over the size limit (FORTY2_MAX_UPLOAD_BYTES plus 1 MB on uploads, "
                             "DATA_UPLOAD_MAX_MEMORY_SIZE otherwise).", "Error")
        out["415"] = _answer("A charset other than a known one (send UTF-8).", "Error")
    if write:
        out["503"] = _answer("The database is busy (a lock timeout): retry after the Retry-After seconds.", "Error")
    return out


def _versioned(op: dict) -> bool:
    return bool(op.get("x-forty2-versioned"))


def declare_answers(doc: dict) -> dict:
    """``doc`` with the shared error schemas and, on every operation, the error answers it can give and the
    version rule of a versioned PATCH. Changes ``doc`` in place and returns it."""
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in SCHEMAS.items():
        schemas.setdefault(name, deepcopy(schema))
    for path, ops in doc.get("paths", {}).items():
        for method, op in ops.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            if method == "patch":
                _version_rule(doc, op)
            _lazy_enums(op)
            _no_empty_files(op)
            responses = op["responses"]
            for status, answer in answers_for(path, method, op).items():
                if str(status) not in responses and int(status) not in responses:
                    responses[int(status)] = answer
            op.pop("x-forty2-versioned", None)
    return doc


def _no_empty_files(op: dict) -> None:
    """An upload (a ``format: binary`` form field) of no bytes is refused like no upload: ``minLength: 1``."""
    for content in op.get("requestBody", {}).get("content", {}).values():
        for prop in content.get("schema", {}).get("properties", {}).values():
            if prop.get("format") == "binary":
                prop.setdefault("minLength", 1)


def _lazy_enums(op: dict) -> None:
    """A form property's ``"x-enum": callable`` (forty2/api/common.py multipart_body) becomes its ``enum``, in a
    copy (the route's own declaration is left alone for the next document)."""
    for content in op.get("requestBody", {}).get("content", {}).values():
        props = content.get("schema", {}).get("properties", {})
        if any(callable(p.get("x-enum")) for p in props.values()):
            content["schema"] = schema = dict(content["schema"])
            schema["properties"] = {
                name: ({k: v for k, v in p.items() if k != "x-enum"} | {"enum": list(p["x-enum"]())}
                       if callable(p.get("x-enum")) else p) for name, p in props.items()}


def _version_rule(doc: dict, op: dict) -> None:
    """A PATCH whose body has ``version``: ``version`` is required (the server answers 422 without it, unless the
    ``If-Match`` header carries the record's ETag), and ``If-Match`` is declared."""
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return
    schema = _resolve(doc, content["schema"])
    if "version" not in schema.get("properties", {}):
        return
    op["x-forty2-versioned"] = True
    if "version" not in schema.get("required", []):
        schema.setdefault("required", []).append("version")
    schema["properties"]["version"] = {
        "title": "Version", "type": "integer",
        "description": "The version you read (or send If-Match with the record's ETag instead); a stale one is "
                       "merged unless a field you send changed since, else 409."}
    params = op.setdefault("parameters", [])
    if not any(p.get("in") == "header" and p.get("name", "").lower() == "if-match" for p in params):
        params.append({"in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
                       "description": "The record's ETag, instead of `version` in the body."})
