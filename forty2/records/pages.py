"""The pages of a record type, from its definition (docs/architecture.md, "Adding a record type").

A :class:`RecordPages` names what the pages cannot read from the definition (the words of its headings, the list
columns, where the pages sit in the navigation, sections the app adds to a record's page); :func:`urls` gives
the URL patterns, so an app's ``urls.py`` is three lines::

    app_name = "training"
    urlpatterns = pages.urls(TRAINING_PAGES)

The pages: a list (the definition's filters, sort, search and paging; HTMX swaps only the results), a record's
page (its fields, links, the app's sections, its history), create, edit (always the kit's three-way merge,
:func:`forty2.records.forms.edit`), archive or delete with a confirmation, import (the kit's one import flow:
a large file becomes a job) and export. Writes go through the :class:`~forty2.records.routes.Access` the API
uses, so the pages and the API cannot drift apart. The templates are ``web/records/*.html``.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from forty2.core.errors import Conflict, Forty2Error, InvalidInput
from forty2.core.queries import org_events
from forty2.core.spreadsheets import CONTENT_TYPES, FORMATS, ImportFailed, format_of
from forty2.jobs.models import Job
from forty2.tenancy.models import Membership
from forty2.tenancy.roles import can
from forty2.web.decorators import org_view
from forty2.web.forms import add_service_errors
from forty2.web.listing import is_htmx_fragment, paginate, querystring, sort_columns

from . import display
from . import filters as kit_filters
from . import forms as record_forms
from . import io as kit_io
from . import jobs as import_jobs
from .definition import BOOL, CHOICE, PERSON, REF, URL, RecordType
from .routes import Access

VERBS = ("list", "create", "detail", "edit", "delete", "restore", "import", "export")


@dataclass
class Section:
    """A part of a record's page the app adds (the AI systems that use a model): a template and its context."""

    template: str
    context: dict = field(default_factory=dict)


