"""SoA export (CSV/XLSX) and the ISO/IEC 27001 head start: import a 27001 SoA, get suggested 42001 entries.

ISO/IEC 42001 6.1.3 f) and 4.2: an organisation that runs an ISO/IEC 27001 ISMS reuses its SoA. Each imported
row (control, applicable, justification, status) becomes the organisation's *imported* status of the 27001
requirement (catalog :func:`~forty2.catalog.services.set_status`, so the catalog's inference offers the
harmonized clauses 4-10 for confirmation), and through the catalog crosswalk each mapped 42001 control gets a
*suggestion*, marked inferred with its sources, until a person confirms or rejects it. All-or-nothing.
"""

from dataclasses import dataclass, field

from django.db import transaction

from forty2.catalog import inference
from forty2.catalog import services as catalog_services
from forty2.catalog.models import Framework, Requirement, StatusSource
from forty2.catalog.queries import mapping_rows
from forty2.core import audit
from forty2.core.spreadsheets import (
    CONTENT_TYPES,
    ImportFailed,
    format_of,
    problem,
    read_bytes,
    read_table,
    write_csv,
    write_xlsx,
)
from forty2.tenancy.access import require

from . import register_rules
from .models import ImplementationStatus, SoAEntry
from .services import ISO42001, ensure_soa

ISO27001 = "iso-iec-27001-2022"
EXPORT_COLUMNS = ["control", "title", "applicable", "justification", "status", "owner", "implementation",
                  "last_reviewed", "justification_links", "evidence", "inferred_suggestion"]
YES = {"yes", "y", "true", "1", "applicable", "included", "include", "x"}
NO = {"no", "n", "false", "0", "not applicable", "n/a", "na", "excluded", "exclude"}
STATUS_WORDS = {
    "implemented": "implemented", "done": "implemented", "yes": "implemented", "in place": "implemented",
    "partial": "partial", "partially implemented": "partial", "partially": "partial", "in progress": "partial",
    "planned": "planned", "not started": "not_started", "not implemented": "not_started", "no": "not_started",
    "not_started": "not_started", "": "",
}
#: a 27001 implementation status as the catalog's conformity (what the crosswalk carries over)
AS_CONFORMITY = {"implemented": "conforming", "partial": "partial", "planned": "not_conforming",
                 "not_started": "not_conforming"}
AS_IMPLEMENTATION = {"conforming": ImplementationStatus.IMPLEMENTED, "partial": ImplementationStatus.PARTIAL}
HEADER_ALIASES = {"control": "control", "ref": "control", "control id": "control", "id": "control",
                  "number": "control", "applicable": "applicable", "applicability": "applicable",
                  "justification": "justification", "reason": "justification", "status": "status",
                  "implementation status": "status", "implementation": "status"}


def _yes_no(value) -> str:
    return {True: "yes", False: "no"}.get(value, "undecided")


def export_soa(membership, fmt: str) -> tuple[bytes, str, str]:
    """(bytes, content type, file name) of the SoA as CSV or XLSX; the role must allow exports."""
    from forty2.tenancy.access import require

    from . import queries

    require(membership, "export_records")
    fmt = format_of(fmt)
    org = membership.organization
    rows = []
    for e in queries.attach(org, list(queries.entries(org))):
        rows.append([e.ref, e.title, _yes_no(e.applicable), e.justification, e.get_status_display(),
                     e.owner.email if e.owner_id else "", e.implementation,
                     e.last_reviewed.isoformat() if e.last_reviewed else "",
                     "; ".join(link["name"] for link in e.links), str(e.evidence_count),
                     ("; ".join(e.suggestion.get("sources", [])) if e.suggestion_state == "pending" else "")])
    data = write_xlsx(EXPORT_COLUMNS, rows, title="Statement of Applicability") if fmt == "xlsx" else \
        write_csv(EXPORT_COLUMNS, rows)
    return data, CONTENT_TYPES[fmt], f"{org.slug}-statement-of-applicability.{fmt}"


@dataclass
class ImportedRow:
    number: int
    requirement: Requirement
    applicable: bool
    justification: str
    status: str


@dataclass
class HeadStartResult:
    rows: int = 0
    statuses: int = 0
    suggestions: list[str] = field(default_factory=list)
    clause_inferences: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would suggest" if self.dry_run else "suggested"
        text = (f"{self.rows} ISO/IEC 27001 row(s) read; {verb} {len(self.suggestions)} ISO/IEC 42001 SoA "
                f"entr{'y' if len(self.suggestions) == 1 else 'ies'}")
        if not self.dry_run:
            text += f"; {self.clause_inferences} clause status(es) inferred, waiting for confirmation"
        return text + (" (dry run: nothing saved)." if self.dry_run else ". Review them in the SoA.")

    def as_dict(self) -> dict:
        return {"rows": self.rows, "statuses_imported": self.statuses, "suggested_entries": self.suggestions,
                "clause_inferences": self.clause_inferences, "dry_run": self.dry_run}


