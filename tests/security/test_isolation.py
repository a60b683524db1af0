"""The isolation matrix (issue #14, "Isolation and fuzzing in CI"): every operation of the live OpenAPI document
and every page of the URL configuration, tried by every role of ``acme-health`` and by the people who must get
nothing: Globex's owner, an external auditor whose access has ended, a removed member (and nobody signed in).

The rules checked (forty2/tenancy/roles.py RULES, docs/architecture.md "Tenancy" and "Roles"):

* an outsider's answer under ``acme-health`` is exactly the answer for an organisation that does not exist
  (API: 404, or 401 for a token that died with its membership; pages: 404, or the sign-in page when signed out),
  never a 2xx, never one of acme-health's records, and nothing is written;
* Globex's owner, under Globex, with acme-health's record ids, gets no 2xx and none of acme-health's data;
* the read-only roles (internal auditor, external auditor, viewer) never get a 2xx on an API write and never
  change anything through a page's form (no audit event appended: every write is audited);
* a role that RULES allows to read gets no 403 on a read; a 403 names an action RULES refuses to that role.

New endpoints and pages are covered without editing this file: the operations come from the OpenAPI document
and the pages from the URL resolver; a path parameter that cannot be filled fails with a message saying where
to add it (tests/security/targets.py). Every request runs in a savepoint that is rolled back, so each one sees
the same records. ISO/IEC 42001 A.7.4, 7.5.3; OWASP ASVS 5.0 V8.2 (authorization: function, data and
field level), V8.4 (multi-tenant isolation).
"""

import datetime as dt
import json
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role
from forty2.tenancy.roles import RULES

from . import targets
from .world import OUTSIDERS, ROLES, keep_world_files, world_fixture  # noqa: F401 (fixtures)

READ_ONLY = [Role.INTERNAL_AUDITOR, Role.EXTERNAL_AUDITOR, Role.VIEWER]
UNKNOWN_ORG = "no-such-organisation"
def _audit_work(role, op) -> bool:
    """The internal auditor plans and runs audits and records findings (RULES["manage_audits"], 9.2): the one
    kind of write a role that otherwise only reads may make through the API."""
    return role in RULES["manage_audits"] and any(part in op.template for part in ("/audits", "/findings"))


#: what a read-only role may still do through a form besides reading (creating its own API token)
READ_ONLY_WRITES = {a for a, roles in RULES.items() if roles & set(READ_ONLY)} - {"view", "export_records",
                                                                                  "view_audit_log"}
#: page names whose GET shows a form for a change; roles that may not edit any record may be refused them
WRITE_PAGE = re.compile(r"new|create|edit|archive|import|sign_off|questionnaire|questions|approve|adopt|accept|"
                        r"add|status|delete|remove|settings|fulfil|link|action|inference|revoke")
_DENIED = re.compile(r"may not ([a-z ]+)\.")
CSV = b"name,purpose\nIsolation probe,Probe\n"
#: values for fields the schema leaves as free text but the service reads as a choice
HINTS = {"role": Role.VIEWER, "status": "partial"}


@dataclass
class Answer:
    status: int
    body: str
    appended: int  # audit events appended to acme-health's chain by the request
    location: str = ""


def send(world, client: Client, method: str, path: str, *, body=None, multipart=None, headers=None) -> Answer:
    """One request inside a savepoint that is rolled back; counts the audit events it appended."""
    kwargs = {"headers": headers or {}}
    if multipart is not None:
        kwargs["data"] = {k: (SimpleUploadedFile(v[0], v[1]) if isinstance(v, tuple) else v)
                          for k, v in multipart.items()}
    elif body is not None:
        kwargs["data"], kwargs["content_type"] = json.dumps(body), "application/json"
    with transaction.atomic():
        before = AuditEvent.objects.filter(organization=world.org).count()
        response = getattr(client, method.lower())(path, **kwargs)
        appended = AuditEvent.objects.filter(organization=world.org).count() - before
        transaction.set_rollback(True)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return Answer(response.status_code, content.decode("utf-8", "replace"), appended,
                  response.headers.get("Location", ""))


