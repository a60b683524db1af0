"""CSV/XLSX import and export of any record type, all-or-nothing (ISO/IEC 42001 7.5 documented information).

The columns come from the definition (``Field.column_name``); the rules are the same for every type, the CLI, the
web page and the API:

* One header row naming the type's columns (case, spaces and hyphens do not matter); required columns must be
  there; unknown or repeated columns are refused. An export read back is accepted: its read-only columns are
  ignored. A column left out leaves the field untouched; a blank cell clears it (``keep_when_blank`` fields keep
  their value).
* Choice columns take the stored value or its label; list and link columns take several values separated by
  ``;``. Linked records must exist already (an import never creates them, so a typo adds no phantom record).
* Problems name the spreadsheet row (the header is row 1) and the column; after the first problem the other rows
  are still checked, then nothing is saved. A dry run does all the work and rolls it back, so its counts are exact.
* A large file never holds the database for long: rows are written in short batches into a hidden stage and
  published at once (:mod:`forty2.records.staging`).
"""

import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import transaction

from forty2.core import audit
from forty2.core.errors import Forty2Error, InvalidInput
from forty2.core.spreadsheets import (
    ImportFailed,
    format_of,
    problem,
    read_bytes,
    read_table,
    unguard,
    write_csv,
    write_xlsx,
)
from forty2.tenancy.access import require
from forty2.tenancy.models import Membership

from . import staging
from .definition import (
    BOOL,
    BOOL3,
    CHOICE,
    DATE,
    DATETIME,
    INT,
    LINKS,
    MULTI,
    PERSON,
    REF,
    RecordType,
    is_live,
    link_label,
    ref_label,
)
from .validation import clean

logger = logging.getLogger(__name__)

MAX_PROBLEMS = 500
ROW_KEY = "_row"
TRUE, FALSE, UNKNOWN = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}, {"", "unknown", "not yet known"}
STAMPS = ("created_at", "updated_at")


def header_key(text: str) -> str:
    return text.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")


def letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def import_columns(rt: RecordType) -> list[str]:
    return [f.column_name for f in rt.import_fields]


def export_columns(rt: RecordType) -> list[str]:
    return [f.column_name for f in rt.export_fields] + list(STAMPS)


def required_columns(rt: RecordType) -> list[str]:
    return [f.column_name for f in rt.import_fields if f.required]


def column_help(rt: RecordType) -> dict[str, str]:
    """What each import column holds, for the import page and ``--help``."""
    out = {}
    for f in rt.import_fields:
        text = f.column_help or f.help or f.label
        if f.kind == CHOICE:
            text = f"One of: {', '.join(f.choice_values)}. {text}"
        elif f.kind == MULTI:
            text = f"Values separated by ';': {', '.join(f.choice_values)}. {text}"
        elif f.kind == BOOL3:
            text = f"yes, no, or blank when not yet known. {text}"
        elif f.kind == PERSON:
            text = f"E-mail of a member. {text}"
        elif f.kind == LINKS:
            text = f"Names separated by ';'; they must exist already. {text}"
        elif f.kind == REF:
            text = (f"The {link_label(f.related_model).replace('_', ' ')} of a {f.related_model._meta.verbose_name} "
                    f"of this organisation; it must exist already. {text}")
        elif f.kind == DATE:
            text = f"A date, YYYY-MM-DD. {text}"
        elif f.kind == INT:
            text = f"A whole number from {f.minimum} to {f.maximum}. {text}"
        if f.keep_when_blank:
            text += " Blank keeps the current value."
        out[f.column_name] = ("Required. " if f.required else "") + text.strip()
    return out