def _parse(fileobj, filename: str) -> list[ImportedRow]:
    table = read_table(read_bytes(fileobj), format_of(filename))
    keys = [HEADER_ALIASES.get(h.strip().lower()) for h in table.header]
    missing = [c for c in ("control", "applicable") if c not in keys]
    if missing:
        raise ImportFailed([problem(1, None, f"The header row needs the column(s) {', '.join(missing)} (also "
                                             "understood: justification, status).")])
    known = {r.ref: r for r in Requirement.objects.filter(framework__slug=ISO27001, assessable=True)}
    rows, problems = [], []
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        row = {k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(keys) if k}
        ref = row.get("control", "")
        req = known.get(ref) or known.get(f"A.{ref}") or known.get(ref.upper())
        if req is None:
            problems.append(problem(number, "control", f"Row {number}: '{ref}' is not an ISO/IEC 27001:2022 clause "
                                                       "or Annex A control (e.g. 'A.5.1' or '4.1')."))
            continue
        word = row.get("applicable", "").lower()
        if word not in YES | NO:
            problems.append(problem(number, "applicable", f"Row {number}: applicable must be yes or no (got "
                                                          f"'{row.get('applicable', '')}')."))
            continue
        status = STATUS_WORDS.get(row.get("status", "").lower().replace("_", " "), None)
        if status is None:
            status = STATUS_WORDS.get(row.get("status", "").lower())
        if status is None:
            problems.append(problem(number, "status", f"Row {number}: status '{row.get('status')}' is not one of: "
                                                      "implemented, partial, planned, not started."))
            continue
        rows.append(ImportedRow(number, req, word in YES, row.get("justification", "")[:2000], status))
    if problems:
        raise ImportFailed(problems[:50])
    if not rows:
        raise ImportFailed([problem(None, None, "The file has a header row but no controls below it.")])
    return rows


def _suggestions(rows: list[ImportedRow]) -> dict[str, dict]:
    """{42001 ref: suggestion} through the crosswalk, read from ISO/IEC 27001 to ISO/IEC 42001."""
    by_ref = {r.requirement.pk: r for r in rows}
    out: dict[str, dict] = {}
    source = Framework.objects.get(slug=ISO27001)
    target = Framework.objects.get(slug=ISO42001)
    for m in mapping_rows(source, target):
        imported = by_ref.get(m.source.pk)
        if imported is None or m.target.kind != "control":
            continue
        s = out.setdefault(m.target.ref, {"applicable": False, "status": None, "justification": "", "sources": []})
        s["sources"].append(f"ISO/IEC 27001:2022 {m.source.ref} ({m.relationship})")
        if imported.applicable:
            s["applicable"] = True
            implied = inference.implied_status(m.relationship, AS_CONFORMITY.get(imported.status, ""))
            status = AS_IMPLEMENTATION.get(implied) if implied else None
            if implied == "not_conforming":
                status = imported.status or ImplementationStatus.NOT_STARTED
            rank = ["not_started", "planned", "partial", "implemented"]
            if status and (s["status"] is None or rank.index(status) > rank.index(s["status"])):
                s["status"] = status
        if imported.justification:
            text = f"{m.source.ref}: {imported.justification}"
            s["justification"] = f"{s['justification']}; {text}" if s["justification"] else text
    for s in out.values():
        if not s["applicable"]:
            s["justification"] = s["justification"] or "Excluded in the ISO/IEC 27001 SoA for the mapped control(s)."
        s["justification"] = s["justification"][:4000]
    return out


def import_iso27001_soa(membership, fileobj, filename: str, *, dry_run: bool = False) -> HeadStartResult:
    """Read a 27001 SoA (control, applicable, justification, status) and suggest 42001 entries; all-or-nothing."""
    require(membership, "import_records")
    org = membership.organization
    rows = _parse(fileobj, filename)
    suggestions = _suggestions(rows)
    result = HeadStartResult(rows=len(rows), suggestions=sorted(suggestions), dry_run=dry_run)
    if dry_run:
        return result
    ensure_soa(org, membership.user)
    with transaction.atomic():
        for r in rows:
            if r.applicable and r.status:
                note = f"Imported from the ISO/IEC 27001 SoA ({filename})" + (
                    f": {r.justification}" if r.justification else "")
                catalog_services.set_status(membership, r.requirement, status=AS_CONFORMITY[r.status],
                                            note=note[:5000], source=StatusSource.IMPORTED)
                result.statuses += 1
        entries = {e.ref: e for e in SoAEntry.objects.for_org(org).select_for_update()}
        facts = register_rules.register_facts(org)
        for ref, s in suggestions.items():
            if s.get("applicable") is False and (why := register_rules.contradiction(ref, facts)):
                s["contradiction"] = why  # offered with the contradiction shown (6.1.3 f)
            if ref in entries:
                SoAEntry.objects.filter(pk=entries[ref].pk).update(suggestion=s, suggestion_state="pending")
        audit.record("soa.import_iso27001", org=org, actor=membership.user, object_type="statementofapplicability",
                     object_repr="Statement of Applicability",
                     changes={"file": filename, "rows": len(rows), "suggested": result.suggestions})
    target = Framework.objects.get(slug=ISO42001)
    result.clause_inferences = sum(1 for i in inference.compute(org, framework=target)
                                   if i.state == "pending" and i.implied_status and i.target.kind == "clause")
    return result