def leaked(world, answer: Answer) -> list[str]:
    return [m for m in world.markers if m in answer.body]


# --- request bodies from the OpenAPI schema ---------------------------------------------------------------------

def _resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def example(doc, schema, name=""):
    """A plausible value for ``schema`` (required fields only): enough for many writes to succeed as the owner,
    so that a refusal to a read-only role means the role check, not a bad body."""
    schema = _resolve(doc, schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [_resolve(doc, s) for s in schema[key] if _resolve(doc, s).get("type") != "null"]
            return example(doc, options[0], name) if options else None
    if schema.get("default") is not None:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: example(doc, props[k], k) for k in schema.get("required", []) if k in props}
    if kind == "array":
        return [example(doc, schema.get("items", {}), name)] if schema.get("minItems") else []
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    if name in HINTS:
        return HINTS[name]
    fmt = schema.get("format")
    if fmt == "date" or name.endswith("_date"):
        return (dt.date.today() + dt.timedelta(days=30)).isoformat()
    if fmt == "date-time":
        return (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).isoformat()
    if fmt == "email" or "email" in name:
        return "isolation.probe@example.com"
    return "Isolation probe"


def request_for(doc, op: targets.Operation, world, version: int | None):
    """(json body, multipart fields) for ``op``."""
    content = op.spec.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        schema = _resolve(doc, content["multipart/form-data"]["schema"])
        fields = {}
        for key, prop in schema.get("properties", {}).items():
            prop = _resolve(doc, prop)
            if prop.get("format") == "binary":
                fields[key] = ("probe.csv", CSV)
            elif key in schema.get("required", []):
                fields[key] = example(doc, prop, key)
        return None, fields
    if "application/json" in content:
        body = example(doc, content["application/json"]["schema"])
        if isinstance(body, dict) and version is not None and "version" in _resolve(
                doc, content["application/json"]["schema"]).get("properties", {}):
            body["version"] = version
        return body, None
    return None, None


# --- the world's clients ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def matrix(world):
    """Clients per subject: a bearer token and a signed-in session each."""
    token, session = {}, {}
    for name, subject in world.subjects.items():
        token[name] = (Client(raise_request_exception=False), {"Authorization": f"Bearer {subject.token}"})
        c = Client(raise_request_exception=False)
        c.force_login(subject.membership.user)
        session[name] = (c, {})
    values, query = targets.param_values(world.org, world.job_id)
    return {"token": token, "session": session, "values": values, "query": query,
            "anonymous": (Client(raise_request_exception=False), {})}


def _with_query(path, op, query):
    required = [p["name"] for p in op.spec.get("parameters", []) if p["in"] == "query" and p.get("required")]
    missing = [n for n in required if n not in query]
    if missing:
        raise targets.UnfilledParameter(f"{op.label}: no value for the required query parameter(s) {missing}; add "
                                        f"them to tests/security/targets.py param_values()")
    return path + ("?" + "&".join(f"{n}={query[n]}" for n in required) if required else "")


def _version(owner, path) -> int | None:
    """The version a write must name: that of the record at ``path`` or of the nearest record above it."""
    c, h = owner
    path = path.split("?", 1)[0]
    while path.count("/") > 4:
        r = c.get(path, headers=h)
        if r.status_code == 200 and isinstance(body := r.json(), dict) and "version" in body:
            return body["version"]
        path = path.rsplit("/", 1)[0]
    return None


def api_family(template: str) -> str:
    """The route family of an API path: the segment after ``/orgs/{org}/`` (``risks``), else after ``/api/v1/``."""
    rest = template.removeprefix(targets.API_PREFIX + "/")
    rest = rest.removeprefix("orgs/{org}/") if rest.startswith("orgs/{org}/") else rest
    return rest.split("/", 1)[0] or "/"


