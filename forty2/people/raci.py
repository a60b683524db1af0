"""The RACI matrix over the AIMS processes (ISO/IEC 42001 A.3.2): who is Responsible, Accountable, Consulted and
Informed for each process, by AIMS role.

The processes are declared here once, numbered, each with the clauses and controls it serves (our own short
titles). The matrix is versioned as a whole (:class:`~forty2.people.models.RaciMatrix`): a save names the version
it was made on, and a stale version is refused (409), as every PATCH is; every saved change is one
``raci.update`` audit event listing the cells that changed.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import InvalidInput, StaleVersion, field_error
from forty2.tenancy.access import require

from .models import AimsRole, RaciEntry, RaciLetter, RaciMatrix


@dataclass(frozen=True)
class Process:
    key: str
    number: int
    title: str
    refs: str  # the clauses and Annex A controls it serves

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


PROCESSES: tuple[Process, ...] = tuple(Process(key, n, title, refs) for n, (key, title, refs) in enumerate((
    ("context", "Context and scope", "4.1-4.4"),
    ("policy", "AI policy", "5.2, A.2"),
    ("roles", "Roles, responsibilities and authorities", "5.3, A.3.2"),
    ("risk_assessment", "AI risk assessment", "6.1.2, 8.2"),
    ("risk_treatment", "AI risk treatment", "6.1.3, 8.3"),
    ("impact_assessment", "AI system impact assessment", "6.1.4, 8.4, A.5"),
    ("soa", "Statement of Applicability", "6.1.3 f"),
    ("objectives", "AI objectives and monitoring", "6.2, 9.1"),
    ("competence", "Competence and training", "7.2, A.4.6"),
    ("awareness", "Awareness and communication", "7.3, 7.4, A.8"),
    ("documented_information", "Documented information", "7.5"),
    ("operation", "Operational planning and AI system life cycle", "8.1, A.6"),
    ("data", "Data for AI systems", "A.7"),
    ("suppliers", "Suppliers and third parties", "A.10"),
    ("concerns", "Concerns and AI incidents", "A.3.3, A.8.4"),
    ("internal_audit", "Internal audit", "9.2"),
    ("management_review", "Management review", "9.3"),
    ("improvement", "Nonconformity and corrective action", "10.1, 10.2"),
), start=1))
BY_KEY = {p.key: p for p in PROCESSES}
LETTERS = tuple(RaciLetter.values)


def matrix(org) -> RaciMatrix:
    """The organisation's one matrix record (its version), made on first use; an empty matrix records no event."""
    found = RaciMatrix.objects.for_org(org).first()
    if found is None:
        try:
            with transaction.atomic():
                found = RaciMatrix.objects.create(organization=org)
        except IntegrityError:
            found = RaciMatrix.objects.for_org(org).get()
    return found


def live_roles(org):
    return AimsRole.objects.for_org(org).filter(archived_at__isnull=True).order_by("name")


def cells(org) -> dict[tuple[str, int], str]:
    """{(process key, role id): letter} of the organisation's matrix."""
    return {(p, r): letter for p, r, letter in RaciEntry.objects.for_org(org).values_list("process", "role_id",
                                                                                           "letter")}


@dataclass
class Row:
    process: Process
    letters: list  # [(role, letter or "")] in the order of the roles
    accountable: int  # how many roles are Accountable

    @property
    def complete(self) -> bool:
        return self.accountable == 1

    @property
    def problem(self) -> str:
        if self.accountable == 0:
            return "No role is Accountable"
        if self.accountable > 1:
            return f"{self.accountable} roles are Accountable; name exactly one"
        return ""


def rows(org, roles=None) -> list[Row]:
    """The matrix as rows of the grid (processes x live roles), each with whether it has exactly one A."""
    roles = list(roles if roles is not None else live_roles(org))
    found = cells(org)
    out = []
    for p in PROCESSES:
        letters = [(role, found.get((p.key, role.pk), "")) for role in roles]
        accountable = sum(1 for (p_key, _r), letter in found.items() if p_key == p.key and letter == "A"
                          and _r in {role.pk for role in roles})
        out.append(Row(p, letters, accountable))
    return out


def problems(org) -> list[str]:
    """What keeps the matrix from being complete (A.3.2): processes without exactly one Accountable role, and
    cells naming an archived role."""
    found = []
    for row in rows(org):
        if not row.complete:
            found.append(f"{row.process.label}: {row.problem.lower()}")
    archived = (RaciEntry.objects.for_org(org).filter(role__archived_at__isnull=False)
                .values_list("role__name", flat=True).distinct())
    found += [f"The archived role ‘{name}’ is still in the matrix" for name in archived]
    return found


