"""Import and export of the AI system register as CSV or XLSX (ISO/IEC 42001 4.1, A.4, A.6, A.10).

An organisation usually starts its AIMS with a spreadsheet of the AI systems it has; this module turns that
sheet into register entries, all-or-nothing, and writes the register back out in the same columns.

Rules of the file format (the same for CSV and XLSX, for the CLI, the web page and the API):

* One header row naming columns from :data:`COLUMNS` (case and spaces do not matter: ``Intended use`` is
  ``intended_use``); ``name`` and ``purpose`` are required, unknown or repeated columns are refused.
  A column left out of the file leaves that field untouched; a blank cell clears the field (a blank
  ``lifecycle_stage`` or ``status`` keeps the current value, or the default for a new system).
* Choice columns take the stored value or its label: ``operation_monitoring`` or ``Operation and monitoring``.
* ``ai_roles``, ``models``, ``datasets``, ``suppliers``: several values separated by ``;``.
  Models are written ``name`` or ``name@version``. Linked records must already exist in the organisation:
  an unknown name is an error naming the row and column (an import never creates models, datasets or
  suppliers, so a typo cannot add a phantom supplier to the register).
* ``vulnerable_groups``: yes/no/true/false, blank for "not yet known". Owners: a member's e-mail.
* Error reports name the *spreadsheet row* (the header is row 1, the first system row 2) and the column.
* A name already in the register is an error unless ``update_existing`` is set; then that row updates
  the system (a row that changes nothing records no event).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from forty2.core import audit
from forty2.core.errors import Forty2Error, InvalidInput
from forty2.core.spreadsheets import (
    CONTENT_TYPES,
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

from . import services
from .models import (
    AIModel,
    AIRole,
    AISystem,
    Automation,
    Criticality,
    Dataset,
    LifecycleStage,
    PersonalData,
    Supplier,
    SystemStatus,
)

__all__ = ["COLUMNS", "COLUMN_HELP", "CONTENT_TYPES", "ImportFailed", "ImportResult", "export_ai_systems",
           "import_ai_systems", "read_rows", "template"]

COLUMNS = (
    "name", "purpose", "intended_use", "description", "business_owner", "technical_owner", "business_unit",
    "lifecycle_stage", "ai_roles", "deployment_context", "geography", "affected_people", "vulnerable_groups",
    "automation", "human_oversight", "personal_data", "personal_data_notes", "criticality", "status", "models",
    "datasets", "suppliers",
)
REQUIRED_COLUMNS = ("name", "purpose")
#: exported for reading (EU AI Act tier, risk profile, approval, dates); set elsewhere, so ignored on import
REPORT_COLUMNS = ("ai_act_tier", "risk_profile_level", "approved_by", "approved_at", "created_at", "updated_at")
EXPORT_COLUMNS = COLUMNS + REPORT_COLUMNS
ENUM_COLUMNS = {"lifecycle_stage": LifecycleStage, "status": SystemStatus, "automation": Automation,
                "personal_data": PersonalData, "criticality": Criticality}
KEEP_WHEN_BLANK = ("lifecycle_stage", "status")
LINK_COLUMNS = {"models": ("model_ids", AIModel), "datasets": ("dataset_ids", Dataset),
                "suppliers": ("supplier_ids", Supplier)}
COLUMN_OF_FIELD = {field: column for column, (field, _model) in LINK_COLUMNS.items()}
TRUE, FALSE, UNKNOWN = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}, {"", "unknown", "not yet known"}
PLAIN_COLUMNS = (set(services.TEXT_FIELDS) | set(ENUM_COLUMNS)) & set(COLUMNS)
MAX_PROBLEMS = 500
ROW_KEY = "_row"

EXAMPLE = {
    "name": "Appointment booking chatbot", "purpose": "Answers patients' questions and books outpatient slots.",
    "intended_use": "Patients and carers on the public website; not for clinical advice.",
    "business_unit": "Patient services", "lifecycle_stage": "design_development", "ai_roles": "customer",
    "geography": "UK", "affected_people": "Patients and carers", "vulnerable_groups": "yes",
    "automation": "human_on_the_loop", "human_oversight": "Hand-over to the contact centre on request.",
    "personal_data": "personal", "criticality": "medium", "status": "proposed",
}


def _values(choices) -> str:
    return ", ".join(choices.values)


#: What each column holds, for the import page and ``--help`` (required columns first).
COLUMN_HELP = {
    "name": "Required. A short name, unique among the live systems of the register.",
    "purpose": "Required. What the system is for and the decision or task it supports (4.1, A.6.1.2).",
    "intended_use": "Who uses it, for what, and uses that are out of bounds (A.9.4).",
    "description": "Free text.",
    "business_owner": "E-mail of a member accountable for the system (A.3.2).",
    "technical_owner": "E-mail of a member responsible for building or running it.",
    "business_unit": "Free text, e.g. Radiology.",
    "lifecycle_stage": f"One of: {_values(LifecycleStage)} (A.6.2). Blank keeps the current stage.",
    "ai_roles": f"The organisation's roles, separated by ';': {_values(AIRole)} (ISO/IEC 22989).",
    "deployment_context": "Where and how it runs (A.6.2.5).",
    "geography": "Countries or regions, e.g. EU, UK.",
    "affected_people": "Who is affected by its outputs (A.5.4).",
    "vulnerable_groups": "yes, no, or blank when not yet known.",
    "automation": f"One of: {_values(Automation)} (A.9.2).",
    "human_oversight": "How people oversee, override or stop it (A.9.3).",
    "personal_data": f"One of: {_values(PersonalData)} (A.7.4).",
    "personal_data_notes": "Free text.",
    "criticality": f"One of: {_values(Criticality)}.",
    "status": f"One of: {_values(SystemStatus)}. Approval statuses need an approver's role.",
    "models": "Model names separated by ';', written name or name@version; they must exist already.",
    "datasets": "Dataset names separated by ';'; they must exist already (A.7).",
    "suppliers": "Supplier names separated by ';'; they must exist already (A.10).",
}


def _header_key(text: str) -> str:
    return text.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _check_header(table) -> list[str | None]:
    """The column key of every header cell (None for a blank, unused one); one problem per bad column."""
    problems, keys, seen = [], [], {}
    for index, raw in enumerate(table.header):
        key = _header_key(raw)
        if not key:
            if any(index < len(cells) and cells[index].strip() for _n, cells in table.rows):
                problems.append(problem(1, _letter(index), f"Column {_letter(index)} has values but no header."))
            keys.append(None)
            continue
        if key in REPORT_COLUMNS:  # an export read back: these are derived, never imported
            keys.append(None)
            continue
        if key not in COLUMNS:
            problems.append(problem(1, raw, f"Unknown column '{raw}'. The columns are: {', '.join(COLUMNS)}."))
        elif key in seen:
            problems.append(problem(1, key, f"Column '{key}' appears twice (columns {_letter(seen[key])} and "
                                            f"{_letter(index)})."))
        seen.setdefault(key, index)
        keys.append(key if key in COLUMNS else None)
    for key in REQUIRED_COLUMNS:
        if key not in seen:
            problems.append(problem(1, key, f"The required column '{key}' is missing."))
    if problems:
        raise ImportFailed(problems)
    return keys


def read_rows(fileobj, filename_or_format: str) -> list[dict]:
    """The data rows of an uploaded CSV/XLSX file as ``{column: text, "_row": spreadsheet row}``.

    Raises :class:`ImportFailed` for an unreadable file or a bad header; skips entirely blank rows.
    """
    fmt = format_of(filename_or_format)
    table = read_table(read_bytes(fileobj), fmt)
    keys = _check_header(table)
    rows, problems = [], []
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        extra = [i for i in range(len(keys), len(cells)) if cells[i].strip()]
        if extra:
            problems.append(problem(number, _letter(extra[0]), f"Row {number} has more values than the header "
                                                               f"has columns (from column {_letter(extra[0])})."))
        row = {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(keys) if key}
        row[ROW_KEY] = number
        rows.append(row)
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    if not rows:
        raise ImportFailed([problem(None, None, "The file has a header row but no AI systems below it.")])
    return rows


# --- one row -> service data ------------------------------------------------------------------------

def _enum(value: str, choices) -> str:
    """The stored value for a value or label typed in any case; unknown text is passed on for the
    service to refuse with the list of allowed values."""
    text = value.strip()
    wanted = _header_key(text)
    for stored, label in choices.choices:
        if wanted == stored or text.lower() == str(label).lower():
            return stored
    return text


class _Links:
    """The organisation's models, datasets and suppliers by lower-cased name, loaded once per import."""

    def __init__(self, org):
        self.by_name = {}
        for column, (_field, model) in LINK_COLUMNS.items():
            index: dict[str, list] = {}
            for obj in model.objects.for_org(org):
                index.setdefault(obj.name.strip().lower(), []).append(obj)
            self.by_name[column] = index

    def resolve(self, column: str, token: str):
        """(object, None) or (None, message)."""
        index = self.by_name[column]
        label = {"models": "model", "datasets": "dataset", "suppliers": "supplier"}[column]
        found = index.get(token.lower(), [])
        if column == "models" and len(found) > 1:
            unversioned = [m for m in found if not m.model_version]
            if len(unversioned) == 1:
                return unversioned[0], None
            versions = ", ".join(f"{m.name}@{m.model_version}" for m in found)
            return None, f"'{token}' matches several model versions ({versions}); write name@version."
        if len(found) == 1:
            return found[0], None
        if column == "models" and "@" in token:
            name, version = (part.strip().lower() for part in token.rsplit("@", 1))
            for model in index.get(name, []):
                if model.model_version.strip().lower() == version:
                    return model, None
        return None, f"No {label} named '{token}' in this organisation; add it under {label.title()}s first."