@dataclass
class RecordPages:
    """The pages of one record type. ``title`` and ``noun`` are the words of headings and buttons ("Models",
    "model"); ``columns`` the fields the list shows after the first; ``extra_columns`` (header, attribute)
    values ``annotate(qs)`` adds to the list; ``sections(membership, obj)`` parts of the record's page;
    ``blockers(obj)`` a Section explaining why it cannot be deleted yet (no delete button then); a type whose
    records are never deleted sets ``deletable = False``."""

    deletable = True
    rt: RecordType
    access: Access
    namespace: str  # the app's URL namespace ("inventory")
    name: str = ""  # URL names are "<name>_list" …; default: the definition's name
    title: str = ""
    noun: str = ""
    intro: str = ""
    nav: str = ""  # the navigation key marked current
    tabs: str = ""  # a template of tabs above the list, rendered with ``tab`` = ``kind or name``
    crumbs: Callable | None = None  # (org) -> [(label, url)] before the list's own crumb
    columns: tuple[str, ...] = ()
    extra_columns: tuple = ()
    annotate: Callable | None = None
    sections: Callable | None = None
    blockers: Callable | None = None
    form_class: type | None = None
    error_aliases: dict = field(default_factory=dict)  # service key -> form field (``version`` of a model)
    kind: str = ""  # set by :func:`kind_urls`: the URL part of pages that share one set of patterns

    def __post_init__(self):
        self.name = self.name or self.rt.name
        self.title = self.title or self.rt.plural
        self.noun = self.noun or self.rt.label
        self.form_class = self.form_class or record_forms.record_form(self.rt)
        self.columns = self.columns or tuple(f.name for f in self.rt.fields if (f.filter or f.sort)
                                             and f.name != self.first.name)[:4]

    @property
    def article(self) -> str:
        """"a" or "an" before ``noun``."""
        return "an" if self.noun[:1].lower() in "aeio" else "a"

    @property
    def first(self):
        return self.rt.fields[0]

    def url(self, verb: str, org: str, pk=None) -> str:
        args = [org, *([self.kind] if self.kind else []), *([pk] if pk is not None else [])]
        return reverse(f"{self.namespace}:{self.name}_{verb}", args=args)

    def urls_for(self, org, obj=None) -> dict:
        out = {v: self.url(v, org.slug) for v in ("list", "create", "import", "export")}
        out["jobs"] = reverse("jobs:job_list", args=[org.slug])
        if obj is not None:
            out.update({v: self.url(v, org.slug, obj.pk) for v in ("detail", "edit", "delete", "restore")})
        return out

    def context(self, membership, obj=None, **extra) -> dict:
        org = membership.organization
        return {"pages": self, "rt": self.rt, "urls": self.urls_for(org, obj), "obj": obj, "nav_active": self.nav,
                "merge_template": "records/_merge.html",
                "tab": self.kind or self.name, "crumbs": self.crumbs(org) if self.crumbs else [], **extra}

    def get(self, membership, pk, *, include_archived=True):
        return self.access.get(self.rt, membership.organization, pk, include_archived=include_archived)

    # --- the pages ---------------------------------------------------------------------------------------

    def list_view(self, request, membership):
        rt, org = self.rt, membership.organization
        keys = kit_filters.param_names(rt)
        state = {key: request.GET.get(key, "").strip() for key in keys}
        params = kit_filters.parse(rt, state, strict=False)  # a hand-edited URL shows the list, not an error
        if "ordering" not in params:
            state["ordering"] = ""
        if rt.archivable:
            state["archived"] = "1" if params.get("archived") else ""
        qs = kit_filters.apply(rt, self.access.queryset(org), params)
        refs = [rt.by_name[n].attr for n in self.columns if rt.by_name[n].kind == REF]
        if refs:  # the columns show the records named: read with the page, not one query per row
            qs = qs.select_related(*refs)
        if self.annotate:
            qs = self.annotate(qs)
        page = paginate(request, qs)
        filters = {k: state[k] for k in keys if k != "ordering"}
        heads = [(f.api_name, f.title) for f in (self.first, *(rt.by_name[n] for n in self.columns))]
        columns = sort_columns(state, [(k, t) for k, t in heads if k in rt.orderings] + [("updated_at", "Updated")],
                               default=rt.default_ordering, descending_first=("updated_at",))
        rows = [(obj, display.text(self.first, obj), self.url("detail", org.slug, obj.pk),
                 [self._cell(rt.by_name[n], obj, org.slug) for n in self.columns],
                 [getattr(obj, attr, "") for _h, attr in self.extra_columns]) for obj in page]
        context = self.context(
            membership, page=page, rows=rows, state=state, query=querystring(state, page=None),
            export_query=querystring(filters), any_filter=any(v for k, v in filters.items() if k != "archived"),
            headers=[(title, columns.get(key)) for key, title in heads], updated=columns["updated_at"],
            selects=self._selects(org, state), fragment=is_htmx_fragment(request),
            may_create=can(membership, "create_record"), may_import=can(membership, "import_records"),
            may_export=can(membership, "export_records"))
        template = "web/records/_results.html" if context["fragment"] else "web/records/list.html"
        response = render(request, template, context)
        response["Vary"] = "HX-Request"
        return response

    @staticmethod
    def _cell(f, obj, org_slug=""):
        if f.kind == REF:
            return {"kind": f.kind, "value": getattr(obj, f.model_field.attname), "text": display.text(f, obj),
                    "url": display.ref_url(f, obj, org_slug)}
        value = getattr(obj, f.attr)
        return {"kind": f.kind, "value": value, "text": display.text(f, obj)}

    def _selects(self, org, state) -> list[dict]:
        """The list's drop-down filters: each choice field declared ``filter=True``, and owners by e-mail."""
        yes_no = [("true", "Yes"), ("false", "No")]
        out = [{"name": f.query_name, "label": f.title, "value": state[f.query_name],
                "options": f.choices.choices if f.choices is not None else yes_no}
               for f in self.rt.filters if f.choices is not None or f.kind == BOOL]
        for f in self.rt.filters:
            if f.kind == REF:  # the organisation's live records, and the one the list is filtered by now
                chosen = state[f.query_name]
                current = (f.related_model.objects.for_org(org).filter(pk=int(chosen)).first()
                           if chosen.isdigit() and int(chosen) < 2**63 else None)
                options = record_forms.ref_choices(f, org, current)[1:]
                out.append({"name": f.query_name, "label": f.title, "value": chosen, "options": options})
        if kit_filters.has_owner_filter(self.rt):
            members = Membership.objects.filter(organization=org).select_related("user")
            people = sorted(((m.user.email, str(m.user)) for m in members), key=lambda c: c[1].lower())
            label = next(f.title for f in self.rt.fields if f.kind == PERSON and not f.read_only)
            out.append({"name": "owner", "label": label, "options": people, "value": state["owner"]})
        return out

    def detail_view(self, request, membership, pk):
        obj = self.get(membership, pk)
        org = membership.organization
        live = not self.rt.archivable or obj.archived_at is None
        rows = [(f.label, display.text(f, obj), f.kind == URL, f.kind == CHOICE and getattr(obj, f.attr), f.name,
                 display.ref_url(f, obj, org.slug))
                for f in self.rt.writable if f.name != self.first.name]
        return render(request, "web/records/detail.html", self.context(
            membership, obj, rows=rows, sections=self.sections(membership, obj) if self.sections else [],
            history=org_events(org, object_type=self.rt.object_type, object_id=obj.pk)[:50],
            may_edit=live and self.access.may_edit(membership, obj),
            may_delete=live and self.deletable and can(membership, "archive_record", obj),
            may_restore=not live and can(membership, "archive_record", obj)))

    def _form(self, data=None, membership=None, **kwargs):
        return self.form_class(data, organization=membership.organization, **kwargs)

    def create_view(self, request, membership):
        form = self._form(request.POST or None, membership)
        if request.method == "POST" and form.is_valid():
            try:
                obj = self.access.do_create(self.rt, membership, form.service_data())
            except Forty2Error as exc:
                add_service_errors(form, exc, aliases=self.error_aliases)
            else:
                messages.success(request, f"{self.noun.capitalize()} ‘{obj}’ added.")
                return redirect(self.url("detail", membership.organization.slug, obj.pk))
        return render(request, "web/records/form.html", self.context(membership, form=form))

    def edit_view(self, request, membership, pk):
        """Edit with a field-level merge (records.forms.edit): changes saved meanwhile by someone else are kept."""
        obj = self.get(membership, pk, include_archived=False)
        if not self.access.may_edit(membership, obj):
            raise PermissionDenied("Your role may edit only the records that are yours.")

        def save(data, version, base, resolved):
            return self.access.do_update(self.rt, membership, obj, data, version=version, base=base,
                                         resolved=resolved)

        edit = record_forms.edit(request, self.rt, self.form_class, obj, save,
                                 reload=lambda: self.get(membership, pk), organization=membership.organization)
        if edit.saved:
            messages.success(request, "Changes saved." if edit.changed else "Nothing changed.")
            return redirect(self.url("detail", membership.organization.slug, pk))
        if edit.stale is not None:  # a form without its merge base: nothing saved, the input kept
            edit.form.add_error(None, edit.stale.message)
            edit.base = record_forms.sign_base(self.rt, self.get(membership, pk))
        return render(request, "web/records/form.html", self.context(membership, obj, form=edit.form, edit=edit))

    def restore_view(self, request, membership, pk):
        """POST brings an archived record back into the lists (its unique name must still be free)."""
        if request.method != "POST" or not self.rt.archivable:
            raise Http404
        obj = self.get(membership, pk)
        try:
            self.access.do_restore(self.rt, membership, obj)
        except Forty2Error as exc:
            messages.error(request, " ".join(e["msg"] for e in exc.errors) if isinstance(exc, InvalidInput)
                           else exc.message)
        else:
            messages.success(request, f"{self.noun.capitalize()} ‘{obj}’ restored.")
        return redirect(self.url("detail", membership.organization.slug, pk))

    def delete_view(self, request, membership, pk):
        """GET asks for confirmation; POST archives (archivable types) or deletes, or says why not (409)."""
        obj = self.get(membership, pk, include_archived=False)
        org = membership.organization
        blockers = self.blockers(obj) if self.blockers else None
        error = None
        if request.method == "POST":
            try:
                if self.rt.archivable:
                    self.access.do_archive(self.rt, membership, obj)
                else:
                    self.access.do_delete(self.rt, membership, obj)
            except Conflict as exc:
                error = exc.message
                blockers = self.blockers(obj) if self.blockers else None
            else:
                done = "archived" if self.rt.archivable else "deleted"
                messages.success(request, f"{self.noun.capitalize()} ‘{obj}’ {done}.")
                return redirect(self.url("list", org.slug))
        response = render(request, "web/records/delete.html", self.context(
            membership, obj, blockers=blockers, error=error))
        if error:
            response.status_code = 409
        return response

    def export_view(self, request, membership):
        """The records as CSV or XLSX, filtered like the list page (the same query parameters)."""
        fmt = request.GET.get("format", "csv").strip().lower()
        if fmt not in FORMATS:
            return HttpResponseBadRequest("Unknown format; use format=csv or format=xlsx.", content_type="text/plain")
        filters = kit_filters.parse(self.rt, request.GET, strict=False)
        data = self.access.export(self.rt, membership, filters, fmt)
        filename = f"{membership.organization.slug}-{self.kind or self.name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
        return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])

    def import_view(self, request, membership):
        """Upload a spreadsheet; every row is checked and either all are saved or none (with a report); a large
        file is imported by a job (its page shows the progress)."""
        rt = self.rt
        wanted = request.GET.get("template")
        if request.method == "GET" and wanted:
            fmt = wanted if wanted in FORMATS else "csv"
            return FileResponse(io.BytesIO(kit_io.template(rt, fmt)), as_attachment=True,
                                filename=f"{self.kind or self.name}-template.{fmt}", content_type=CONTENT_TYPES[fmt])
        words = {"noun": self.title.lower(), "key": self.access.key_of(rt).title.lower()}
        form = ImportForm(request.POST, request.FILES, **words) if request.method == "POST" else ImportForm(**words)
        context = self.context(membership, form=form, columns=kit_io.column_help(rt).items(), problems=None,
                               async_rows=import_jobs.ASYNC_ROWS)
        if request.method != "POST":
            return render(request, "web/records/import.html", context)
        done = run_import(request, membership, form, self.access.import_kind, context,
                          done_url=self.url("list", membership.organization.slug))
        return done or render(request, "web/records/import.html", context, status=422)