def _clean(org, data) -> dict[tuple[str, int], str]:
    """``data``: a list of {process, role, letter} cells (letter "" or null clears the cell). Every problem is
    reported at once, by its place in the list."""
    if not isinstance(data, list):
        raise InvalidInput([field_error("cells", "Give a list of cells.", "list_type")])
    roles = {r.pk: r for r in AimsRole.objects.for_org(org)}
    errors, wanted = [], {}
    for i, cell in enumerate(data):
        if not isinstance(cell, dict):
            errors.append({"loc": ["body", "cells", i], "msg": "Each cell is {process, role, letter}.",
                           "type": "dict_type"})
            continue
        process, role, letter = cell.get("process"), cell.get("role"), cell.get("letter") or ""
        if process not in BY_KEY:
            errors.append({"loc": ["body", "cells", i, "process"], "msg": f"No AIMS process '{process}'.",
                           "type": "enum"})
        if isinstance(role, bool) or not isinstance(role, int) or role not in roles:
            errors.append({"loc": ["body", "cells", i, "role"], "msg": "No such AIMS role in this organisation.",
                           "type": "not_found"})
        elif letter and roles[role].archived_at is not None:
            errors.append({"loc": ["body", "cells", i, "role"],
                           "msg": f"The role ‘{roles[role].name}’ is archived.", "type": "archived"})
        if letter not in LETTERS and letter != "":
            errors.append({"loc": ["body", "cells", i, "letter"], "msg": "Use R, A, C, I or leave it blank.",
                           "type": "enum"})
        if process in BY_KEY and isinstance(role, int) and role in roles:
            if (process, role) in wanted:
                errors.append({"loc": ["body", "cells", i], "msg": "This cell is given twice.", "type": "duplicate"})
            wanted[(process, role)] = letter
    if errors:
        raise InvalidInput(errors)
    return wanted


def save(membership, data: list, *, version: int, replace: bool = False) -> RaciMatrix:
    """Set the cells in ``data`` (others stay as they are; with ``replace``, every cell not in ``data`` is cleared:
    the API's PUT) in one transaction; ``version`` is the matrix version
    the caller read (a stale one is refused with 409, naming the current version). One ``raci.update`` event lists
    each changed cell as ``{"<process>/<role name>": [before, after]}``; saving what is already saved changes
    nothing and records nothing."""
    require(membership, "edit_record")
    org = membership.organization
    wanted = _clean(org, data)
    with transaction.atomic():
        m = RaciMatrix.objects.select_for_update().get(pk=matrix(org).pk)
        if version != m.version:
            raise StaleVersion(m.version, version)
        existing = {(e.process, e.role_id): e for e in RaciEntry.objects.for_org(org).select_for_update()}
        names = dict(AimsRole.objects.for_org(org).values_list("pk", "name"))
        if replace:
            wanted = {**{key: "" for key in existing}, **wanted}
        changes, create, update, delete = {}, [], [], []
        for (process, role), letter in wanted.items():
            entry = existing.get((process, role))
            before = entry.letter if entry else ""
            if before == letter:
                continue
            changes[f"{process}/{names[role]}"] = [before or None, letter or None]
            if entry is None:
                create.append(RaciEntry(organization=org, process=process, role_id=role, letter=letter))
            elif letter:
                entry.letter, entry.version, entry.updated_at = letter, entry.version + 1, timezone.now()
                update.append(entry)
            else:
                delete.append(entry.pk)
        if changes:
            RaciEntry.objects.bulk_create(create)
            RaciEntry.objects.bulk_update(update, ["letter", "version", "updated_at"])
            RaciEntry.objects.filter(pk__in=delete).delete()
            m.version += 1
            m.updated_at = timezone.now()
            m.save(update_fields=["version", "updated_at"])
            audit.record("raci.update", org=org, actor=membership.user, obj=m, object_repr="RACI matrix",
                         changes=changes)
    return m


def as_dict(org) -> dict:
    """The matrix for the API: the version, the processes (each with its cells and whether it is complete) and the
    live roles."""
    m = matrix(org)
    roles = list(live_roles(org))
    return {
        "version": m.version,
        "roles": [{"id": r.pk, "name": r.name, "kind": r.kind} for r in roles],
        "processes": [{"key": row.process.key, "number": row.process.number, "title": row.process.title,
                       "refs": row.process.refs, "complete": row.complete, "problem": row.problem,
                       "cells": [{"role": role.pk, "letter": letter} for role, letter in row.letters if letter]}
                      for row in rows(org, roles)],
    }


def export_table(org) -> tuple[list[str], list[list[str]]]:
    """Header and rows for the CSV/XLSX export: one row per process, one column per live role."""
    roles = list(live_roles(org))
    header = ["No.", "Process", "Clauses and controls", *[r.name for r in roles], "Complete"]
    body = [[str(row.process.number), row.process.title, row.process.refs, *[letter for _r, letter in row.letters],
             "yes" if row.complete else row.problem] for row in rows(org, roles)]
    return header, body