def check_header(rt: RecordType, table) -> list[str | None]:
    """The column of every header cell (None for a blank or read-only one); one problem per bad column."""
    columns = import_columns(rt)
    read_only = {f.column_name for f in rt.fields if f.read_only} | set(STAMPS)
    problems, keys, seen = [], [], {}
    for index, raw in enumerate(table.header):
        key = header_key(raw)
        if not key:
            if any(index < len(cells) and cells[index].strip() for _n, cells in table.rows):
                problems.append(problem(1, letter(index), f"Column {letter(index)} has values but no header."))
            keys.append(None)
            continue
        if key in read_only:  # an export read back: derived columns, never imported
            keys.append(None)
            continue
        if key not in columns:
            problems.append(problem(1, raw, f"Unknown column '{raw}'. The columns are: {', '.join(columns)}."))
        elif key in seen:
            problems.append(problem(1, key, f"Column '{key}' appears twice (columns {letter(seen[key])} and "
                                            f"{letter(index)})."))
        seen.setdefault(key, index)
        keys.append(key if key in columns else None)
    for key in required_columns(rt):
        if key not in seen:
            problems.append(problem(1, key, f"The required column '{key}' is missing."))
    if problems:
        raise ImportFailed(problems)
    return keys


def count_rows(rt: RecordType, data: bytes, filename: str) -> int:
    """Non-blank data rows of ``data``; ImportFailed for an unreadable file or a bad header."""
    table = read_table(data, format_of(filename))
    check_header(rt, table)
    return sum(1 for _number, cells in table.rows if any(c.strip() for c in cells))


def read_rows(rt: RecordType, fileobj, filename_or_format: str) -> list[dict]:
    """The data rows as ``{column: text, "_row": spreadsheet row}``; blank rows skipped."""
    table = read_table(read_bytes(fileobj), format_of(filename_or_format))
    keys = check_header(rt, table)
    rows, problems = [], []
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        extra = [i for i in range(len(keys), len(cells)) if cells[i].strip()]
        if extra:
            problems.append(problem(number, letter(extra[0]), f"Row {number} has more values than the header "
                                                              f"has columns (from column {letter(extra[0])})."))
        row = {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(keys) if key}
        row[ROW_KEY] = number
        rows.append(row)
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    if not rows:
        raise ImportFailed([problem(None, None, f"The file has a header row but no {rt.plural} below it.")])
    return rows


def enum_value(value: str, choices) -> str:
    """The stored value for a value or label typed in any case; unknown text is passed on for the service to
    refuse with the list of allowed values."""
    text = value.strip()
    wanted = header_key(text)
    for stored, label in choices.choices:
        if wanted == stored or text.lower() == str(label).lower():
            return stored
    return text


def split(value: str, separators=";") -> list[str]:
    for sep in separators[1:]:
        value = value.replace(sep, separators[0])
    parts = [p.strip() for p in value.split(separators[0])]
    return list(dict.fromkeys(p for p in parts if p))


class LinkIndex:
    """The organisation's linkable records by lower-cased name, loaded once per import.

    ``resolvers`` may give a field its own rule (models written ``name@version``); by default a name must
    match exactly one record."""

    def __init__(self, rt: RecordType, org, resolvers: dict | None = None):
        self.resolvers = resolvers or {}
        self.by_name = {}
        for f in rt.import_fields:
            if f.kind in (LINKS, REF):
                index: dict[str, list] = {}
                label = link_label(f.related_model)
                for obj in f.related_model.objects.for_org(org):
                    index.setdefault(str(getattr(obj, label) or "").strip().lower(), []).append(obj)
                self.by_name[f.name] = index

    def resolve(self, f, token: str):
        """(object, None) or (None, message)."""
        index = self.by_name[f.name]
        if f.name in self.resolvers:
            return self.resolvers[f.name](index, token)
        found = index.get(token.lower(), [])
        if len(found) > 1 and f.kind == REF and sum(map(is_live, found)) == 1:
            found = [obj for obj in found if is_live(obj)]  # an archived namesake is not meant
        if len(found) == 1:
            return found[0], None
        noun = f.related_model._meta.verbose_name
        if found:
            return None, f"'{token}' matches several {noun}s; rename one so each name says which."
        return None, f"No {noun} named '{token}' in this organisation; add it under {f.label} first."