def _split(value: str, separators=";") -> list[str]:
    for sep in separators[1:]:
        value = value.replace(sep, separators[0])
    parts = [p.strip() for p in value.split(separators[0])]
    return list(dict.fromkeys(p for p in parts if p))


def row_data(row: dict, links: _Links) -> tuple[dict, list[tuple[str, str]]]:
    """Service data for one row and the (column, message) problems found before the service sees it."""
    data, problems = {}, []
    for column, raw in row.items():
        if column == ROW_KEY:
            continue
        value = unguard(raw if isinstance(raw, str) else ("" if raw is None else str(raw)))
        if column in ENUM_COLUMNS:
            if not value.strip() and column in KEEP_WHEN_BLANK:
                continue
            data[column] = _enum(value, ENUM_COLUMNS[column]) if value.strip() else ""
        elif column == "ai_roles":
            data[column] = [_enum(r, AIRole) for r in _split(value, ";,")]
        elif column == "vulnerable_groups":
            flag = value.strip().lower()
            if flag in TRUE | FALSE | UNKNOWN:
                data[column] = True if flag in TRUE else False if flag in FALSE else None
            else:
                problems.append((column, f"'{value.strip()}' is not allowed; use yes, no or leave it blank."))
        elif column in ("business_owner", "technical_owner"):
            data[column] = value.strip() or None
        elif column in LINK_COLUMNS:
            ids = []
            for token in _split(value):
                obj, message = links.resolve(column, token)
                if message:
                    problems.append((column, message))
                else:
                    ids.append(obj.pk)
            data[LINK_COLUMNS[column][0]] = ids
        else:
            data[column] = value
    return data, problems