def page_family(route: str) -> str:
    """The route family of a page: the segment after ``o/<slug:org>/`` (``risks``), else its first segment."""
    rest = route.removeprefix("o/<slug:org>/") if route.startswith("o/<slug:org>/") else route
    return rest.split("/", 1)[0] or "/"


#: the matrix runs one test per route family (each shares the module's world), so a failure names its family and
#: the families run in parallel under xdist; test_the_families_cover_every_operation_and_page checks none is lost
API_FAMILIES = sorted({api_family(o.template) for o in targets.operations(targets.collected_document())})
PAGE_FAMILIES = sorted({page_family(p.route) for p in targets.pages()})


@pytest.fixture(scope="module")
def live_document(world, django_db_blocker):
    """The live OpenAPI document, as a client reads it."""
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def test_the_families_cover_every_operation_and_page(live_document):
    """Every operation of the live document and every page of the URL configuration is in a family the matrix
    tries (a new family appears as a new test; none is skipped)."""
    ops = targets.operations(live_document)
    assert len(ops) == sum(len(v) for v in live_document["paths"].values())
    assert {api_family(o.template) for o in ops} <= set(API_FAMILIES)
    assert {page_family(p.route) for p in targets.pages()} <= set(PAGE_FAMILIES)


@pytest.mark.parametrize("family", API_FAMILIES)
def test_every_api_operation_keeps_organisations_and_roles_apart(db, world, matrix, live_document, family):
    doc = live_document
    ops = [o for o in targets.operations(doc) if api_family(o.template) == family]
    values, query = matrix["values"], matrix["query"]
    problems, requests, owner_writes_ok, covered = [], 0, 0, 0
    slug = world.org.slug

    for op in ops:
        if op.public:  # meant for everyone (targets.PUBLIC_API says why and where it is tested)
            covered += 1
            continue
        try:
            path = _with_query(targets.API_PREFIX + targets.fill(op.template.removeprefix(targets.API_PREFIX),
                                                                   values, slug), op, query)
        except targets.UnfilledParameter as exc:
            problems.append(str(exc))
            continue
        unknown_path = path.replace(f"/orgs/{slug}/", f"/orgs/{UNKNOWN_ORG}/")
        foreign_path = path.replace(f"/orgs/{slug}/", f"/orgs/{world.other.slug}/")
        version = _version(matrix["token"][Role.OWNER], path) if op.is_write and op.org_scoped else None
        body, multipart = request_for(doc, op, world, version)

        def call(client_headers, url, _op=op, _body=body, _multipart=multipart):
            c, h = client_headers
            return send(world, c, _op.method, url, body=_body, multipart=_multipart, headers=h)

        # the six roles, by token
        for role in ROLES:
            a = call(matrix["token"][role], path)
            requests += 1
            if a.status >= 500:
                problems.append(f"{op.label}: {role} got {a.status}")
            elif not op.is_write and a.status == 403:
                m = _DENIED.search(a.body)
                action = m.group(1).replace(" ", "_") if m else None
                if action not in RULES or role in RULES[action]:
                    problems.append(f"{op.label}: {role} may read (RULES) but got 403 {a.body[:120]}")
            elif not op.is_write and role == Role.OWNER and a.status != 200:
                problems.append(f"{op.label}: the owner's read answered {a.status} {a.body[:160]} (a parameter "
                                "in tests/security/targets.py does not name a real record?)")
            if op.is_write and op.org_scoped:
                if role == Role.OWNER and 200 <= a.status < 300:
                    owner_writes_ok += 1
                if role in READ_ONLY and (200 <= a.status < 300 or a.appended) and not _audit_work(role, op):
                    problems.append(f"{op.label}: read-only {role} got {a.status} ({a.appended} events)")

        # the outsiders, by token and by session, and the signed-out
        for mode in ("token", "session"):
            # what anyone gets for an organisation that does not exist; a token that died with its membership
            # is refused before any organisation is looked up (401)
            unknown = call(matrix[mode]["foreign_owner"], unknown_path) if op.org_scoped else None
            requests += op.org_scoped
            for name in OUTSIDERS:
                a = call(matrix[mode][name], path)
                requests += 1
                if not op.org_scoped:
                    if a.status >= 500 or leaked(world, a):
                        problems.append(f"{op.label}: {name} ({mode}) got {a.status} with {leaked(world, a)}")
                    continue
                dead_token = mode == "token" and name != "foreign_owner"
                same = a.status == 401 if dead_token else (a.status, a.body) == (unknown.status, unknown.body)
                if not same or a.status not in (401, 404, 422) or a.appended:
                    problems.append(f"{op.label}: {name} ({mode}) got {a.status} {a.body[:100]!r}, an unknown "
                                    f"organisation {unknown.status} {unknown.body[:100]!r} ({a.appended} events)")
            if op.org_scoped and any(isinstance(v, int) and _key_in(op.template, k) for k, v in values.items()):
                a = call(matrix[mode]["foreign_owner"], foreign_path)
                requests += 1
                if 200 <= a.status < 300 or a.status >= 500 or leaked(world, a) or a.appended:
                    problems.append(f"{op.label}: Globex's owner ({mode}) with acme-health's ids got {a.status} "
                                    f"{leaked(world, a)} ({a.appended} events)")
        a = call(matrix["anonymous"], path)
        requests += 1
        if op.org_scoped and a.status != 401 or a.appended or a.status >= 500:
            problems.append(f"{op.label}: signed out got {a.status}")
        covered += 1

    print(f"\nisolation matrix, {family}: {covered} of {len(ops)} API operations, {requests} requests, "
          f"{owner_writes_ok} writes the owner could make")
    assert ops, f"no operation in the family {family}"
    assert not problems, f"{family}: {len(problems)} problem(s):\n" + "\n".join(problems)
    assert covered == len(ops), f"{family}: an operation of the OpenAPI document was not tried"