def row_data(rt: RecordType, row: dict, links: LinkIndex) -> tuple[dict, list[tuple[str, str]]]:
    """Service data for one row, and the (column, message) problems found before the service sees it."""
    data, problems = {}, []
    for f in rt.import_fields:
        if f.column_name not in row:
            continue
        raw = row[f.column_name]
        value = unguard(raw if isinstance(raw, str) else ("" if raw is None else str(raw)))
        if not value.strip() and f.keep_when_blank:
            continue
        if f.kind == CHOICE:
            data[f.name] = enum_value(value, f.choices) if value.strip() else ""
        elif f.kind == MULTI:
            data[f.name] = [enum_value(v, f.choices) for v in split(value, ";,")]
        elif f.kind in (BOOL3, BOOL):
            flag = value.strip().lower()
            if flag in TRUE | FALSE | (UNKNOWN if f.kind == BOOL3 else set()):
                data[f.name] = True if flag in TRUE else False if flag in FALSE else None
            else:
                problems.append((f.column_name, f"'{value.strip()}' is not allowed; use yes, no"
                                                f"{' or leave it blank' if f.kind == BOOL3 else ''}."))
        elif f.kind in (PERSON, DATE, INT):
            data[f.name] = value.strip() or None
        elif f.kind == REF:
            data[f.name] = None
            if value.strip():
                obj, message = links.resolve(f, value.strip())
                if message:
                    problems.append((f.column_name, message))
                    del data[f.name]  # the problem is reported; the service need not report "missing" as well
                else:
                    data[f.name] = obj.pk
        elif f.kind == LINKS:
            ids = []
            for token in split(value):
                obj, message = links.resolve(f, token)
                if message:
                    problems.append((f.column_name, message))
                else:
                    ids.append(obj.pk)
            data[f.name] = ids
        else:
            data[f.name] = value
    return data, problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    noun: str = "record"
    nouns: str = "records"

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        n = self.imported
        return (f"{verb} {n} {self.noun if n == 1 else self.nouns} ({self.created} new, {self.updated} updated, "
                f"{self.unchanged} unchanged)")


@dataclass
class ImportSpec:
    """How one record type imports: its services (so each row has the same checks and audit events as a single
    edit), an optional link resolver per field, and the key that says "this row is that existing record"."""

    rt: RecordType
    create: Callable  # (membership, data) -> record
    update: Callable  # (membership, record, data, *, version) -> record
    existing: Callable  # (org) -> {lower-cased key: record}
    resolvers: dict = field(default_factory=dict)
    key_field: str = "name"


class _Undo(Exception):
    """Roll an update's check back to its savepoint (it is applied when the import is published)."""

    def __init__(self, changed: bool):
        super().__init__()
        self.changed = changed


def _service_problems(spec, number: int, exc: InvalidInput) -> list[dict]:
    found = []
    for error in exc.errors:
        f = spec.rt.field(str(error["loc"][-1]))
        column = f.column_name if f is not None else error["loc"][-1]
        if column == spec.key_field and error.get("type") == "duplicate":
            continue  # reported by the importer, with the way out (update existing)
        found.append(problem(number, column, error["msg"]))
    return found


