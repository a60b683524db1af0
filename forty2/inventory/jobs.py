"""Large register imports as background jobs (ISO/IEC 42001 4.1, A.4.2; 8.1 operational control).

:func:`import_or_queue` checks what is cheap to check (size, extension, readable file, header) and answers at
once; files of more than :data:`ASYNC_ROWS` rows are queued as a job of kind :data:`KIND` (registered in
:mod:`forty2.inventory.apps`), whose rows :func:`run_import` checks and saves on the worker with the same
all-or-nothing rule and the same audit events as a synchronous import.
"""

import io

from django.conf import settings

from forty2.core.spreadsheets import CONTENT_TYPES, format_of, read_bytes
from forty2.jobs import services as jobs
from forty2.jobs.models import Job
from forty2.tenancy.access import require

from .importexport import UPDATE_HINT, WEB_UPDATE_HINT, ImportResult, import_ai_systems, read_rows

#: files with more data rows than this are imported by a job instead of inside the web request
ASYNC_ROWS = 200
KIND = "inventory.import_ai_systems"


def import_or_queue(membership, fileobj, filename: str, *, update_existing: bool = False, dry_run: bool = False,
                    update_hint: str = UPDATE_HINT) -> ImportResult | Job:
    """Import a small file now (an ImportResult), or queue a large one (a Job): the one rule the web page
    and the API share. A dry run always runs now, so its answer is immediate. Raises ImportFailed as both do."""
    require(membership, "import_records")
    data = read_bytes(fileobj)
    rows = read_rows(io.BytesIO(data), filename)  # an unreadable file or a bad header is answered at once
    if not dry_run and len(rows) > ASYNC_ROWS:  # too long for a request: the worker imports it
        return start_import(membership, io.BytesIO(data), filename, update_existing, rows=len(rows))
    return import_ai_systems(membership, rows, update_existing=update_existing, dry_run=dry_run, source=filename,
                             update_hint=update_hint)


def start_import(membership, fileobj, filename: str, update_existing: bool = False, *,
                 rows: int | None = None) -> Job:
    """Queue the import of ``fileobj`` into the register; returns the job (its page reports the outcome).

    Raises ImportFailed (nothing queued) when the file is too large, not .csv/.xlsx, unreadable, or has a bad header.
    """
    require(membership, "import_records")
    fmt = format_of(filename)
    data = read_bytes(fileobj)
    if rows is None:
        rows = len(read_rows(io.BytesIO(data), fmt))
    return jobs.queue(membership, KIND, label=f"Import of {filename}"[:255],
                      params={"filename": filename[:255], "format": fmt, "update_existing": update_existing},
                      fileobj=io.BytesIO(data), filename=filename, content_type=CONTENT_TYPES[fmt].split(";")[0],
                      max_bytes=settings.FORTY2_MAX_IMPORT_BYTES, total=rows)


def run_import(ctx) -> dict:
    """The job's work on the worker: check and save every row, all-or-nothing, as the member who uploaded it."""
    params = ctx.params
    with ctx.open_input() as handle:
        rows = read_rows(handle, params["format"])
    result = import_ai_systems(ctx.membership, rows, update_existing=params.get("update_existing", False),
                               source=params.get("filename", ""), update_hint=WEB_UPDATE_HINT,
                               progress=ctx.progress)
    return {"rows": len(rows), "imported": result.imported, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged}