# --- import -----------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        n = self.imported
        return (f"{verb} {n} AI system{'s' if n != 1 else ''} ({self.created} new, {self.updated} updated, "
                f"{self.unchanged} unchanged)")


class _RollBack(Exception):
    """Leave the import's transaction without saving (problems found, or a dry run)."""


def _service_problems(number: int, exc: InvalidInput) -> list[dict]:
    found = []
    for error in exc.errors:
        column = COLUMN_OF_FIELD.get(error["loc"][-1], error["loc"][-1])
        if column == "name" and error.get("type") == "duplicate":
            continue  # reported by the importer, with the way out (update existing)
        found.append(problem(number, column, error["msg"]))
    return found


#: how to let a row update an existing system, in the CLI's words (the web page passes its own)
UPDATE_HINT = "import with 'update existing' (--update-existing)"
WEB_UPDATE_HINT = "tick ‘Update existing systems with the same name’ and upload the file again"


class _Importer:
    """One pass over the rows: each row goes through the services (the same checks and audit events as a
    single edit). After the first problem, the remaining rows are only checked, then everything rolls back."""

    def __init__(self, membership, update_existing: bool, result: ImportResult, update_hint: str = UPDATE_HINT):
        self.membership, self.org = membership, membership.organization
        self.update_existing, self.result, self.update_hint = update_existing, result, update_hint
        self.links = _Links(self.org)
        self.live = {s.name.strip().lower(): s
                     for s in AISystem.objects.for_org(self.org).filter(archived_at__isnull=True)}
        self.first_row: dict[str, int] = {}
        self.problems: list[dict] = []

    def row(self, number: int, row: dict) -> None:
        data, pre = row_data(row, self.links)
        found = [problem(number, column, message) for column, message in pre]
        name = str(data.get("name") or "").strip()
        key = name.lower()
        instance = self.live.get(key) if self.update_existing else None
        if key and key in self.first_row:
            found.append(problem(number, "name", f"'{name}' appears more than once in the file "
                                                 f"(first on row {self.first_row[key]})."))
        elif key and key in self.live and not self.update_existing:
            found.append(problem(number, "name", f"An AI system named '{name}' is already in the register; "
                                                 f"{self.update_hint} to change it."))
        if key:
            self.first_row.setdefault(key, number)
        if found or self.problems:  # check only: nothing from this import will be kept
            try:
                services.clean_ai_system_data(self.org, data, partial=instance is not None, instance=instance)
            except InvalidInput as exc:
                found += _service_problems(number, exc)
        else:
            found = self._save(number, data, instance)
        self.problems += found

    def _save(self, number: int, data: dict, instance) -> list[dict]:
        try:
            if instance is None:
                services.create_ai_system(self.membership, data)
                self.result.created += 1
            else:
                saved = services.update_ai_system(self.membership, instance, data, version=instance.version)
                if saved.version != instance.version:
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
        except InvalidInput as exc:
            return _service_problems(number, exc)
        except Forty2Error as exc:  # e.g. a status this member may not set, or a concurrent change
            return [problem(number, None, exc.message)]
        return []