class _Importer:
    def __init__(self, spec: ImportSpec, membership, update_existing, result, update_hint, held):
        self.spec, self.membership, self.org = spec, membership, membership.organization
        self.update_existing, self.result, self.update_hint, self.held = update_existing, result, update_hint, held
        self.links = LinkIndex(spec.rt, self.org, spec.resolvers)
        self.live = spec.existing(self.org)
        self.members = {m.user.email.lower(): m for m in
                        Membership.objects.active().filter(organization=self.org).select_related("user")}
        self.first_row: dict[str, int] = {}
        self.problems: list[dict] = []
        self.updates: list[tuple[int, object, dict]] = []

    def row(self, number: int, row: dict) -> None:
        rt, key_field = self.spec.rt, self.spec.key_field
        data, pre = row_data(rt, row, self.links)
        found = [problem(number, column, message) for column, message in pre]
        name = str(data.get(key_field) or "").strip()
        key = name.lower()
        instance = self.live.get(key) if self.update_existing else None
        if key and key in self.first_row:
            found.append(problem(number, key_field, f"'{name}' appears more than once in the file "
                                                    f"(first on row {self.first_row[key]})."))
        elif key and key in self.live and not self.update_existing:
            found.append(problem(number, key_field, f"{rt.article()} {rt.label} named '{name}' is already there; "
                                                    f"{self.update_hint} to change it."))
        if key:
            self.first_row.setdefault(key, number)
        if found or self.problems:  # check only: nothing from this import will be kept
            try:
                clean(rt, self.org, data, partial=instance is not None, instance=instance, members=self.members)
            except InvalidInput as exc:
                reported = {column for column, _message in pre}  # a label not found is not "missing" as well
                found += [p for p in _service_problems(self.spec, number, exc) if p.get("column") not in reported]
        else:
            found = self._save(number, data, instance)
        self.problems += found

    def _save(self, number: int, data: dict, instance) -> list[dict]:
        """Create the record (staged: hidden until the import is published), or check the update with every rule
        of the service and roll it back; the updates are applied when the import is published."""
        try:
            if instance is None:
                self.spec.create(self.membership, data)
                self.result.created += 1
            elif self._check_update(instance, data):
                self.updates.append((number, instance, data))
                self.result.updated += 1
            else:
                self.result.unchanged += 1
        except InvalidInput as exc:
            return _service_problems(self.spec, number, exc)
        except Forty2Error as exc:  # e.g. a status this member may not set, or a concurrent change
            return [problem(number, None, exc.message)]
        return []

    def _check_update(self, instance, data: dict) -> bool:
        """Whether the update would change the record (its errors raised as the service raises them)."""
        events, calls = self.held.mark(), len(staging.pending_callbacks())
        try:
            with transaction.atomic():
                saved = self.spec.update(self.membership, instance, data, version=instance.version)
                raise _Undo(saved.version != instance.version)
        except _Undo as undo:
            return undo.changed
        finally:
            self.held.forget_since(events)
            del staging.pending_callbacks()[calls:]

    def apply_updates(self) -> None:
        for number, instance, data in self.updates:
            try:
                self.spec.update(self.membership, instance, data, version=instance.version)
            except InvalidInput as exc:
                self.problems += _service_problems(self.spec, number, exc)
            except Forty2Error as exc:  # the record changed since the import checked it
                self.problems.append(problem(number, None, exc.message))


