"""State machines declared once, every transition audited (ISO/IEC 42001 7.5.2 review and approval, 10.2
nonconformity and corrective action, 9.2 audit programme).

A :class:`Workflow` names a record's state field, its states and the :class:`Transition` objects between them.
:func:`run` is the only way a state changes: role check, row lock, version check, source-state check, the
transition's own guard, the change and its audit event (``<record type>.<transition>``), in one transaction. Pages
and the API ask :meth:`Workflow.available` which buttons to show, so a face never offers what the service would
refuse.

Example (documents, :mod:`forty2.documents.workflows`)::

    VERSION_FLOW = Workflow("state", VersionState, [
        Transition("submit", ("draft",), "in_review", label="Send for review"),
        Transition("approve", ("in_review",), "approved", permission="approve", label="Approve"),
    ])
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, StaleVersion, field_error
from forty2.tenancy.access import require
from forty2.tenancy.roles import can

from .validation import clean_note
from .writes import Write, lock, record_changed


@dataclass(frozen=True)
class Transition:
    """One allowed move: from any of ``sources`` to ``target``, by whoever may ``permission`` (a role action of
    :mod:`forty2.tenancy.roles`). ``label`` is the button; ``done`` the past tense history and messages use
    ("sent for review")."""

    name: str
    sources: tuple[str, ...]
    target: str
    permission: str = "edit_record"
    label: str = ""
    done: str = ""
    note_required: bool = False

    @property
    def past(self) -> str:
        return self.done or f"{self.name}d"


class Workflow:
    """The states of a record and the transitions between them."""

    def __init__(self, field: str, states, transitions: list[Transition]):
        self.field = field
        self.states = states  # a TextChoices class
        self.transitions = {t.name: t for t in transitions}
        known = set(states.values)
        for t in transitions:
            unknown = ({*t.sources, t.target} - known)
            if unknown:
                raise ValueError(f"transition {t.name}: unknown state(s) {sorted(unknown)}")

    def state_of(self, obj) -> str:
        return getattr(obj, self.field)

    def label(self, state: str) -> str:
        return dict(self.states.choices).get(state, state)

    def get(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise Conflict(f"There is no step '{name}'; use one of: {', '.join(self.transitions)}.") from None

    def available(self, membership, obj) -> list[Transition]:
        """The transitions ``membership`` may run on ``obj`` now (the buttons a page shows)."""
        state = self.state_of(obj)
        return [t for t in self.transitions.values() if state in t.sources and can(membership, t.permission, obj)]


def run(rt, workflow: Workflow, membership, obj, name: str, *, version: int, note: str = "",
        guard: Callable | None = None, apply: Callable | None = None):
    """Move ``obj`` through transition ``name``.

    ``guard(current)`` may refuse (raise a domain error) after the generic checks; ``apply(current)`` makes the
    transition's other changes (who reviewed, when) and returns them as ``{field: value}`` for the audit event.
    Raises StaleVersion (409) when ``version`` is not the saved one, Conflict (409) when the record is not in a
    state the transition starts from."""
    step = workflow.get(name)
    org = membership.organization
    note = clean_note(note, 2000)
    if step.note_required and not note:
        raise InvalidInput([field_error("note", f"Say why (a note is required to {step.label.lower() or name}).",
                                        "missing")])
    with transaction.atomic():
        current = lock(rt, org, obj.pk)
        require(membership, step.permission, current)
        if version != current.version:
            raise StaleVersion(current.version, version)
        before = workflow.state_of(current)
        if before not in step.sources:
            raise Conflict(f"This {rt.label} is {workflow.label(before).lower()}; it cannot be {step.past} now.")
        if guard is not None:
            guard(current)
        setattr(current, workflow.field, step.target)
        extra = (apply(current) if apply is not None else None) or {}
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        changes = {workflow.field: [before, step.target], **{k: _plain(v) for k, v in extra.items()}}
        if note:
            changes["note"] = note
        action = f"{rt.name}.{step.name}"
        audit.record(action, org=org, actor=membership.user, obj=current, changes=changes)
        write = Write(rt, membership, current, {}, action=action, changes=changes)
        record_changed.send(sender=rt.model, record_type=rt, write=write)
    return current


def _plain(value):
    """Audit values: people by e-mail, dates as ISO text."""
    if hasattr(value, "email"):
        return value.email
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
