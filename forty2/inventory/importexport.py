"""Import and export of the AI system register as CSV or XLSX (ISO/IEC 42001 4.1, A.4, A.6, A.10).

An organisation usually starts its AIMS with a spreadsheet of the AI systems it has; this turns that sheet into
register entries, all-or-nothing, and writes the register back out in the same columns. The columns and rules
come from the register's definition (:mod:`forty2.inventory.definitions`) through the records kit
(:mod:`forty2.records.io`, where the file format is described). Register specifics: models are written ``name``
or ``name@version``; a row whose name is already in the register updates it only with ``update_existing``.
"""

from collections.abc import Callable

from forty2.core.spreadsheets import CONTENT_TYPES, ImportFailed
from forty2.records import io as kit
from forty2.records.io import ImportResult

from . import queries, services
from .definitions import AI_SYSTEM
from .models import AISystem

__all__ = ["COLUMNS", "COLUMN_HELP", "CONTENT_TYPES", "EXPORT_COLUMNS", "ImportFailed", "ImportResult",
           "count_rows", "export_ai_systems", "export_register", "import_ai_systems", "read_rows", "template"]

COLUMNS = tuple(kit.import_columns(AI_SYSTEM))
EXPORT_COLUMNS = tuple(kit.export_columns(AI_SYSTEM))
COLUMN_HELP = kit.column_help(AI_SYSTEM)

#: how to let a row update an existing system, in the CLI's words (the web page passes its own)
UPDATE_HINT = "import with 'update existing' (--update-existing)"
WEB_UPDATE_HINT = "tick ‘Update existing systems with the same name’ and upload the file again"


def _resolve_model(index: dict, token: str):
    """A model by ``name`` (when one version, or one unversioned) or ``name@version``."""
    found = index.get(token.lower(), [])
    if len(found) > 1:
        unversioned = [m for m in found if not m.model_version]
        if len(unversioned) == 1:
            return unversioned[0], None
        versions = ", ".join(f"{m.name}@{m.model_version}" for m in found)
        return None, f"'{token}' matches several model versions ({versions}); write name@version."
    if len(found) == 1:
        return found[0], None
    if "@" in token:
        name, version = (part.strip().lower() for part in token.rsplit("@", 1))
        for model in index.get(name, []):
            if model.model_version.strip().lower() == version:
                return model, None
    return None, f"No model named '{token}' in this organisation; add it under Models first."


def _live(org) -> dict:
    return {s.name.strip().lower(): s for s in AISystem.objects.for_org(org).filter(archived_at__isnull=True)}


SPEC = kit.ImportSpec(rt=AI_SYSTEM, create=services.create_ai_system, update=services.update_ai_system,
                      existing=_live, resolvers={"model_ids": _resolve_model})


def read_rows(fileobj, filename_or_format: str) -> list[dict]:
    """The data rows of an uploaded CSV/XLSX file (ImportFailed for an unreadable file or a bad header)."""
    return kit.read_rows(AI_SYSTEM, fileobj, filename_or_format)


def count_rows(data: bytes, filename: str) -> int:
    """Non-blank data rows (ImportFailed for an unreadable file or a bad header)."""
    return kit.count_rows(AI_SYSTEM, data, filename)


def import_ai_systems(membership, rows: list[dict], *, update_existing: bool = False, dry_run: bool = False,
                      source: str = "", progress: Callable[[int, int], None] | None = None,
                      update_hint: str = UPDATE_HINT) -> ImportResult:
    """Save every row in one transaction, or nothing (ISO/IEC 42001 4.1, A.4.2); see :func:`kit.import_rows`."""
    return kit.import_rows(SPEC, membership, rows, update_existing=update_existing, dry_run=dry_run, source=source,
                           progress=progress, update_hint=update_hint)


def _model_ref(model) -> str:
    return f"{model.name}@{model.model_version}" if model.model_version else model.name


LINK_TEXT = {"model_ids": _model_ref}


def export_ai_systems(qs, fmt: str, *, bom: bool = True,
                      progress: Callable[[int, int], None] | None = None) -> bytes:
    """The systems of ``qs`` (already scoped to one organisation) as CSV or XLSX bytes."""
    return kit.export_bytes(AI_SYSTEM, qs, fmt, bom=bom, link_text=LINK_TEXT, progress=progress)


def export_register(membership, filters: dict, fmt: str, **options) -> bytes:
    """The member's register, filtered like its list (one filter vocabulary), as CSV or XLSX; the role must
    allow exports (the rule lives in :func:`forty2.records.io.export`, not in the faces)."""
    qs = queries.ai_systems(membership.organization, **filters)
    return kit.export(membership, AI_SYSTEM, qs, fmt, link_text=LINK_TEXT, **options)


def template(fmt: str = "csv") -> bytes:
    """An empty register: the header and one example row to overwrite."""
    return kit.template(AI_SYSTEM, fmt)
