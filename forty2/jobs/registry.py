"""Job kinds: which function runs a kind of job. Apps register theirs in ``AppConfig.ready()``.

Example (``forty2/inventory/apps.py``)::

    from forty2.jobs.registry import register
    register("inventory.import_ai_systems", label="AI system import", run=run_import, action="import_records",
             outcome_template="inventory/_import_job_outcome.html")

The function is called on the worker as ``run(ctx)`` with a :class:`forty2.jobs.services.JobContext` (the job,
the member who started it, the input file, a progress callback) and returns the job's result, a JSON-able dict.
It reports bad input by raising :class:`forty2.core.errors.Forty2Error` (an ``ImportFailed`` with its problems
list, or any error with a message a person can act on); anything else is an internal error.
"""

from collections.abc import Callable
from dataclasses import dataclass

from forty2.core.registry import Registrations


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: str
    run: Callable
    #: the role action (forty2/tenancy/roles.py) a member needs to start the job and to see it
    action: str = "view"
    #: run the function and record its outcome in one transaction (all-or-nothing). A long read-only job
    #: (an export) sets False so that, on SQLite, it does not hold the single write lock while it works; so does
    #: an import, which writes in short batches and records its success itself (``JobContext.finish``) in the
    #: transaction that publishes its rows (forty2/records/staging.py).
    atomic: bool = True
    #: a template included on the job's page for its outcome (the result's words, links onward, the problem
    #: list); it gets ``job``. Empty: a generic rendering of the result and the problems.
    outcome_template: str = ""


_KINDS: dict[str, JobKind] = {}
#: who declared each kind (``forty2.records.jobs`` only passes an import's declaration on): a kind declared from
#: two places is reported by ``forty2 check`` with both registrants
KINDS_BY = Registrations("job kinds", skip=(__name__, "forty2.records.jobs"))


def register(kind: str, *, label: str, run: Callable, action: str = "view", atomic: bool = True,
             outcome_template: str = "") -> JobKind:
    """Declare a job kind (the same call again, from a re-run ``ready()``, is harmless)."""
    KINDS_BY.note(kind)
    _KINDS[kind] = JobKind(kind=kind, label=label, run=run, action=action, atomic=atomic,
                           outcome_template=outcome_template)
    return _KINDS[kind]


def get(kind: str) -> JobKind | None:
    return _KINDS.get(kind)


def kinds() -> list[JobKind]:
    return sorted(_KINDS.values(), key=lambda k: k.label)


def label_of(kind: str) -> str:
    found = _KINDS.get(kind)
    return found.label if found else kind


#: what the worker's periodic sweep also cleans up (e.g. the stages of interrupted imports), registered by the
#: apps above this one in ``AppConfig.ready()``: name → function returning how many things it removed
_SWEEPS: dict[str, Callable[[], int]] = {}
SWEEPS_BY = Registrations("worker sweeps", skip=(__name__,))


def register_sweep(name: str, sweep: Callable[[], int]) -> None:
    """Have every ``forty2 worker`` call ``sweep()`` at start and periodically (:func:`forty2.jobs.services.sweep`)."""
    SWEEPS_BY.note(name)
    _SWEEPS[name] = sweep


def sweeps() -> dict[str, Callable[[], int]]:
    return dict(_SWEEPS)
