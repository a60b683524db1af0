"""Any record type's CSV/XLSX import as a background job (ISO/IEC 42001 7.5; 8.1 operational control).

:func:`register_import` declares a job kind for an :class:`~forty2.records.io.ImportSpec`; :func:`import_or_queue`
is the one rule the web page and the API share: a small file is imported in the request, a large one is queued
(checked first for what is cheap: size, format, header) and imported by the worker with the same all-or-nothing
rule and the same audit events.
"""

import io

from django.conf import settings

from forty2.core.spreadsheets import CONTENT_TYPES, format_of, read_bytes
from forty2.jobs import registry
from forty2.jobs import services as jobs
from forty2.tenancy.access import require

from . import io as kit

#: files with more data rows than this are imported by a job instead of inside the web request
ASYNC_ROWS = 200
#: job kind → (spec, the way out of "already there" in the words of the page where the job started)
IMPORT_SPECS: dict[str, tuple] = {}


def register_import(kind: str, spec: kit.ImportSpec, *, label: str, update_hint: str,
                    outcome_template: str = "") -> None:
    """Declare the job kind that imports ``spec``'s record type; call from the app's ``ready()``."""
    IMPORT_SPECS[kind] = (spec, update_hint)
    # not atomic: the import writes in short batches and publishes itself, recording the job's success in the
    # publishing transaction (forty2/records/staging.py)
    registry.register(kind, label=label, run=run_import, action="import_records", atomic=False,
                      outcome_template=outcome_template)


def import_or_queue(kind: str, membership, fileobj, filename: str, *, update_existing: bool = False,
                    dry_run: bool = False, update_hint: str = ""):
    """Import a small file now (an ImportResult) or queue a large one (a Job). A dry run always runs now, so its
    answer is immediate. Raises ImportFailed (nothing saved, nothing queued) for a bad file."""
    spec, job_hint = IMPORT_SPECS[kind]
    require(membership, "import_records")
    data = read_bytes(fileobj)
    rows = kit.read_rows(spec.rt, io.BytesIO(data), filename)  # a bad file or header is answered at once
    if not dry_run and len(rows) > ASYNC_ROWS:
        return start_import(kind, membership, io.BytesIO(data), filename, update_existing, rows=len(rows))
    return kit.import_rows(spec, membership, rows, update_existing=update_existing, dry_run=dry_run,
                           source=filename, update_hint=update_hint or job_hint)


def start_import(kind: str, membership, fileobj, filename: str, update_existing: bool = False, *,
                 rows: int | None = None):
    """Queue the import of ``fileobj``; returns the job (its page reports the outcome)."""
    spec, _hint = IMPORT_SPECS[kind]
    require(membership, "import_records")
    fmt = format_of(filename)
    data = read_bytes(fileobj)
    if rows is None:
        rows = len(kit.read_rows(spec.rt, io.BytesIO(data), fmt))
    return jobs.queue(membership, kind, label=f"Import of {filename}"[:255],
                      params={"filename": filename[:255], "format": fmt, "update_existing": update_existing},
                      fileobj=io.BytesIO(data), filename=filename, content_type=CONTENT_TYPES[fmt].split(";")[0],
                      max_bytes=settings.FORTY2_MAX_IMPORT_BYTES, total=rows)


def run_import(ctx) -> dict:
    """The job's work on the worker: every row checked and saved, all-or-nothing, as the member who uploaded."""
    spec, hint = IMPORT_SPECS[ctx.job.kind]
    params = ctx.params
    with ctx.open_input() as handle:
        rows = kit.read_rows(spec.rt, handle, params["format"])

    def outcome(result) -> dict:
        return {"rows": len(rows), "imported": result.imported, "created": result.created,
                "updated": result.updated, "unchanged": result.unchanged}

    result = kit.import_rows(spec, ctx.membership, rows, update_existing=params.get("update_existing", False),
                             source=params.get("filename", ""), update_hint=hint, progress=ctx.progress,
                             on_publish=lambda result: ctx.finish(outcome(result)))
    return outcome(result)
