"""Large register imports as background jobs (ISO/IEC 42001 4.1, A.4.2; 8.1 operational control), through the
records kit's import jobs (:mod:`forty2.records.jobs`): more than :data:`ASYNC_ROWS` rows are queued as a job of
kind :data:`KIND`, registered in :mod:`forty2.inventory.apps`."""

from forty2.records import jobs as import_jobs
from forty2.records.jobs import ASYNC_ROWS

from .importexport import SPEC, UPDATE_HINT, WEB_UPDATE_HINT

__all__ = ["ASYNC_ROWS", "KIND", "import_or_queue", "register", "start_import"]

KIND = "inventory.import_ai_systems"


def register() -> None:
    import_jobs.register_import(KIND, SPEC, label="AI system import", update_hint=WEB_UPDATE_HINT,
                                outcome_template="inventory/_import_job_outcome.html")


def import_or_queue(membership, fileobj, filename: str, *, update_existing: bool = False, dry_run: bool = False,
                    update_hint: str = UPDATE_HINT):
    """Import a small file now (an ImportResult) or queue a large one (a Job); ImportFailed for a bad file."""
    return import_jobs.import_or_queue(KIND, membership, fileobj, filename, update_existing=update_existing,
                                       dry_run=dry_run, update_hint=update_hint)


def start_import(membership, fileobj, filename: str, update_existing: bool = False):
    """Queue the import of ``fileobj`` into the register; returns the job."""
    return import_jobs.start_import(KIND, membership, fileobj, filename, update_existing)
