"""The REST routes of a record type, from its definition (docs/architecture.md, "Adding a record type").

:func:`record_routes` registers on an app's router, for one :class:`~forty2.records.definition.RecordType` and
one :class:`Access` (how to reach its records and services; every part has a default that uses the kit)::

    GET    {org}/<path>                  list: the definition's filters, ``q``, ``ordering`` (an enum of what
                                         sorts), ``limit``/``offset``, with ``count``
    POST   {org}/<path>                  create (201)
    GET    {org}/<path>/{id}             read, with an ETag
    PATCH  {org}/<path>/{id}             change: ``version`` in the body or If-Match; neither is a 422; a stale
                                         version merges unless a field sent changed since (409, the same body)
    DELETE {org}/<path>/{id}             archive (archivable types) or delete (204)
    POST   {org}/<path>/{id}/restore     bring an archived record back (archivable types)
    GET    {org}/<path>/{id}/history     the record's audit events, newest first (ISO/IEC 42001 7.5.3)
    POST   {org}/<path>/import           CSV/XLSX upload, all-or-nothing; queued as a job above the kit's
                                         threshold (202), the one import flow of :mod:`forty2.records.jobs`
    GET    {org}/<path>/export           CSV/XLSX with the list's filters

Every route's 4xx answers are declared by forty2/api/openapi.py from its shape. Actions of the type's own
(approve, accept, adopt) stay hand-written next to the call. Plain functions, no metaclass: read top to bottom.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja import Path as NinjaPath
from ninja.files import UploadedFile
from pydantic import create_model

from forty2.api.audit import AuditEventList, event_out
from forty2.api.common import (
    PATCH_ANSWERS,
    Page,
    json_response,
    org_membership,
    page_of,
    patch_version,
    with_etag,
)
from forty2.core.queries import org_events
from forty2.core.spreadsheets import CONTENT_TYPES
from forty2.jobs.models import Job
from forty2.tenancy.roles import can

from . import filters as kit_filters
from . import io as kit_io
from . import jobs as import_jobs
from . import writes
from .definition import LINKS, RecordType, link_label
from .schemas import input_schemas, output, output_schema


@dataclass
class Parent:
    """The record a child record belongs to (a risk's treatment actions): its URL part, its path parameter, how
    to find it in the organisation (or raise Http404), and the child's attribute that holds it."""

    path: str  # "risks"
    param: str  # "risk_pk"
    get: Callable  # (org, pk) -> parent record, Http404 when there is none
    attr: str  # "risk"


@dataclass
class Access:
    """How the faces reach one record type's records and services. Plain functions; what is left out uses the
    kit's write path (:mod:`forty2.records.writes`) with ``rules``.

    ``queryset(org)`` gives the organisation's records (archived included; ``select_related`` what ``out``
    reads). ``attach(records)`` readies a page of records for ``out`` (links in one query); ``out_many`` shapes
    a page at once when a value needs a query for the whole page (an approval state)."""

    queryset: Callable
    rules: Callable[[], writes.Rules] | None = None  # a new Rules object per write (rules may keep state)
    create: Callable | None = None  # (membership, data, **initial) -> record
    update: Callable | None = None  # (membership, record, data, *, version, base=None, resolved=None) -> record
    archive: Callable | None = None  # (membership, record) -> record
    restore: Callable | None = None
    delete: Callable | None = None  # (membership, record) -> None
    refuse_delete: Callable | None = None  # (record) -> reason (409) while other records need it
    delete_extra: Callable | None = None  # (record) -> context kept in the deletion's audit event
    attach: Callable | None = None
    out: Callable | None = None  # (record) -> dict; default: the definition's output
    out_many: Callable | None = None  # (records) -> [dict]
    parent: Parent | None = None
    #: import: the key column that says "this row is that record", link resolvers, the export's link text
    key_field: str = ""  # default: the type's first unique field
    resolvers: dict = field(default_factory=dict)
    link_text: dict | None = None
    import_kind: str = ""  # the job kind registered with records.jobs (set by register_import)

    # --- the writes, each the app's callable or the kit's ------------------------------------------------

    def _rules(self):
        return self.rules() if self.rules else writes.NO_RULES

    def may_edit(self, membership, obj) -> bool:
        """The role table's ``edit_record``, or the type's own :meth:`~forty2.records.writes.Rules.may_edit`."""
        return can(membership, "edit_record", obj) or self._rules().may_edit(membership, obj)

    def do_create(self, rt: RecordType, membership, data: dict, **initial):
        if self.create:
            return self.create(membership, data, **initial)
        return writes.create(rt, membership, data, rules=self._rules(), **initial)

    def do_update(self, rt: RecordType, membership, obj, data: dict, *, version: int, base=None, resolved=None):
        if self.update:
            return self.update(membership, obj, data, version=version, base=base, resolved=resolved)
        return writes.update(rt, membership, obj, data, version=version, base=base, resolved=resolved,
                             rules=self._rules())

    def do_archive(self, rt, membership, obj):
        return (self.archive or (lambda m, o: writes.archive(rt, m, o)))(membership, obj)

    def do_restore(self, rt, membership, obj):
        return (self.restore or (lambda m, o: writes.restore(rt, m, o)))(membership, obj)

    def do_delete(self, rt, membership, obj):
        if self.delete:
            return self.delete(membership, obj)
        return writes.delete(rt, membership, obj, refuse=self.refuse_delete, extra=self.delete_extra)

    # --- reads -------------------------------------------------------------------------------------------

    def records(self, org, parent=None):
        qs = self.queryset(org)
        return qs.filter(**{self.parent.attr: parent}) if self.parent and parent is not None else qs

    def get(self, rt: RecordType, org, pk, *, parent=None, include_archived: bool = True):
        """One record of the organisation (of ``parent``), or Http404."""
        qs = self.records(org, parent)
        if rt.archivable and not include_archived:
            qs = qs.filter(archived_at__isnull=True)
        obj = qs.filter(pk=pk).first() if str(pk).isdigit() and int(pk) < 2**63 else None
        if obj is None:
            raise Http404
        return obj

    def shape(self, rt: RecordType, objs: list) -> list[dict]:
        objs = self.attach(objs) if self.attach else attach_links(rt, objs)
        if self.out_many:
            return self.out_many(objs)
        out = self.out or _default_out(rt)
        return [out(o) for o in objs]

    # --- import and export -------------------------------------------------------------------------------

    def import_spec(self, rt: RecordType) -> kit_io.ImportSpec:
        """The kit's import of this type: each row through the same create and update as a single edit."""
        key = self.key_of(rt)

        def existing(org):
            qs = self.queryset(org)
            if rt.archivable:
                qs = qs.filter(archived_at__isnull=True)
            return {str(getattr(o, key.attr) or "").strip().lower(): o for o in qs}

        return kit_io.ImportSpec(
            rt=rt, create=lambda m, data: self.do_create(rt, m, data),
            update=lambda m, obj, data, *, version: self.do_update(rt, m, obj, data, version=version),
            existing=existing, resolvers=self.resolvers, key_field=key.name)

    def key_of(self, rt: RecordType):
        return rt.by_name[self.key_field or (rt.unique[0] if rt.unique else rt.fields[0].name)]

    def register_import(self, rt: RecordType, kind: str, *, update_hint: str = "",
                        outcome_template: str = "web/records/_import_job_outcome.html"):
        """Declare the import job kind of this type (call from the app's ``ready()``; the worker runs it)."""
        self.import_kind = kind
        key = self.key_of(rt).title.lower()
        hint = update_hint or f"tick ‘Update existing {rt.plural.lower()} with the same {key}’"
        import_jobs.register_import(kind, self.import_spec(rt), label=f"{rt.label} import", update_hint=hint,
                                    outcome_template=outcome_template)

    def export(self, rt: RecordType, membership, filters: dict, fmt: str) -> bytes:
        qs = kit_filters.apply(rt, self.queryset(membership.organization), filters)
        return kit_io.export(membership, rt, qs, fmt, link_text=self.link_text)


def attach_links(rt: RecordType, objs: list) -> list:
    """Give each record ``links`` ({out name: [{id, name}]}) for the definition's link fields: one query per link
    field for the whole page (the default of :attr:`Access.attach`)."""
    fields = [f for f in rt.fields if f.kind == LINKS]
    if not fields or not objs:
        return objs
    prefetch_related_objects(objs, *(f.attr for f in fields))
    for obj in objs:
        obj.links = {f.out_name: [{"id": o.pk, "name": getattr(o, link_label(f.related_model))}
                                  for o in getattr(obj, f.attr).all()] for f in fields}
    return objs


_OUTS: dict[int, Callable] = {}


def _default_out(rt: RecordType):
    if id(rt) not in _OUTS:
        _OUTS[id(rt)] = output(rt)
    return _OUTS[id(rt)]


# --- what the OpenAPI document says each route may answer -------------------------------------------------------

class ImportOut(Schema):
    imported: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool


class ImportJobOut(Schema):
    """An import job (its own name: `JobOut` in the OpenAPI document is the jobs app's whole job)."""

    id: int
    status: str
    filename: str
    total_rows: int
    created: int
    updated: int
    unchanged: int
    problems: list[dict]
    created_at: datetime
    finished_at: datetime | None


def job_out(job: Job) -> dict:
    """An import job in the shape the register's API has always answered; ``GET /orgs/{org}/jobs/{id}`` has the
    whole job."""
    result = job.result or {}
    return {"id": job.pk, "status": job.status, "filename": job.params.get("filename", ""), "total_rows": job.total,
            "created": result.get("created", 0), "updated": result.get("updated", 0),
            "unchanged": result.get("unchanged", 0), "problems": job.problems, "created_at": job.created_at,
            "finished_at": job.finished_at}


def list_query(rt: RecordType, prefix: str):
    """The list's query parameters: paging, ``q``, the definition's filters and ``ordering`` as an enum."""
    base = kit_filters.query_schema(rt, prefix)
    return create_model(f"{prefix}ListQuery", __base__=(Page, base))


@dataclass
class Names:
    """Operation ids and path parameter of a type's routes (kept stable when a type moves onto the factory)."""

    id_param: str = "pk"
    operation_ids: dict = field(default_factory=dict)  # verb ("list", "create", ...) -> operation id

    def op(self, verb: str, path: str) -> str:
        return self.operation_ids.get(verb) or f"{verb}_{path.replace('-', '_')}"


def record_routes(router: Router, rt: RecordType, access: Access, *, path: str, schema_prefix: str,
                  schema_out=None, names: Names | None = None, skip: tuple[str, ...] = ()) -> dict:
    """Register the routes of ``rt`` at ``{org}/<path>`` on ``router`` (see the module's table).

    ``schema_prefix`` names the schemas (``<prefix>In``, ``Patch``, ``Out``, ``List``); ``schema_out`` replaces
    the derived output schema when ``access.out`` adds keys; ``skip`` leaves out verbs the app writes itself.
    Returns the view functions by verb."""
    names = names or Names()
    schema_in, schema_patch = input_schemas(rt, schema_prefix)
    schema_out = schema_out or output_schema(rt, schema_prefix)
    schema_list = create_model(f"{schema_prefix}List", __base__=Schema, items=(list[schema_out], ...),
                               count=(int, ...))
    Filters = list_query(rt, schema_prefix)
    ExportFilters = create_model(f"{schema_prefix}ExportQuery", format=(Literal["csv", "xlsx"], "csv"),
                                 __base__=kit_filters.query_schema(rt, schema_prefix))
    label, plural, art = rt.label, rt.plural, rt.article()
    parent = access.parent
    if parent:
        base = "{org}/" + parent.path + "/{int:" + parent.param + "}/" + path
    else:
        base = "{org}/" + path
    one = base + "/{int:" + names.id_param + "}"
    views = {}

    def context(request, org, kwargs):
        m = org_membership(request, org)
        owner = parent.get(m.organization, kwargs.pop(parent.param)) if parent else None
        return m, owner

    def record(m, owner, kwargs, *, include_archived=True):
        return access.get(rt, m.organization, kwargs[names.id_param], parent=owner,
                          include_archived=include_archived)

    def one_out(obj):
        return access.shape(rt, [obj])[0]

    def route(verb, method, url, **kwargs):
        def register(view):
            if verb in skip:
                return view
            # the path parameters, whose names the app chooses, reach the view in **kwargs
            params = [parent.param] if parent else []
            if "{int:" + names.id_param + "}" in url:
                params.append(names.id_param)
            view._ninja_contribute_args = [(name, int, NinjaPath(...)) for name in params]
            getattr(router, method)(url, operation_id=names.op(verb, path), **kwargs)(view)
            views[verb] = view
            return view
        return register

    @route("list", "get", base, response=schema_list, summary=f"List {plural.lower()}",
           description=f"Filters, search (`q`), sort (`ordering`, `-` for descending) and paging of {plural.lower()}.")
    def list_(request, org: str, filters: Query[Filters], **kwargs):
        m, owner = context(request, org, kwargs)
        params = filters.dict(exclude={"limit", "offset"})
        qs = kit_filters.apply(rt, access.records(m.organization, owner), params)
        page, count = page_of(qs, filters.offset, filters.limit)  # the count in the page's own statement
        return json_response({"items": access.shape(rt, page), "count": count})

    @route("create", "post", base, response={201: schema_out}, summary=f"Create {art.lower()} {label}")
    def create_(request, org: str, body: schema_in, **kwargs):
        m, owner = context(request, org, kwargs)
        initial = {parent.attr: owner} if parent else {}
        obj = access.do_create(rt, m, body.dict(exclude_unset=True), **initial)
        return with_etag(json_response(one_out(obj), status=201), obj)

    @route("get", "get", one, response=schema_out, summary=f"Read {art.lower()} {label}")
    def get_(request, org: str, **kwargs):
        m, owner = context(request, org, kwargs)
        obj = record(m, owner, kwargs, include_archived=False)
        return with_etag(json_response(one_out(obj)), obj)

    @route("patch", "patch", one, response=schema_out, summary=f"Change {art.lower()} {label}",
           openapi_extra=PATCH_ANSWERS)
    def patch_(request, org: str, body: schema_patch, **kwargs):
        m, owner = context(request, org, kwargs)
        data = body.dict(exclude_unset=True)
        version = patch_version(request, data, kwargs[names.id_param])
        # an archived record is found, so the write path answers 409 "archived" rather than a puzzling 404
        obj = access.do_update(rt, m, record(m, owner, kwargs), data, version=version)
        return with_etag(json_response(one_out(obj)), obj)

    if rt.archivable:
        @route("delete", "delete", one, response={204: None}, summary=f"Archive {art.lower()} {label}",
               description="Archived records leave the lists; their history is kept (restore brings them back).")
        def archive_(request, org: str, **kwargs):
            m, owner = context(request, org, kwargs)
            access.do_archive(rt, m, record(m, owner, kwargs, include_archived=False))
            return Status(204, None)

        @route("restore", "post", one + "/restore", response=schema_out,
               summary=f"Restore an archived {label}")
        def restore_(request, org: str, **kwargs):
            m, owner = context(request, org, kwargs)
            obj = access.do_restore(rt, m, record(m, owner, kwargs))
            return json_response(one_out(obj))
    else:
        @route("delete", "delete", one, response={204: None}, summary=f"Delete {art.lower()} {label}",
               description="Refused (409) while other records still need it.")
        def delete_(request, org: str, **kwargs):
            m, owner = context(request, org, kwargs)
            access.do_delete(rt, m, record(m, owner, kwargs))
            return Status(204, None)

    @route("history", "get", one + "/history", response=AuditEventList, summary=f"History of {art.lower()} {label}",
           description="The record's audit events, newest first (ISO/IEC 42001 7.5.3).")
    def history_(request, org: str, page: Query[Page], **kwargs):
        m, owner = context(request, org, kwargs)
        obj = record(m, owner, kwargs)
        qs = org_events(m.organization, object_type=rt.object_type, object_id=obj.pk)
        events, count = page_of(qs, page.offset, page.limit)
        return {"items": [event_out(e) for e in events], "count": count}

    if not parent:
        @route("import", "post", base + "/import", response={200: ImportOut, 202: ImportJobOut},
               summary=f"Import {plural.lower()} from CSV or XLSX",
               description="All-or-nothing: every row is checked first; any problem answers 422 listing each "
                           "problem's spreadsheet row (header = row 1) and column, and nothing is saved. Files of "
                           f"more than {import_jobs.ASYNC_ROWS} rows (unless dry_run) are queued: 202 with the "
                           "job, whose status is at GET /orgs/{org}/jobs/{id}.")
        def import_(request, org: str, file: File[UploadedFile], update_existing: Form[bool] = False,
                    dry_run: Form[bool] = False):
            m = org_membership(request, org)
            result = import_jobs.import_or_queue(access.import_kind, m, file, file.name or "",
                                                 update_existing=update_existing, dry_run=dry_run)
            if isinstance(result, Job):
                return Status(202, job_out(result))
            return {"imported": result.imported, "created": result.created, "updated": result.updated,
                    "unchanged": result.unchanged, "dry_run": result.dry_run}

        @route("export", "get", base + "/export", response={200: None},
               summary=f"Export {plural.lower()} as CSV or XLSX",
               description="Same filters as the list; the columns re-import unchanged.")
        def export_(request, org: str, filters: Query[ExportFilters]):
            m = org_membership(request, org)
            params = filters.dict()
            fmt = params.pop("format")
            response = HttpResponse(access.export(rt, m, params, fmt), content_type=CONTENT_TYPES[fmt])
            filename = f"{m.organization.slug}-{path}-{timezone.localdate():%Y-%m-%d}.{fmt}"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response

    return views