def import_rows(spec: ImportSpec, membership, rows: list[dict], *, update_existing: bool = False,
                dry_run: bool = False, source: str = "", progress: Callable[[int, int], None] | None = None,
                update_hint: str = "import with --update-existing",
                on_publish: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Save every row, or nothing; one ``<type>.import`` summary event besides the rows' own events.
    ``update_hint`` says, in the words of the caller's face, how to let a row update a record.

    The rows are written in short transactions into a stage hidden from everyone else and published at once
    (:mod:`forty2.records.staging`), so a large import never holds the database (SQLite's write lock, the
    organisation's audit chain) for long. ``on_publish(result)`` runs inside the publishing transaction (a job
    records its success there); raising from it publishes nothing."""
    rt = spec.rt
    require(membership, "import_records")
    if not rows:
        raise ImportFailed([problem(None, None, f"There are no {rt.plural} to import.")])
    org = membership.organization
    result, total = ImportResult(dry_run=dry_run, noun=rt.label, nouns=rt.plural), len(rows)
    label = f"Import of {total} {rt.plural}" + (f" from {source}" if source else "")
    stage = staging.open_stage(membership, label)
    published = False
    # a model without a stage column cannot hide its rows until publishing: its import is one transaction, undone
    # on any problem and on a dry run, so it is still all-or-nothing
    whole = nullcontext() if staging.is_staged(rt.model) else transaction.atomic()
    try:
        with whole, staging.kept_alive(stage), staging.writing(stage), audit.deferred(org) as held:
            importer = _Importer(spec, membership, update_existing, result, update_hint, held)
            done, batch = 0, staging.batch_rows()
            while done < total and len(importer.problems) < MAX_PROBLEMS:
                with transaction.atomic():
                    for row in rows[done:done + batch]:
                        done += 1
                        importer.row(row.get(ROW_KEY, done + 1), row)
                        if len(importer.problems) >= MAX_PROBLEMS:
                            break
                    staging.beat(stage)
                staging.let_others_write()
                if progress:
                    progress(done, total)
            if len(importer.problems) >= MAX_PROBLEMS:
                importer.problems.append(problem(None, None, f"Stopped checking after {MAX_PROBLEMS} "
                                                             "problems; fix these and import again."))
            if importer.problems:
                raise ImportFailed(importer.problems)
            if dry_run:
                if not staging.is_staged(rt.model):
                    transaction.set_rollback(True)
                return result
            with transaction.atomic():
                staging.still_there(stage)
                importer.apply_updates()
                if importer.problems:
                    raise ImportFailed(importer.problems)
                staging.publish(stage)
                for callback in staging.pending_callbacks():
                    callback()
                audit.record(f"{rt.name}.import", org=org, actor=membership.user, object_type=rt.object_type,
                             object_repr=label,
                             changes={"source": source[:200], "rows": total, "created": result.created,
                                      "updated": result.updated, "unchanged": result.unchanged,
                                      "update_existing": update_existing})
                if on_publish:
                    on_publish(result)
                audit.append_held(held)
            published = True
    finally:
        if not published:
            _discard(stage)
    return result


def _discard(stage) -> None:
    try:
        staging.discard(stage.pk)
    except Exception:  # the database went away: the worker's sweep discards the stage later
        logger.exception("Could not discard import stage %s; the sweep will", stage.pk)


def _cell(f, obj, link_text) -> str:
    value = getattr(obj, f.attr)
    if f.kind == PERSON:
        return value.email if value is not None else ""
    if f.kind == MULTI:
        return "; ".join(value or [])
    if f.kind == BOOL3 or f.kind == BOOL:
        return {True: "yes", False: "no", None: ""}[value]
    if f.kind == REF:
        return ref_label(value)
    if f.kind == LINKS:
        label = link_label(f.related_model)
        return "; ".join(link_text.get(f.name, lambda o: getattr(o, label))(o) for o in value.all())
    if f.kind in (DATE, DATETIME):
        return value.isoformat(timespec="seconds") if f.kind == DATETIME and value else (
            value.isoformat() if value else "")
    return "" if value is None else str(value)


def export_row(rt: RecordType, obj, link_text: dict | None = None) -> list[str]:
    """One record in :func:`export_columns` order, in the form :func:`read_rows` reads back."""
    cells = [_cell(f, obj, link_text or {}) for f in rt.export_fields]
    return cells + [getattr(obj, s).isoformat(timespec="seconds") for s in STAMPS]


def export_bytes(rt: RecordType, records, fmt: str, *, bom: bool = True, link_text: dict | None = None,
                 progress: Callable[[int, int], None] | None = None) -> bytes:
    """``records`` (already scoped to one organisation) as CSV or XLSX bytes."""
    fmt = format_of(fmt)
    records = list(records)
    rows = []
    for done, obj in enumerate(records, start=1):
        rows.append(export_row(rt, obj, link_text))
        if progress:
            progress(done, len(records))
    if fmt == "xlsx":
        return write_xlsx(export_columns(rt), rows, title=rt.plural[:31])
    return write_csv(export_columns(rt), rows, bom=bom)


def export(membership, rt: RecordType, qs, fmt: str, **options) -> bytes:
    """The member's records of ``qs`` as CSV or XLSX; the role must allow exports (the rule lives here, not in
    each face)."""
    require(membership, "export_records")
    qs = qs.filter(organization=membership.organization)
    refs = [f.attr for f in rt.export_fields if f.kind == REF]
    if refs:  # each row's cell is the label of the record named: read with the rows, not one query each
        qs = qs.select_related(*refs)
    return export_bytes(rt, qs, fmt, **options)


def template(rt: RecordType, fmt: str = "csv") -> bytes:
    """An empty sheet: the import header and one example row to overwrite."""
    columns = import_columns(rt)
    row = [rt.example.get(c, "") for c in columns]
    if format_of(fmt) == "xlsx":
        return write_xlsx(columns, [row], title=rt.plural[:31])
    return write_csv(columns, [row])