def _key_in(template: str, key: tuple) -> bool:
    before, name = key
    return f"{before}/{{{name}}}" in template


@pytest.mark.parametrize("family", PAGE_FAMILIES)
def test_every_page_keeps_organisations_and_roles_apart(db, world, matrix, family):
    pages = [p for p in targets.pages() if page_family(p.route) == family]
    values = matrix["values"]
    problems, requests, covered = [], 0, 0
    slug = world.org.slug
    session = matrix["session"]

    for page in pages:
        if page.public:  # meant for everyone (targets.PUBLIC says why and where it is tested)
            covered += 1
            continue
        try:
            url = targets.page_url(page, values, slug)
        except targets.UnfilledParameter as exc:
            problems.append(str(exc))
            continue
        if not page.org_scoped:
            for name in OUTSIDERS:
                for method in ("GET", "POST"):
                    a = send(world, session[name][0], method, url)
                    requests += 1
                    if a.status >= 500 or leaked(world, a) or a.appended:
                        problems.append(f"{method} {page.route}: {name} got {a.status} {leaked(world, a)} "
                                        f"({a.appended} events)")
            covered += 1
            continue
        unknown_url = url.replace(f"/o/{slug}/", f"/o/{UNKNOWN_ORG}/", 1)
        unknown = {m: send(world, session["foreign_owner"][0], m, unknown_url) for m in ("GET", "POST")}
        requests += 2
        # org_view(action) names the action on the view; a page outside it must at least refuse outsiders
        allowed = RULES[page.action] if page.action else RULES["view"]

        for role in ROLES:
            a = send(world, session[role][0], "GET", url)
            requests += 1
            if unknown["GET"].status == 405:  # POST only, refused before anything is looked up
                if a.status != 405:
                    problems.append(f"GET {page.route}: {role} got {a.status}, not 405 as for any organisation")
            elif a.status >= 500:
                problems.append(f"GET {page.route}: {role} got {a.status}")
            elif role not in allowed and a.status != 403:
                problems.append(f"GET {page.route}: {role} may not {page.action} but got {a.status}")
            elif role in allowed and a.status == 403 and (role in RULES["edit_any_record"]
                                                         or not WRITE_PAGE.search(page.name)):
                problems.append(f"GET {page.route}: {role} may {page.action or 'view'} (RULES) but got 403")
            if role in READ_ONLY and page.action not in READ_ONLY_WRITES:
                a = send(world, session[role][0], "POST", url)
                requests += 1
                if a.status >= 500 or a.appended:
                    problems.append(f"POST {page.route}: read-only {role} got {a.status} ({a.appended} events)")

        for method in ("GET", "POST"):
            u = unknown[method]
            expected = 405 if u.status == 405 else 404
            for name in OUTSIDERS:
                a = send(world, session[name][0], method, url)
                requests += 1
                if a.status != expected or u.status != expected or leaked(world, a) or a.appended:
                    problems.append(f"{method} {page.route}: {name} got {a.status} {leaked(world, a)}, an unknown "
                                    f"organisation {u.status} ({a.appended} events)")
            a = send(world, matrix["anonymous"][0], method, url)
            requests += 1
            if (a.status, expected) != (405, 405) and (a.status != 302 or "/accounts/login/" not in a.location) \
                    or a.appended:
                problems.append(f"{method} {page.route}: signed out got {a.status} {a.location}")
            if any(isinstance(v, int) and _key_in(_as_template(page.route), k) for k, v in values.items()):
                a = send(world, session["foreign_owner"][0], method,
                         url.replace(f"/o/{slug}/", f"/o/{world.other.slug}/", 1))
                requests += 1
                if 200 <= a.status < 300 and method == "GET" or a.status >= 500 or leaked(world, a) \
                        or a.appended:
                    problems.append(f"{method} {page.route}: Globex's owner with acme-health's ids got {a.status} "
                                    f"{leaked(world, a)} ({a.appended} events)")

        covered += 1

    print(f"\nisolation matrix, {family}: {covered} of {len(pages)} pages, {requests} requests")
    assert pages, f"no page in the family {family}"
    assert not problems, f"{family}: {len(problems)} problem(s):\n" + "\n".join(problems)
    assert covered == len(pages), f"{family}: a page of the URL configuration was not tried"