def run_import(request, membership, form, kind: str, context: dict, *, done_url: str, update_hint: str = ""):
    """The one import flow of every import page (ISO/IEC 42001 7.5): a valid upload is imported now, all or
    nothing, or queued as a job when large (:func:`forty2.records.jobs.import_or_queue`). Returns the redirect
    (the job's page, or ``done_url`` with a summary), or None with the problems in ``context`` or on ``form``."""
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    try:
        result = import_jobs.import_or_queue(kind, membership, upload, upload.name, update_hint=update_hint,
                                             update_existing=form.cleaned_data["update_existing"])
    except ImportFailed as exc:
        context.update(problems=exc.problems, filename=upload.name)
    except Forty2Error as exc:
        form.add_error(None, exc.message)
    else:
        if isinstance(result, Job):
            return redirect("jobs:job_detail", org=membership.organization.slug, pk=result.pk)
        summary = result.summary()
        messages.success(request, f"{summary[0].upper()}{summary[1:]} from {upload.name}.")
        return redirect(done_url)
    return None


class ImportForm(forms.Form):
    """The import page's form: a CSV/XLSX file within the size limit, and whether rows may update records."""

    file = forms.FileField(
        label="Spreadsheet", widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text="A .csv file (UTF-8, comma or semicolon separated) or an .xlsx workbook (first sheet), "
                  f"at most {settings.FORTY2_MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    update_existing = forms.BooleanField(required=False)

    def __init__(self, *args, noun: str = "records", key: str = "name", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["update_existing"].label = f"Update existing {noun} with the same {key}"
        self.fields["update_existing"].help_text = f"Without this, a {key} already there is reported as a problem."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.FORTY2_MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"The file is larger than "
                                        f"{settings.FORTY2_MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
        try:
            format_of(upload.name)
        except ImportFailed as exc:
            raise forms.ValidationError(exc.message) from None
        return upload


# --- URL patterns ------------------------------------------------------------------------------------------------

_ACTIONS = {"list": "view", "create": "create_record", "detail": "view", "edit": "view",
            "delete": "archive_record", "restore": "archive_record", "import": "import_records",
            "export": "export_records"}
_ROUTES = {"list": "", "create": "new", "detail": "<int:pk>/", "edit": "<int:pk>/edit",
           "delete": "<int:pk>/delete", "restore": "<int:pk>/restore", "import": "import", "export": "export"}


def _view(verb: str, resolve: Callable):
    """The page ``verb`` of the RecordPages ``resolve(kwargs)`` picks, behind org_view with the verb's action."""
    def view(request, membership, **kwargs):
        pages = resolve(kwargs)
        return getattr(pages, f"{verb}_view")(request, membership, **kwargs)

    view.__name__ = view.__qualname__ = f"record_{verb}"
    return org_view(_ACTIONS[verb])(view)


def urls(pages: RecordPages, prefix: str = "") -> list:
    """The URL patterns of one record type's pages under ``prefix`` (named ``<pages.name>_<verb>``)."""
    return [path(prefix + _ROUTES[verb], _view(verb, lambda kwargs: pages), name=f"{pages.name}_{verb}")
            for verb in VERBS]


def kind_urls(kinds: dict[str, RecordPages], name: str) -> list:
    """One set of patterns ``<kind>/…`` serving several record types (the register's models, datasets and
    suppliers), named ``<name>_<verb>`` with ``kind`` as the first argument; an unknown kind is a 404. Each
    RecordPages is declared with that ``name`` and its ``kind``."""
    for kind, pages in kinds.items():
        if (pages.kind, pages.name) != (kind, name):
            raise ValueError(f"{pages.rt.name}: declare RecordPages(name={name!r}, kind={kind!r})")

    def resolve(kwargs):
        try:
            return kinds[kwargs.pop("kind")]
        except KeyError:
            raise Http404("No such register.") from None

    return [path("<str:kind>/" + _ROUTES[verb], _view(verb, resolve), name=f"{name}_{verb}") for verb in VERBS]


# --- what an app registers from its ready() ---------------------------------------------------------------------

def register(pages: RecordPages, *, router_path: str = "", nav: tuple | None = None) -> None:
    """Register a record type's faces with the shared registries: the history wording generated from the
    definition, the link from history to the record's page, and (``nav`` = (label, order)) a navigation entry
    for its list. Call from the app's ``AppConfig.ready()``."""
    from forty2.web import registry as web

    rt = pages.rt
    # labels scoped to the type ("context_issue.name"): two types' fields of one name may read differently
    web.register_history(subjects={rt.name: rt.label}, field_labels={f"{rt.name}.{f.name}": f.title for f in rt.fields})
    web.register_record_url(rt.object_type, lambda org, pk: pages.url("detail", org, int(pk)))
    if nav:
        label, order = nav
        web.register_nav(pages.nav or pages.name, label, f"{pages.namespace}:{pages.name}_list", order=order)