def import_ai_systems(membership, rows: list[dict], *, update_existing: bool = False, dry_run: bool = False,
                      source: str = "", progress: Callable[[int, int], None] | None = None,
                      update_hint: str = UPDATE_HINT) -> ImportResult:
    """Save every row in one transaction, or nothing (ISO/IEC 42001 4.1, A.4.2).

    ``update_hint`` says, in the words of the caller's face (CLI flag, API field, web checkbox), how to let a
    row update a system that already exists.

    Each system is written through :mod:`.services` (so each has its own audit event), followed by one
    ``ai_system.import`` summary event. Raises :class:`ImportFailed` listing every problem found; a dry run
    does all the work and rolls it back, so its counts are exact.
    """
    require(membership, "import_records")
    if not rows:
        raise ImportFailed([problem(None, None, "There are no AI systems to import.")])
    result, total = ImportResult(dry_run=dry_run), len(rows)
    try:
        with transaction.atomic():
            importer = _Importer(membership, update_existing, result, update_hint)
            for done, row in enumerate(rows, start=1):
                importer.row(row.get(ROW_KEY, done + 1), row)
                if progress:
                    progress(done, total)
                if len(importer.problems) >= MAX_PROBLEMS:
                    importer.problems.append(problem(None, None, f"Stopped checking after {MAX_PROBLEMS} "
                                                                 "problems; fix these and import again."))
                    break
            if importer.problems or dry_run:
                raise _RollBack
            audit.record("ai_system.import", org=membership.organization, actor=membership.user,
                         object_type="aisystem",
                         object_repr=f"Import of {total} AI systems" + (f" from {source}" if source else ""),
                         changes={"source": source[:200], "rows": total, "created": result.created,
                                  "updated": result.updated, "unchanged": result.unchanged,
                                  "update_existing": update_existing})
    except _RollBack:
        if importer.problems:
            raise ImportFailed(importer.problems) from None
    return result


# --- export -----------------------------------------------------------------------------------------

def _model_ref(model) -> str:
    return f"{model.name}@{model.model_version}" if model.model_version else model.name


def export_row(system: AISystem) -> list[str]:
    """One system in :data:`COLUMNS` order, in the form :func:`read_rows` reads back."""
    values = {column: getattr(system, column) for column in PLAIN_COLUMNS}
    values["business_owner"] = system.business_owner.email if system.business_owner else ""
    values["technical_owner"] = system.technical_owner.email if system.technical_owner else ""
    values["ai_roles"] = "; ".join(system.ai_roles or [])
    values["vulnerable_groups"] = {True: "yes", False: "no", None: ""}[system.vulnerable_groups]
    values["models"] = "; ".join(_model_ref(m) for m in system.ai_models.all())
    values["datasets"] = "; ".join(d.name for d in system.datasets.all())
    values["suppliers"] = "; ".join(s.name for s in system.suppliers.all())
    values["ai_act_tier"] = system.ai_act_tier
    values["risk_profile_level"] = system.risk_profile_level
    values["approved_by"] = system.approved_by.email if system.approved_by else ""
    for stamp in ("approved_at", "created_at", "updated_at"):
        value = getattr(system, stamp)
        values[stamp] = value.isoformat(timespec="seconds") if value else ""
    return ["" if values[c] is None else str(values[c]) for c in EXPORT_COLUMNS]


def export_ai_systems(qs, fmt: str, *, bom: bool = True,
                      progress: Callable[[int, int], None] | None = None) -> bytes:
    """The systems of ``qs`` (already scoped to one organisation) as CSV or XLSX bytes."""
    fmt = format_of(fmt)
    systems = list(qs)
    rows = []
    for done, system in enumerate(systems, start=1):
        rows.append(export_row(system))
        if progress:
            progress(done, len(systems))
    if fmt == "xlsx":
        return write_xlsx(list(EXPORT_COLUMNS), rows, title="AI systems")
    return write_csv(list(EXPORT_COLUMNS), rows, bom=bom)


def template(fmt: str = "csv") -> bytes:
    """An empty register: the header and one example row to overwrite."""
    row = [EXAMPLE.get(column, "") for column in COLUMNS]
    if format_of(fmt) == "xlsx":
        return write_xlsx(list(COLUMNS), [row], title="AI systems")
    return write_csv(list(COLUMNS), [row])