def _as_template(route: str) -> str:
    """``o/<slug:org>/risks/<int:pk>/`` -> ``o/{org}/risks/{pk}/``"""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@pytest.mark.parametrize("role", READ_ONLY)
def test_a_read_only_role_cannot_patch_a_clause_even_to_change_nothing(db, world, matrix, role):
    """``PATCH …/clause-assessments/{ref}`` with only the version answered 200 to a viewer (the change was empty,
    so the role was never asked); it is now 403 like any other write of theirs."""
    values = matrix["values"]
    ref = values[("clause-assessments", "ref")]
    client, headers = matrix["token"][Role.OWNER]
    version = client.get(f"/api/v1/orgs/{world.org.slug}/clause-assessments/{ref}", headers=headers).json()["version"]
    viewer, viewer_headers = matrix["token"][role]
    a = send(world, viewer, "PATCH", f"/api/v1/orgs/{world.org.slug}/clause-assessments/{ref}",
             body={"version": version}, headers=viewer_headers)
    assert a.status == 403, a.body



def test_a_new_endpoint_whose_parameter_cannot_be_filled_fails_naming_it():
    """Never skipped: the matrix reports the operation and the entry to add (tests/security/targets.py)."""
    with pytest.raises(targets.UnfilledParameter, match=r"widget_id.*add \('widgets', 'widget_id'\)"):
        targets.fill("/orgs/{org}/widgets/{widget_id}", {}, "acme-health")
